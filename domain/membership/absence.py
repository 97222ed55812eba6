"""Away for a while: the reasons a member may be away, and the rules of an absence's dates.

A member away (on leave, maternity leave, a course, a mission) is neither reminded nor nudged
and is counted apart («vắng») rather than as missing. The chat and the office console set
absences through the same service; these are the rules it applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from domain.calendar.typed import read_date
from domain.text import N_, Translates

BACK_DAYS = 60  # an absence already begun may be recorded, up to two months late
AHEAD_DAYS = 366  # nor is one planned further ahead than a year


class AbsenceReason(StrEnum):
    LEAVE = "leave"  # nghỉ phép
    MATERNITY = "maternity"  # nghỉ thai sản
    STUDY = "study"  # đi học
    MISSION = "mission"  # đi công tác


REASON_NAMES = {
    AbsenceReason.LEAVE: N_("nghỉ phép"),
    AbsenceReason.MATERNITY: N_("nghỉ thai sản"),
    AbsenceReason.STUDY: N_("đi học"),
    AbsenceReason.MISSION: N_("đi công tác"),
}


class SpanProblem(StrEnum):
    """Why the dates of an absence are not accepted."""

    END_BEFORE_START = "end_before_start"
    TOO_LONG = "too_long"  # longer than a year
    PAST = "past"  # over before today: it would change nothing
    TOO_OLD = "too_old"  # began more than BACK_DAYS ago
    TOO_FAR = "too_far"  # begins more than AHEAD_DAYS from today


@dataclass(frozen=True, slots=True)
class Span:
    """The days of an absence, both included."""

    start: date
    end: date

    def covers(self, day: date) -> bool:
        """Tell whether the member is away on `day`."""
        return self.start <= day <= self.end


def reason_name(t: Translates, reason: AbsenceReason) -> str:
    """Return the reason's name in the translator's language («nghỉ phép»)."""
    return t._(REASON_NAMES[reason])


def is_away(spans: list[Span], day: date) -> bool:
    """Tell whether any of a member's absences covers `day`."""
    return any(span.covers(day) for span in spans)


def span_problem(span: Span, today: date) -> SpanProblem | None:
    """Return why these dates cannot be an absence recorded `today`, or None when they can."""
    if span.end < span.start:
        return SpanProblem.END_BEFORE_START
    # A year at most (to the day before the same date next year): maternity leave is six
    # months, a course rarely longer; a longer absence is marked again when it goes on.
    if span.end >= (
        _next_year(span.start) or span.start.replace(month=3, day=1, year=span.start.year + 1)
    ):
        return SpanProblem.TOO_LONG
    if span.end < today:
        return SpanProblem.PAST
    if span.start < today - timedelta(days=BACK_DAYS):
        return SpanProblem.TOO_OLD
    if span.start > today + timedelta(days=AHEAD_DAYS):
        return SpanProblem.TOO_FAR
    return None


def read_start(text: str, today: date) -> date | None:
    """Read the first day typed ("1/12", "01/12/2026", "hôm nay"); None when it is no date.

    Without a year, the day is this year's, or next year's when this year's is long past
    ("5/1" typed in December is the coming January).
    """
    day, _, year_given = read_date(text, today)
    if day is None or year_given or day >= today - timedelta(days=BACK_DAYS):
        return day
    return _next_year(day)


def read_end(text: str, start: date, today: date) -> date | None:
    """Read the last day typed; without a year, the first such day on or after `start`."""
    day, _, year_given = read_date(text, today)
    if day is None or year_given:
        return day
    day = _same_day(day, start.year)
    return day if day is None or day >= start else _next_year(day)


def _same_day(day: date, year: int) -> date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29/2 in a year without it
        return None


def _next_year(day: date) -> date | None:
    return _same_day(day, day.year + 1)


def reasons_counted(t: Translates, away: dict[str, int]) -> str:
    """Return "nghỉ phép 1, đi học 2": the members away per reason, in the reasons' order."""
    return ", ".join(
        f"{reason_name(t, reason)} {away[reason.value]}"
        for reason in AbsenceReason
        if away.get(reason.value)
    )
