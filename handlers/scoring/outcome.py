"""What a unit and its members see after submitting: the review, the explanation, the rank."""

from __future__ import annotations

from typing import Any

from bot.flow.context import Context, Option
from bot.flow.refusals import refusal_text, refusals
from bot.flow.router import Router
from bot.services.scoring.results import rank_lines
from bot.services.scoring.unit import MAX_EXPLANATION, UnitSheet
from domain.commands import REPORTERS
from domain.dialogs import Nothing
from domain.refusals import Refused
from domain.scoring.flow import Stage
from domain.scoring.table import show_points
from handlers.scoring.texts import totals_text

router = Router(name=__name__)

FLOW = "explain"
router.flow(FLOW, Nothing)
TOP = 3


async def show_outcome(ctx: Context, sheet: UnitSheet, lines: list[str]) -> None:
    """Show the unit's sheet after submission, with the explanation offered while it may."""
    options: list[Option] = []
    if sheet.published:
        lines += ["", await rank_text(ctx)]
    elif sheet.stage is Stage.SUBMITTED:
        lines += ["", ctx._("Đang chờ cụm, khối thẩm định.")]
    elif sheet.stage in (Stage.REVIEWED, Stage.EXPLAINED, Stage.SETTLED):
        lines += ["", ctx._("Kết quả thẩm định: {totals}").format(
            totals=totals_text(ctx, sheet, final=True))]  # fmt: skip
        if sheet.explanation:
            lines.append(ctx._("Giải trình của đơn vị: {text}").format(text=sheet.explanation))
        open_ = sheet.explain_until is not None and ctx.now < sheet.explain_until
        if sheet.stage is Stage.REVIEWED and sheet.changed and open_:
            assert sheet.explain_until is not None
            until = sheet.explain_until.astimezone(ctx.province.tz).date()
            lines.append(ctx._("Đơn vị được giải trình một lần, trước {until}.").format(
                until=ctx.t.date(until)))  # fmt: skip
            options.append(Option(ctx._("Giải trình"), "score.explain"))
    ctx.say("\n".join(lines), options)


async def rank_text(ctx: Context) -> str:
    """Return the person's unit's rank and the leading units, once published."""
    try:
        standings = await ctx.services.scoring_results.ranking(ctx.person)
    except Refused as refused:
        return refusal_text(ctx, refused)
    unit = ctx.person.unit_id if ctx.person else None
    mine = next((s for s in standings if s.unit_id == unit), None)
    head = ctx._("Kết quả chấm điểm thi đua đã được công bố.")
    if mine is not None:
        head += " " + ctx._("{unit} xếp thứ {rank}/{units} với {total} điểm.").format(
            unit=mine.unit_name, rank=mine.rank, units=len(standings),
            total=show_points(mine.total),
        )  # fmt: skip
    return "\n".join([head, ctx._("Dẫn đầu:"), rank_lines(ctx.t, standings, TOP)])


async def member_view(ctx: Context) -> None:
    """A member sees the published ranking of their cluster, or that it is not out yet."""
    ctx.finish()
    ctx.say(await rank_text(ctx))


@router.choice("score.explain", roles=REPORTERS)
async def ask_explanation(ctx: Context, _payload: dict[str, Any]) -> None:
    ctx.begin(FLOW, "text")
    ctx.say(
        ctx._(
            "Vui lòng nhập nội dung giải trình (một lần duy nhất, 3 đến {limit} ký tự), hoặc gõ "
            "/huy để hủy."
        ).format(limit=ctx.t.number(MAX_EXPLANATION))
    )


@router.step(FLOW, "text")
async def typed_explanation(ctx: Context) -> None:
    with refusals(ctx, finish=False) as caught:
        sheet = await ctx.services.scoring.explain(ctx.person, ctx.incoming.text)
    if caught.refused is not None:
        return
    ctx.finish()
    ctx.say(
        ctx._("Đã gửi giải trình của {unit}. Lãnh đạo cụm, khối đã được báo.").format(
            unit=sheet.unit.name
        )
    )
