"""/lich: the current phase with the days left, and the coming anniversaries."""

from __future__ import annotations

from bot.flow.context import Context
from bot.flow.router import Router
from bot.reminders.texts import ROMAN
from domain.calendar.occasions import days_left, phase_of, title_en, title_vi, upcoming

router = Router(name=__name__)


@router.command("calendar")
async def calendar(ctx: Context) -> None:
    """Show the phase, its deadline and the next three anniversaries."""
    today = ctx.today
    phase = phase_of(today)
    config = ctx.province.calendar
    lines = [
        ctx.t.ngettext(
            "Đợt {phase} năm {year}: từ {start} đến {end}, còn {days} ngày.",
            "Đợt {phase} năm {year}: từ {start} đến {end}, còn {days} ngày.",
            days_left(phase, today),
        ).format(
            phase=ROMAN[phase.number],
            year=phase.year,
            start=ctx.t.date(phase.start),
            end=ctx.t.date(phase.end),
            days=days_left(phase, today),
        ),
        "",
        ctx._("Ngày kỷ niệm sắp tới:"),
    ]
    for day, anniversary in upcoming(config.loaded_anniversaries(), today, count=3):
        title = (title_en if ctx.t.locale == "en" else title_vi)(anniversary, day.year)
        # The days left before the title, not after it: the title ends with its own dates in
        # brackets, and two brackets in a row read badly.
        lines.append(
            ctx.t.ngettext(
                "• {date}, còn {days} ngày: {title}",
                "• {date}, còn {days} ngày: {title}",
                (day - today).days,
            ).format(date=ctx.t.date(day), title=title, days=(day - today).days)
        )
    ctx.say("\n".join(lines))
