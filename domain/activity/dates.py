"""Read the date a member types when reporting an activity, and check it is acceptable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from domain.calendar.occasions import Phase, phase_of
from domain.calendar.typed import Refusal, read_date


@dataclass(frozen=True, slots=True)
class DateParse:
    """The outcome of reading a date: either `day` (with its `phase`) or a `refusal`."""

    day: date | None = None
    refusal: Refusal | None = None
    phase: Phase | None = None

    @property
    def ok(self) -> bool:
        """Tell whether a date was accepted."""
        return self.day is not None


def _refuse(reason: Refusal) -> DateParse:
    return DateParse(refusal=reason)


def parse_report_date(text: str, today: date) -> DateParse:
    """Read a report date typed by a member, relative to `today`, or say why it is refused."""
    # A missing year means this year. "19/5" typed in March is refused as FUTURE rather than
    # quietly read as last year's: a wrong year would file the report in a closed phase.
    typed, refusal, _ = read_date(text, today)
    if typed is None:
        return _refuse(refusal or Refusal.UNREADABLE)
    return _accept(typed, today)


def earliest_report_day(today: date) -> date:
    """Return the oldest day a report may be dated: 1 January of last year."""
    return date(today.year - 1, 1, 1)


def _accept(day: date, today: date) -> DateParse:
    if day > today:
        return _refuse(Refusal.FUTURE)
    if day < earliest_report_day(today):
        return _refuse(Refusal.TOO_OLD)
    return DateParse(day=day, phase=phase_of(day))


def phase_open(phase: Phase, today: date, grace_days: int = 0) -> bool:
    """Tell whether `phase` still accepts reports: until its last day plus `grace_days`."""
    if grace_days < 0:
        raise ValueError(f"grace_days must not be negative, got {grace_days}")
    return today <= phase.end + timedelta(days=grace_days)
