"""The year's occasions: which reminders fall when, computed from configuration alone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from domain.calendar.config import Audience, CalendarConfig, Rule
from domain.calendar.occasions import Anniversary, Phase, phases, previous_working_day


class OccasionKind(StrEnum):
    DEADLINE = "deadline"  # a phase's report deadline is coming
    ANNIVERSARY = "anniversary"  # an anniversary is coming: prepare activities
    GREETING = "greeting"  # the anniversary itself
    NUDGE = "nudge"  # to those who have not yet done what the deadline asks


@dataclass(frozen=True, slots=True)
class Occasion:
    """One reminder to send once: `id` is stable across restarts and processes."""

    id: str
    kind: OccasionKind
    event_day: date
    fire_at: datetime  # aware, in the province's zone
    audience: tuple[Audience, ...]
    phase: Phase | None = None
    anniversary: Anniversary | None = None
    scoring: str | None = None  # "self" or "review": a deadline of the year's scoring

    @property
    def days_before(self) -> int:
        """Return how many days before the event the reminder is sent."""
        return (self.event_day - self.fire_at.date()).days


def plan_year(
    config: CalendarConfig, year: int, tz: ZoneInfo, registration_deadline: date | None = None
) -> list[Occasion]:
    """Return every occasion whose event falls in `year`, by firing time."""
    found: list[Occasion] = []
    for phase in phases(year):
        found += _for_event(
            f"phase-{phase.number}", OccasionKind.DEADLINE, phase.end, config.deadlines, tz,
            phase=phase,
        )  # fmt: skip
        found += _for_event(
            f"phase-{phase.number}", OccasionKind.NUDGE, phase.end, config.nudges, tz,
            phase=phase,
        )  # fmt: skip
    if registration_deadline is not None:
        found += _for_event(
            "registration", OccasionKind.NUDGE, registration_deadline, config.nudges, tz
        )
    for anniversary in config.loaded_anniversaries():
        day = date(year, anniversary.month, anniversary.day)
        if year <= anniversary.origin_year:
            continue
        key = f"anniversary-{anniversary.key}"
        found += _for_event(
            key, OccasionKind.ANNIVERSARY, day, config.anniversary_reminders, tz,
            anniversary=anniversary,
        )  # fmt: skip
        found += _for_event(
            key, OccasionKind.GREETING, day, config.anniversary_greetings, tz,
            anniversary=anniversary, move=False,
        )  # fmt: skip
    return sorted(found, key=lambda occasion: (occasion.fire_at, occasion.id))


def _for_event(
    key: str,
    kind: OccasionKind,
    day: date,
    rule: Rule,
    tz: ZoneInfo,
    *,
    phase: Phase | None = None,
    anniversary: Anniversary | None = None,
    move: bool = True,
) -> list[Occasion]:
    by_day: dict[date, int] = {}
    for (
        offset
    ) in rule.offsets_days:  # largest first: a smaller offset landing on the same day wins
        fire_day = day - timedelta(days=offset)
        # Nobody wants a nudge on Tết: move it to the working day before, never after.
        by_day[previous_working_day(fire_day) if move else fire_day] = offset
    return [
        Occasion(
            id=f"{key}:{kind.value}:{day.isoformat()}:{offset}",
            kind=kind,
            event_day=day,
            fire_at=datetime.combine(fire_day, time(rule.hour, rule.minute), tzinfo=tz),
            audience=tuple(rule.audience),
            phase=phase,
            anniversary=anniversary,
        )
        for fire_day, offset in by_day.items()
    ]


def next_allowed(moment: datetime, config: CalendarConfig, tz: ZoneInfo) -> datetime:
    """Return `moment`, or the end of the quiet hours it falls in."""
    local = moment.astimezone(tz)
    if not config.is_quiet(local.hour):
        return moment
    day = local.date() if local.hour < config.quiet_until else local.date() + timedelta(days=1)
    return datetime.combine(day, time(config.quiet_until), tzinfo=tz)
