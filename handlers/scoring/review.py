"""The cluster leader's review: units' assessments, changed scores with reasons, settling."""

from __future__ import annotations

from typing import Any

from bot.flow.context import Context, Option
from bot.flow.refusals import refusals
from bot.flow.router import Router
from domain.commands import LEADERS
from domain.dialogs import FlowState
from domain.roles import Role
from domain.scoring.flow import Stage
from domain.scoring.table import show_points
from handlers.scoring.texts import STAGES, sheet_lines, totals_text

router = Router(name=__name__)

FLOW = "scorereview"


class ScoreReviewDraft(FlowState):
    """A leader reviewing a unit's sheet: the unit, and the score being changed."""

    unit: int = 0
    c: int | None = None  # the cluster looked at (an admin's choice); None: the leader's own
    code: str = ""  # the criterion whose score changes
    points: str = ""  # its new score, as typed


router.flow(FLOW, ScoreReviewDraft)


def _int(payload: dict[str, Any], key: str) -> int | None:
    value = payload.get(key)
    return value if isinstance(value, int) else None


async def show_units(ctx: Context, cluster: int | None = None) -> None:
    """List the cluster's units and where each stands, with the cluster's next steps."""
    with refusals(ctx) as caught:
        units = await ctx.services.scoring_review.units(ctx.person, cluster)
        published = await ctx.services.scoring_results.is_published(
            ctx.services.scoring_review.led_cluster(ctx.person, cluster)
        )
    if caught.refused is not None:
        return
    lines = [ctx._("Chấm điểm thi đua năm {year}: tình hình các đơn vị").format(
        year=ctx.today.year)]  # fmt: skip
    options: list[Option] = []
    for u in units:
        if u.stage is None:
            state = ctx._("chưa chấm")
        elif u.stage is Stage.DRAFT:
            state = ctx._("đang chấm {done}/{total} tiêu chí").format(
                done=u.progress.done, total=u.progress.total
            )
        else:
            state = ctx._("{stage}, tự chấm {own}, kết quả {final} điểm").format(
                stage=ctx._(STAGES[u.stage]), own=show_points(u.own), final=show_points(u.final)
            )
            options.append(Option(u.name, "scorereview.unit", {"unit": u.unit_id, "c": cluster}))
        lines.append(f"• {u.name}: {state}")
    if published:
        lines.append(ctx._("Kết quả đã được công bố."))
    options.append(Option(ctx._("Bảng xếp hạng"), "scoreresult.ranking", {"c": cluster}))
    if published:
        options.append(
            Option(ctx._("Đề nghị khen thưởng"), "scoreresult.proposals", {"c": cluster})
        )
    elif ctx.role is not Role.DEPUTY:
        options.append(Option(ctx._("Công bố kết quả"), "scoreresult.confirm", {"c": cluster}))
    ctx.begin(FLOW, "units", ScoreReviewDraft(c=cluster))
    ctx.say("\n".join(lines), options)


async def show_unit(ctx: Context, unit_id: int, cluster: int | None) -> None:
    with refusals(ctx) as caught:
        sheet = await ctx.services.scoring_review.review_sheet(ctx.person, unit_id)
    if caught.refused is not None:
        return
    lines = [
        ctx._("{unit}: {stage}").format(unit=sheet.unit.name, stage=ctx._(STAGES[sheet.stage])),
        *sheet_lines(ctx, sheet, evidence=True),
        "",
        ctx._("Đơn vị tự chấm: {totals}").format(totals=totals_text(ctx, sheet)),
        ctx._("Kết quả thẩm định: {totals}").format(totals=totals_text(ctx, sheet, final=True)),
    ]
    if sheet.explanation:
        lines.append(ctx._("Giải trình của đơn vị: {text}").format(text=sheet.explanation))
    payload = {"unit": unit_id, "c": cluster}
    options = []
    editable = sheet.stage in (Stage.SUBMITTED, Stage.REVIEWED, Stage.EXPLAINED)
    if (editable and not sheet.published) or (sheet.published and ctx.role is Role.ADMIN):
        options.append(Option(ctx._("Sửa điểm"), "scorereview.change", payload))
    if sheet.stage is Stage.SUBMITTED and not sheet.published:
        options.append(Option(ctx._("Gửi kết quả thẩm định"), "scorereview.send", payload))
    if sheet.stage in (Stage.REVIEWED, Stage.EXPLAINED) and not sheet.published:
        options.append(Option(ctx._("Thống nhất kết quả"), "scorereview.settle", payload))
    options.append(Option(ctx._("Quay lại"), "scorereview.list", {"c": cluster}))
    ctx.begin(FLOW, "unit", ScoreReviewDraft(unit=unit_id, c=cluster))
    ctx.say("\n".join(lines), options)


@router.choice("scorereview.list", roles=LEADERS)
async def listed(ctx: Context, payload: dict[str, Any]) -> None:
    await show_units(ctx, _int(payload, "c"))


@router.choice("scorereview.unit", roles=LEADERS)
async def unit(ctx: Context, payload: dict[str, Any]) -> None:
    await show_unit(ctx, _int(payload, "unit") or 0, _int(payload, "c"))


@router.choice("scorereview.change", roles=LEADERS)
async def ask_change(ctx: Context, payload: dict[str, Any]) -> None:
    ctx.begin(
        FLOW, "change", ScoreReviewDraft(unit=_int(payload, "unit") or 0, c=_int(payload, "c"))
    )
    ctx.say(
        ctx._("Vui lòng nhập mã tiêu chí và điểm mới, ví dụ: 1.2 8 (gõ /huy để hủy)."),
        [Option(ctx._("Quay lại"), "scorereview.unit", payload)],
    )


@router.step(FLOW, "change")
async def typed_change(ctx: Context) -> None:
    """Check the criterion and score now, so the reason is asked only for a valid change."""
    draft = ctx.state(ScoreReviewDraft)
    unit_id = draft.unit
    parts = ctx.incoming.text.split()
    if len(parts) != 2:
        ctx.say(ctx._("Vui lòng nhập mã tiêu chí và điểm mới, ví dụ: 1.2 8 (gõ /huy để hủy)."))
        return
    code, points = parts
    with refusals(ctx, finish=False) as caught:
        sheet = await ctx.services.scoring_review.review_sheet(ctx.person, unit_id)
        line = sheet.line(code)
        if line is None:
            ctx.say(ctx._("Không có tiêu chí nào có mã “{code}”. Vui lòng gõ một mã trong danh "
                          "sách.").format(code=code))  # fmt: skip
            return
        await ctx.services.scoring_review.check_change(ctx.person, unit_id, code, points)
    if caught.refused is not None:
        return
    draft.code, draft.points = line.criterion.code, points
    ctx.goto("reason", draft)
    ctx.say(
        ctx._(
            "Vui lòng nhập lý do sửa điểm tiêu chí {code} (đơn vị sẽ nhận được nguyên văn):"
        ).format(code=line.criterion.code)
    )


@router.step(FLOW, "reason")
async def typed_reason(ctx: Context) -> None:
    draft = ctx.state(ScoreReviewDraft)
    unit_id, cluster, code, points = draft.unit, draft.c, draft.code, draft.points
    with refusals(ctx, finish=False) as caught:
        old, new = await ctx.services.scoring_review.change(
            ctx.person, unit_id, code, points, ctx.incoming.text
        )
    if caught.refused is not None:
        return
    ctx.say(
        ctx._("Đã sửa điểm tiêu chí {code}: {old} → {new} điểm.").format(
            code=code, old=show_points(old or 0), new=show_points(new)
        )
    )
    await show_unit(ctx, unit_id, cluster)


@router.choice("scorereview.send", roles=LEADERS)
async def send(ctx: Context, payload: dict[str, Any]) -> None:
    unit_id = _int(payload, "unit") or 0
    with refusals(ctx, finish=False) as caught:
        sheet = await ctx.services.scoring_review.send_review(ctx.person, unit_id)
    if caught.refused is not None:
        return
    ctx.say(
        ctx._("Đã gửi kết quả thẩm định tới {unit}: {total} điểm.").format(
            unit=sheet.unit.name, total=show_points(sheet.final_totals.total)
        )
    )
    await show_units(ctx, _int(payload, "c"))


@router.choice("scorereview.settle", roles=LEADERS)
async def settle(ctx: Context, payload: dict[str, Any]) -> None:
    unit_id = _int(payload, "unit") or 0
    with refusals(ctx, finish=False) as caught:
        sheet = await ctx.services.scoring_review.settle(ctx.person, unit_id)
    if caught.refused is not None:
        return
    ctx.say(
        ctx._("Đã thống nhất kết quả của {unit}: {total} điểm.").format(
            unit=sheet.unit.name, total=show_points(sheet.final_totals.total)
        )
    )
    await show_units(ctx, _int(payload, "c"))
