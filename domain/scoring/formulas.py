"""The computed criteria: what the bot holds about a unit, turned into points by a formula."""

from __future__ import annotations

from dataclasses import dataclass

from domain.scoring.table import Criterion, Formula, HalfPoints, Kind, Table


@dataclass(frozen=True, slots=True)
class UnitFacts:
    """What storage counts for one unit and year; each formula reads its own figures."""

    headcount: int
    participants: int  # pledgers plus unit-collection contributors, capped at the headcount
    phases_on_time: int  # phases (0..2) with at least one activity report before the deadline
    registration_on_time: bool
    anniversary_reports: int
    featured_examples: int


def compute(criterion: Criterion, facts: UnitFacts) -> HalfPoints:
    """Return the points `criterion` (a computed one) gives a unit with these facts."""
    top = criterion.max_points
    match criterion.formula:
        case Formula.PLEDGE_SHARE:
            if facts.headcount <= 0:
                return 0
            # Rounded down to the half point: 0.5 of a point is never given for 49.9%.
            return min(top, top * min(facts.participants, facts.headcount) // facts.headcount)
        case Formula.REPORTS_PER_PHASE:
            return top * min(facts.phases_on_time, 2) // 2
        case Formula.REGISTRATION_ON_TIME:
            return top if facts.registration_on_time else 0
        case Formula.ANNIVERSARY_REPORTS:
            return min(top, facts.anniversary_reports * criterion.per_item)
        case Formula.FEATURED_EXAMPLES:
            return min(top, facts.featured_examples * criterion.per_item)
    return 0


def computed_scores(table: Table, facts: UnitFacts) -> dict[str, HalfPoints]:
    """Return the points of every computed criterion of the table, by code."""
    return {c.code: compute(c, facts) for c in table.criteria() if c.kind is Kind.COMPUTED}


def table_problems(table: Table) -> list[str]:
    """Return what makes the table unusable (English, for the staff's import report)."""
    problems: list[str] = []
    seen: set[str] = set()
    for group in table.groups:
        if not group.criteria:
            problems.append(f"group {group.code!r} has no criteria")
        for c in group.criteria:
            key = c.code.casefold()
            if key in seen:
                problems.append(f"criterion code {c.code!r} appears twice")
            seen.add(key)
            if c.max_points <= 0:
                problems.append(f"criterion {c.code!r}: the maximum must be above 0")
            if c.kind is Kind.COMPUTED and c.formula is None:
                problems.append(f"criterion {c.code!r}: a computed criterion needs a formula")
            if c.kind is not Kind.COMPUTED and c.formula is not None:
                problems.append(f"criterion {c.code!r}: only computed criteria take a formula")
            counting = c.kind is Kind.PER_OCCURRENCE or c.formula in _COUNTING
            if counting and c.per_item <= 0:
                problems.append(f"criterion {c.code!r}: points per item must be above 0")
    if not seen:
        problems.append("the table has no criteria")
    return problems


_COUNTING = (Formula.ANNIVERSARY_REPORTS, Formula.FEATURED_EXAMPLES)
