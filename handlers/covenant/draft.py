"""The leader writes the covenant (typed, or a .docx sent), sees it as signers will, opens it."""

from __future__ import annotations

from typing import Any

from bot.flow.clusters import ClusterChosen
from bot.flow.context import Context, Option
from bot.flow.refusals import refusals
from bot.flow.router import Router
from bot.services.covenant.covenant import Standing
from domain.commands import LEADERS
from domain.covenant.rules import MAX_TEXT, MIN_TEXT
from domain.messages import EventKind
from handlers.covenant.texts import FLOW, shown

router = Router(name=__name__)


def ask_text(ctx: Context, cluster: str, year: int) -> None:
    """Ask for the covenant's text or file; the launch plan may be drafted meanwhile."""
    ctx.goto("text")
    ctx.say(
        ctx._(
            "{cluster} chưa có giao ước thi đua năm {year}. Vui lòng nhập nội dung giao ước (từ "
            "{min} đến {max} ký tự) hoặc gửi tệp Word (.docx); gõ /huy để hủy."
        ).format(cluster=cluster, year=year, min=ctx.t.number(MIN_TEXT),
                 max=ctx.t.number(MAX_TEXT)),
        [Option(ctx._("Soạn kế hoạch phát động"), "covenant.plan")],
    )  # fmt: skip


def preview(ctx: Context, standing: Standing) -> None:
    """Show the draft as the signers will read it, with what opening it does."""
    covenant = standing.covenant
    ctx.goto("confirm")
    lines = [
        ctx._("Xem trước giao ước thi đua năm {year}:").format(year=covenant.year),
        "",
        shown(ctx, covenant.text, with_file=bool(covenant.file_name)),
        "",
    ]
    if covenant.file_name:
        lines.append(ctx._("Tệp gửi kèm: {name}.").format(name=covenant.file_name))
    lines.append(
        ctx.t.ngettext(
            "Khi mở ký kết, tôi báo thủ trưởng, đầu mối của {count} đơn vị vào ký.",
            "Khi mở ký kết, tôi báo thủ trưởng, đầu mối của {count} đơn vị vào ký.",
            len(standing.units),
        ).format(count=ctx.t.number(len(standing.units)))
    )
    ctx.say(
        "\n".join(lines),
        [
            Option(ctx._("Mở ký kết"), "covenant.open"),
            Option(ctx._("Sửa nội dung"), "covenant.edit"),
            Option(ctx._("Hủy"), "covenant.discard"),
        ],
    )


@router.step(FLOW, "text", files=True)
async def got_text(ctx: Context) -> None:
    """Keep the typed text, or the .docx sent, as the draft, and preview it."""
    cluster_id = ctx.state(ClusterChosen).cluster
    incoming = ctx.incoming
    document = next((a for a in incoming.attachments if a.kind == "document"), None)
    with refusals(ctx, finish=False) as caught:
        if document is not None:
            standing = await ctx.services.covenant.draft(
                ctx.person, cluster_id, "", file_name=document.name or "giao-uoc.docx",
                content=document.content or b"",
            )  # fmt: skip
        elif incoming.kind is EventKind.TEXT and incoming.text.strip():
            standing = await ctx.services.covenant.draft(ctx.person, cluster_id, incoming.text)
        else:
            ctx.say(
                ctx._(
                    "Vui lòng nhập nội dung giao ước, hoặc gửi tệp Word (.docx); gõ /huy để hủy."
                )
            )
            return
    if caught.refused is None:
        preview(ctx, standing)


@router.choice("covenant.open", roles=LEADERS)
async def open_it(ctx: Context, _payload: dict[str, Any]) -> None:
    """Open the covenant for signing; every unit's head and reporter is told."""
    cluster_id = ctx.state(ClusterChosen).cluster
    ctx.finish()
    told = await ctx.services.covenant.open(ctx.person, cluster_id)  # the core says a refusal
    ctx.say(
        ctx.t.ngettext(
            "Đã mở ký kết giao ước thi đua và báo tới {count} tài khoản của thủ trưởng, đầu mối "
            "các đơn vị. Gõ /giaouoc để theo dõi các đơn vị đã ký.",
            "Đã mở ký kết giao ước thi đua và báo tới {count} tài khoản của thủ trưởng, đầu mối "
            "các đơn vị. Gõ /giaouoc để theo dõi các đơn vị đã ký.",
            told,
        ).format(count=ctx.t.number(told))
    )


@router.choice("covenant.edit", roles=LEADERS)
async def edit(ctx: Context, _payload: dict[str, Any]) -> None:
    """Write the covenant again."""
    ctx.goto("text")
    ctx.say(ctx._("Vui lòng nhập nội dung giao ước, hoặc gửi tệp Word (.docx); gõ /huy để hủy."))


@router.choice("covenant.discard", roles=LEADERS)
async def discard(ctx: Context, _payload: dict[str, Any]) -> None:
    """Drop the draft: nobody was told of it."""
    cluster_id = ctx.state(ClusterChosen).cluster
    ctx.finish()
    await ctx.services.covenant.discard(ctx.person, cluster_id)
    ctx.say(ctx._("Đã hủy bản nháp giao ước, chưa gửi gì."))
