"""Reports already sent: edit or delete one's own; leaders browse theirs and mark examples."""

from __future__ import annotations

from typing import Any

from bot.flow.context import Context, Option
from bot.flow.refusals import refusals
from bot.flow.router import Router
from domain.commands import LEADERS, MEMBERS
from handlers.activity.form import FLOW, ReportDraft, field_menu
from handlers.activity.texts import describe_row, kind_label, short_title

router = Router(name=__name__)

PAGE = 8


def _id(payload: dict[str, Any]) -> int:
    value = payload.get("id")
    return value if isinstance(value, int) else 0


@router.choice("report.mine", roles=MEMBERS)
async def my_reports(ctx: Context, _payload: dict[str, Any]) -> None:
    """List the reports this person may still change."""
    assert ctx.person is not None
    rows = await ctx.services.activities.changeable(ctx.person, PAGE)
    if not rows:
        ctx.finish()
        ctx.say(ctx._("Đồng chí chưa có báo cáo nào còn sửa, xóa được trong các đợt đang mở."))
        return
    ctx.begin(FLOW, "list")
    lines = [ctx._("Các báo cáo đồng chí còn sửa, xóa được:")]
    lines += [f"• #{r.id} {ctx.t.date(r.day)} — {short_title(r.title, 80)}" for r in rows]
    ctx.say(
        "\n".join(lines),
        [Option(f"#{r.id} {short_title(r.title)}", "report.open", {"id": r.id}) for r in rows],
    )


@router.choice("report.open", roles=MEMBERS)
async def open_report(ctx: Context, payload: dict[str, Any]) -> None:
    """Show one report with Edit and Delete."""
    with refusals(ctx):
        row = await ctx.services.activities.editable(ctx.person, _id(payload))
        ctx.begin(FLOW, "detail")
        ctx.say(
            "\n".join(describe_row(ctx, row)),
            [
                Option(ctx._("Sửa"), "report.change", {"id": row.id}),
                Option(ctx._("Xóa"), "report.delete", {"id": row.id}),
                Option(ctx._("Đóng"), "report.close"),
            ],
        )


async def open_edit(ctx: Context, report_id: int) -> None:
    """Load a report the person may change into the form, and offer its fields."""
    with refusals(ctx):
        row = await ctx.services.activities.editable(ctx.person, report_id)
        draft = ReportDraft(
            report_id=row.id, kind=row.kind, title=row.title, day=row.day,
            people=row.participants, desc=row.description, anniv=row.anniversary_key or "",
            photos=row.photos, reviewed=True,
        )  # fmt: skip
        ctx.begin(FLOW, "fields", draft)
        field_menu(ctx)


@router.choice("report.change", roles=MEMBERS)
async def change(ctx: Context, payload: dict[str, Any]) -> None:
    """Edit the report (rights and phase are checked again)."""
    await open_edit(ctx, _id(payload))


async def ask_delete(ctx: Context, report_id: int) -> None:
    """Ask once more before deleting a report the person may change."""
    with refusals(ctx):
        row = await ctx.services.activities.editable(ctx.person, report_id)
        ctx.begin(FLOW, "delete")
        ctx.say(
            ctx._("Xóa báo cáo số {id} “{title}”? Việc này không hoàn tác được.").format(
                id=row.id, title=row.title
            ),
            [
                Option(ctx._("Có, xóa"), "report.delete_yes", {"id": row.id}),
                Option(ctx._("Không"), "report.close"),
            ],
        )


@router.choice("report.delete", roles=MEMBERS)
async def delete(ctx: Context, payload: dict[str, Any]) -> None:
    """Ask before deleting."""
    await ask_delete(ctx, _id(payload))


@router.choice("report.delete_yes", roles=MEMBERS)
async def delete_yes(ctx: Context, payload: dict[str, Any]) -> None:
    """Delete the report (rights and phase are checked again)."""
    ctx.finish()
    with refusals(ctx, finish=False):
        row = await ctx.services.activities.delete(ctx.person, _id(payload))
        ctx.say(ctx._("Đã xóa báo cáo số {id} “{title}”.").format(id=row.id, title=row.title))


@router.choice("report.close", roles=MEMBERS)
async def close(ctx: Context, _payload: dict[str, Any]) -> None:
    """Leave without changing anything."""
    ctx.finish()
    ctx.say(ctx._("Không có gì thay đổi."))


@router.choice("report.cluster", roles=LEADERS)
async def cluster_reports(ctx: Context, payload: dict[str, Any]) -> None:
    """List the newest reports of the leader's cluster (the province for an admin)."""
    offset = payload.get("offset")
    offset = offset if isinstance(offset, int) and offset >= 0 else 0
    with refusals(ctx):
        rows = await ctx.services.activities.cluster_reports(ctx.person, offset, PAGE + 1)
        if not rows:
            ctx.finish()
            ctx.say(ctx._("Chưa có báo cáo nào."))
            return
        ctx.begin(FLOW, "cluster")
        lines = [ctx._("Báo cáo mới nhất (⭐ là gương điển hình):")]
        for r in rows[:PAGE]:
            mark = "⭐" if r.example_at is not None else "•"
            lines.append(
                f"{mark} #{r.id} {ctx.t.date(r.day)} — {r.unit_name}: {short_title(r.title, 60)} "
                f"({kind_label(ctx, r.kind)}, {ctx.t.number(r.participants)})"
            )
        options = [
            Option(f"#{r.id} {short_title(r.title)}", "report.view", {"id": r.id})
            for r in rows[:PAGE]
        ]
        if offset:
            options.append(
                Option(ctx._("Trang trước"), "report.cluster", {"offset": offset - PAGE})
            )
        if len(rows) > PAGE:
            options.append(Option(ctx._("Trang sau"), "report.cluster", {"offset": offset + PAGE}))
        ctx.say("\n".join(lines), options)


@router.choice("report.view", roles=LEADERS)
async def view(ctx: Context, payload: dict[str, Any]) -> None:
    """Show a report of the cluster, offering to mark it as a good example."""
    with refusals(ctx):
        row = await ctx.services.activities.viewable(ctx.person, _id(payload))
        ctx.begin(FLOW, "view")
        on = row.example_at is None
        label = ctx._("Nêu gương") if on else ctx._("Bỏ nêu gương")
        ctx.say(
            "\n".join(describe_row(ctx, row)),
            [
                Option(label, "report.example", {"id": row.id, "on": on}),
                Option(ctx._("Quay lại"), "report.cluster", {"offset": 0}),
            ],
        )


@router.choice("report.example", roles=LEADERS)
async def example(ctx: Context, payload: dict[str, Any]) -> None:
    """Mark or unmark the report as a good example (the cluster is checked again)."""
    ctx.finish()
    on = payload.get("on") is True
    with refusals(ctx, finish=False):
        row = await ctx.services.activities.set_example(ctx.person, _id(payload), on)
        if on:
            text = ctx._(
                "Đã nêu gương báo cáo số {id} “{title}”. Các thành viên của {unit} sẽ thấy "
                "trong /cuatoi."
            )
        else:
            text = ctx._("Đã bỏ nêu gương báo cáo số {id} “{title}”.")
        ctx.say(text.format(id=row.id, title=row.title, unit=row.unit_name))
