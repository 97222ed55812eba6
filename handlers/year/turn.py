"""/chuyennam [year]: the dry run of the turn of the year, then «Thực hiện» or «Hủy».

Private and the admin's only, in the command contract. The same turn as `python -m bot year
close`, run inside the update's transaction: a refusal changes nothing, a second run nothing
more.
"""

from __future__ import annotations

from typing import Any

from bot.flow.context import Context, Option
from bot.flow.router import Router
from bot.services.year.chat import year_to_close
from bot.services.year.plan import TurnRefused
from domain.commands import ADMINS
from domain.dialogs import FlowState
from handlers.year.texts import NOTHING_MORE, done_text, preview_text, refusal_text

router = Router(name=__name__)

FLOW = "newyear"
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the years the turn takes (`TurnSteps.check_years`)


class YearChosen(FlowState):
    """The year to close, while the admin reads its dry run."""

    closed: int = 0


router.flow(FLOW, YearChosen)


def _typed_year(ctx: Context) -> int | None:
    """Return the year typed after the command, the year ending when none; None if no year."""
    typed = ctx.incoming.args.strip()
    if not typed:
        return year_to_close(ctx.today)
    if typed.isdigit() and FIRST_YEAR <= int(typed) < LAST_YEAR:
        return int(typed)
    return None


@router.command("newyear")
async def newyear(ctx: Context) -> None:
    """Show what closing the year would do, cluster by cluster, and ask to confirm."""
    ctx.finish()
    closed = _typed_year(ctx)
    if closed is None:
        ctx.say(
            ctx._(
                "Vui lòng gõ /chuyennam, hoặc /chuyennam kèm năm cần khép lại, ví dụ "
                "/chuyennam {year}."
            ).format(year=year_to_close(ctx.today))
        )
        return
    try:
        report = await ctx.services.year.preview(closed)
    except TurnRefused as refused:
        ctx.say(refusal_text(ctx, closed, refused.problems))
        return
    if report.finished_before:
        ctx.say(ctx._(NOTHING_MORE).format(closed=report.closed, opened=report.opened))
        return
    ctx.begin(FLOW, "confirm", YearChosen(closed=closed))
    ctx.say(
        preview_text(ctx, report),
        [Option(ctx._("Thực hiện"), "newyear.run"), Option(ctx._("Hủy"), "newyear.cancel")],
    )


@router.choice("newyear.run", roles=ADMINS)
async def run(ctx: Context, payload: dict[str, Any]) -> None:
    """Close the year now: every step not done yet, in this update's transaction."""
    closed = ctx.state(YearChosen).closed
    ctx.finish()
    if not closed:
        ctx.say(ctx._("Lựa chọn này đã cũ. Vui lòng gõ lại lệnh để bắt đầu lại."))
        return
    try:
        report = await ctx.services.year.run(closed)
    except TurnRefused as refused:  # the people changed since the dry run
        ctx.say(refusal_text(ctx, closed, refused.problems))
        return
    if report.finished_before:
        ctx.say(ctx._(NOTHING_MORE).format(closed=report.closed, opened=report.opened))
        return
    ctx.say(done_text(ctx, report))


@router.choice("newyear.cancel", roles=ADMINS)
async def cancel(ctx: Context, payload: dict[str, Any]) -> None:
    ctx.finish()
    ctx.say(ctx._("Đã hủy chuyển năm; không có gì thay đổi."))
