"""The words of each reminder, in the recipient's language."""

from __future__ import annotations

from bot.i18n import Translator
from bot.reminders.plan import Occasion, OccasionKind
from domain.calendar.occasions import title_en, title_vi

ROMAN = {1: "I", 2: "II"}  # the plan writes "Đợt I", "Đợt II"


def title(t: Translator, occasion: Occasion, *, in_sentence: bool = False) -> str:
    """Return the anniversary's full title with its ordinal, in the translator's language."""
    assert occasion.anniversary is not None
    year = occasion.event_day.year
    if t.locale == "en":
        return title_en(occasion.anniversary, year)
    return title_vi(occasion.anniversary, year, in_sentence=in_sentence)


def reminder_text(t: Translator, occasion: Occasion) -> str:
    """Return the reminder everyone in the audience reads."""
    days = occasion.days_before
    assert occasion.kind is not OccasionKind.NUDGE, "nudges have words of their own"
    if occasion.kind is OccasionKind.GREETING:
        # The standard slogan form of the day itself, as on banners and in official texts.
        return t._("Nhiệt liệt chào mừng {title}!").format(title=title(t, occasion))
    if occasion.kind is OccasionKind.ANNIVERSARY:
        return t.ngettext(
            "Còn {days} ngày nữa đến {title}. Vui lòng tổ chức các hoạt động chào mừng và báo cáo "
            "bằng /baocao.",
            "Còn {days} ngày nữa đến {title}. Vui lòng tổ chức các hoạt động chào mừng và báo cáo "
            "bằng /baocao.",
            days,
        ).format(days=days, title=title(t, occasion, in_sentence=True))
    assert occasion.phase is not None
    deadline = t.date(occasion.event_day)
    if days == 0:
        return t._(
            "Hôm nay ({date}) là hạn báo cáo Đợt {phase} năm {year}. Vui lòng hoàn tất báo cáo và "
            "ủng hộ còn thiếu."
        ).format(date=deadline, phase=ROMAN[occasion.phase.number], year=occasion.event_day.year)
    return t.ngettext(
        "Còn {days} ngày đến hạn báo cáo Đợt {phase} năm {year} ({date}).",
        "Còn {days} ngày đến hạn báo cáo Đợt {phase} năm {year} ({date}).",
        days,
    ).format(
        days=days, phase=ROMAN[occasion.phase.number], year=occasion.event_day.year, date=deadline
    )


def with_missing(t: Translator, text: str, cluster_name: str, missing: list[str]) -> str:
    """Add to a leader's deadline reminder what is still missing in their cluster."""
    if not missing:
        return (
            text
            + "\n"
            + t._("{cluster}: không còn gì thiếu. Cảm ơn các đồng chí!").format(
                cluster=cluster_name
            )
        )
    lines = [text, "", t._("Còn thiếu ở {cluster}:").format(cluster=cluster_name)]
    return "\n".join(lines + [f"• {line}" for line in missing])
