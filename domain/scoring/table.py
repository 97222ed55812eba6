"""A cluster's scoring table (thang bảng điểm): criteria, score validation and totals.

Points are whole numbers of half points (`HalfPoints`): 7.5 points is 15. Floats never hold
a score, so sums and comparisons are exact; `parse_points` reads what people type.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from domain.refusals import ScoringRefusal

HalfPoints = int
MAX_POINTS = 1000  # far above any table's 100 points: anything larger is a typo


class Kind(StrEnum):
    GRADED = "graded"  # the unit gives itself 0..max, in half points
    PASS_FAIL = "pass_fail"  # max or 0
    PER_OCCURRENCE = "per_occurrence"  # `per_item` points per item, up to max
    COMPUTED = "computed"  # filled by the bot by `formula`
    BONUS = "bonus"  # điểm thưởng: 0..max, all bonuses together capped by the table
    DEDUCTION = "deduction"  # điểm trừ: 0..max taken off, all together capped by the table


class Formula(StrEnum):
    PLEDGE_SHARE = "pledge_share"  # share of the headcount that pledged, times max
    REPORTS_PER_PHASE = "reports_per_phase"  # max/2 for each phase with a report on time
    REGISTRATION_ON_TIME = "registration_on_time"  # max if submitted by the deadline
    ANNIVERSARY_REPORTS = "anniversary_reports"  # per_item per report tied to an anniversary
    FEATURED_EXAMPLES = "featured_examples"  # per_item per good example featured


@dataclass(frozen=True, slots=True)
class ScoreProblem:
    """Why a score cannot be accepted: a value, which services turn into a `Refused`."""

    reason: ScoringRefusal  # one of the typed-score reasons
    maximum: HalfPoints = 0


@dataclass(frozen=True, slots=True)
class Criterion:
    code: str
    text: str
    kind: Kind
    max_points: HalfPoints
    per_item: HalfPoints = 0  # per occurrence, and the counting formulas
    formula: Formula | None = None


@dataclass(frozen=True, slots=True)
class Group:
    code: str
    name: str
    criteria: tuple[Criterion, ...] = ()


@dataclass(frozen=True, slots=True)
class Table:
    """A cluster's table for one year; caps bound the sums of bonuses and deductions."""

    title: str
    groups: tuple[Group, ...] = ()
    bonus_cap: HalfPoints = 0
    deduction_cap: HalfPoints = 0

    def criteria(self) -> list[Criterion]:
        """Return every criterion in the table's order."""
        return [c for g in self.groups for c in g.criteria]

    def criterion(self, code: str) -> Criterion | None:
        """Return the criterion with this code (case and spaces ignored)."""
        wanted = code.strip().casefold()
        return next((c for c in self.criteria() if c.code.casefold() == wanted), None)

    def base_max(self) -> HalfPoints:
        """Return the points available without bonuses (usually 100 points)."""
        return sum(c.max_points for c in self.criteria() if c.kind not in _EXTRA)


_EXTRA = (Kind.BONUS, Kind.DEDUCTION)
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def parse_points(text: str) -> HalfPoints | ScoreProblem:
    """Read "7", "7.5" or "7,5" as half points; refuse other text and odd fractions."""
    cleaned = text.strip().replace(" ", "")
    if not _NUMBER.match(cleaned):
        return ScoreProblem(ScoringRefusal.NOT_A_NUMBER)
    try:
        value = Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        return ScoreProblem(ScoringRefusal.NOT_A_NUMBER)
    if value < 0:
        return ScoreProblem(ScoringRefusal.NEGATIVE)
    doubled = value * 2
    if doubled != doubled.to_integral_value():
        return ScoreProblem(ScoringRefusal.NOT_HALF)
    if value > MAX_POINTS:
        return ScoreProblem(ScoringRefusal.ABOVE_MAX, MAX_POINTS * 2)
    return int(doubled)


def check_score(criterion: Criterion, text: str) -> HalfPoints | ScoreProblem:
    """Return the score `text` gives `criterion`, or why it cannot be accepted.

    A per-occurrence criterion takes a count of items; its score is count × per_item, capped.
    """
    if criterion.kind is Kind.COMPUTED:
        return ScoreProblem(ScoringRefusal.COMPUTED)
    if criterion.kind is Kind.PER_OCCURRENCE:
        cleaned = text.strip()
        if cleaned.startswith("-") and _NUMBER.match(cleaned):
            return ScoreProblem(ScoringRefusal.NEGATIVE)
        if not cleaned.isdigit():
            bad = parse_points(cleaned)
            return bad if isinstance(bad, ScoreProblem) else ScoreProblem(ScoringRefusal.NOT_WHOLE)
        return min(int(cleaned) * criterion.per_item, criterion.max_points)
    points = parse_points(text)
    if isinstance(points, ScoreProblem):
        return points
    return check_points(criterion, points)


def check_points(criterion: Criterion, points: HalfPoints) -> HalfPoints | ScoreProblem:
    """Return `points` if `criterion` may hold them, else why not."""
    if points < 0:
        return ScoreProblem(ScoringRefusal.NEGATIVE)
    if points > criterion.max_points:
        return ScoreProblem(ScoringRefusal.ABOVE_MAX, criterion.max_points)
    if criterion.kind is Kind.PASS_FAIL and points not in (0, criterion.max_points):
        return ScoreProblem(ScoringRefusal.NOT_PASS_FAIL, criterion.max_points)
    return points


def check_chosen(criterion: Criterion, points: HalfPoints) -> HalfPoints | ScoreProblem:
    """Return `points` chosen with a button («Đạt», «Chấm 1,5 điểm…») if `criterion` takes them."""
    if criterion.kind is Kind.COMPUTED:
        return ScoreProblem(ScoringRefusal.COMPUTED)
    if criterion.kind is Kind.PER_OCCURRENCE:  # scored by a count of items, never by points
        return ScoreProblem(ScoringRefusal.NOT_WHOLE)
    return check_points(criterion, points)


def pass_points(criterion: Criterion, passed: bool) -> HalfPoints | ScoreProblem:
    """Return the points of «Đạt» (the criterion's maximum) or «Không đạt» (0)."""
    return check_chosen(criterion, criterion.max_points if passed else 0)


def show_points(points: HalfPoints) -> str:
    """Write half points as Vietnamese readers expect: 7,5 or 8."""
    whole, half = divmod(points, 2)
    return f"{whole},5" if half else str(whole)


def to_decimal(points: HalfPoints) -> Decimal:
    return Decimal(points) / 2


@dataclass(frozen=True, slots=True)
class ScoreTotals:
    base: HalfPoints  # graded, pass/fail, per occurrence and computed
    computed: HalfPoints  # the computed part of `base`, the first tie-break
    bonus: HalfPoints  # after the cap
    deduction: HalfPoints  # after the cap
    total: HalfPoints = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "total", self.base + self.bonus - self.deduction)


def final_score(own: HalfPoints | None, reviewed: HalfPoints | None) -> HalfPoints | None:
    """Return the score that stands: the reviewer's where set, else the unit's own."""
    return reviewed if reviewed is not None else own


def final_scores(
    scores: Iterable[tuple[str, HalfPoints | None, HalfPoints | None]],
) -> dict[str, HalfPoints]:
    """Return the standing score of each (code, own, reviewed) that holds one."""
    standing = {code: final_score(own, reviewed) for code, own, reviewed in scores}
    return {code: points for code, points in standing.items() if points is not None}


def totals(table: Table, scores: dict[str, HalfPoints]) -> ScoreTotals:
    """Add up `scores` (criterion code -> half points; missing ones count 0) by the table."""
    base = computed = bonus = deduction = 0
    for criterion in table.criteria():
        points = min(max(scores.get(criterion.code, 0), 0), criterion.max_points)
        if criterion.kind is Kind.BONUS:
            bonus += points
        elif criterion.kind is Kind.DEDUCTION:
            deduction += points
        else:
            base += points
            if criterion.kind is Kind.COMPUTED:
                computed += points
    return ScoreTotals(
        base, computed, min(bonus, table.bonus_cap), min(deduction, table.deduction_cap)
    )
