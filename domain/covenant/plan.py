"""What a cluster's launch plan (Kế hoạch phát động phong trào thi đua) states about the year:
its phases with the anniversaries each celebrates, and the days work is due."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from domain.calendar.occasions import Anniversary, Phase, occurrences, phases, title_vi


@dataclass(frozen=True, slots=True)
class PhasePlan:
    """One phase of the year, the anniversaries it celebrates (titles with their ordinals),
    and the last day its activity reports are taken."""

    phase: Phase
    anniversaries: tuple[str, ...]
    reports_due: date


def year_phases(
    year: int, anniversaries: Iterable[Anniversary], grace_days: int
) -> tuple[PhasePlan, ...]:
    """Return both phases of `year` with their anniversaries («Kỷ niệm 97 năm …») in date
    order, and the day each phase's reports are due (its end plus the configured grace)."""
    items = tuple(anniversaries)
    return tuple(
        PhasePlan(
            phase=phase,
            anniversaries=tuple(
                title_vi(found, year) for _, found in occurrences(items, phase.start, phase.end)
            ),
            reports_due=phase.end + timedelta(days=grace_days),
        )
        for phase in phases(year)
    )
