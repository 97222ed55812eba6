"""Ranking a cluster's units by their final totals, and the proposals for commendation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_FLOOR, Decimal
from enum import StrEnum

from domain.scoring.table import HalfPoints


class TieBreak(StrEnum):
    COMPUTED = "computed"  # more computed points first
    SUBMITTED = "submitted"  # earlier submission first
    DEDUCTION = "deduction"  # fewer points deducted first


class Award(StrEnum):
    FLAG = "flag"  # Cờ thi đua của UBND tỉnh
    MERIT = "merit"  # Bằng khen của Chủ tịch UBND tỉnh


@dataclass(frozen=True, slots=True)
class Result:
    unit_id: int
    code: str
    name: str
    total: HalfPoints
    computed: HalfPoints
    deduction: HalfPoints
    submitted_at: datetime | None
    registered: frozenset[str] = frozenset()  # title and reward keys of the registration


@dataclass(frozen=True, slots=True)
class Ranked:
    rank: int  # 1 for the first; equal results on every key share a rank
    result: Result


def _key(result: Result, ties: Sequence[TieBreak]) -> tuple[object, ...]:
    key: list[object] = [-result.total]
    for tie in ties:
        if tie is TieBreak.COMPUTED:
            key.append(-result.computed)
        elif tie is TieBreak.DEDUCTION:
            key.append(result.deduction)
        else:  # not submitted: after everyone who did
            at = result.submitted_at
            key.append((at is None, at.timestamp() if at is not None else 0.0))
    return tuple(key)


def rank(results: Sequence[Result], ties: Sequence[TieBreak]) -> list[Ranked]:
    """Order by total, then the configured tie-breaks; then by code so the order is stable."""
    ordered = sorted(results, key=lambda r: (_key(r, ties), r.code))
    ranked: list[Ranked] = []
    for position, result in enumerate(ordered, start=1):
        previous = ranked[-1] if ranked else None
        same = previous is not None and _key(previous.result, ties) == _key(result, ties)
        ranked.append(Ranked(previous.rank if same and previous else position, result))
    return ranked


@dataclass(frozen=True, slots=True)
class AwardRule:
    """How many units a cluster may propose for one award, and who qualifies."""

    award: Award
    count: int | None = None  # at most this many units
    share: Decimal | None = None  # or at most this share of the cluster's units, rounded down
    min_points: HalfPoints = 0
    requires: str | None = None  # a title or reward key the unit's registration must name


def limit(rule: AwardRule, units: int) -> int:
    """Return how many units may be proposed under `rule` in a cluster of `units`."""
    limits = [units]
    if rule.count is not None:
        limits.append(rule.count)
    if rule.share is not None:
        limits.append(int((rule.share * units).to_integral_value(rounding=ROUND_FLOOR)))
    return max(0, min(limits))


@dataclass(frozen=True, slots=True)
class Proposal:
    award: Award
    unit_id: int
    rank: int
    total: HalfPoints


def propose(ranking: Sequence[Ranked], rules: Sequence[AwardRule]) -> list[Proposal]:
    """Propose the best qualifying units for each award in turn; one award per unit."""
    taken: set[int] = set()
    proposals: list[Proposal] = []
    for rule in rules:
        room = limit(rule, len(ranking))
        for entry in ranking:
            if room <= 0:
                break
            r = entry.result
            if r.unit_id in taken or r.total < rule.min_points or r.submitted_at is None:
                continue
            if rule.requires is not None and rule.requires not in r.registered:
                continue
            proposals.append(Proposal(rule.award, r.unit_id, entry.rank, r.total))
            taken.add(r.unit_id)
            room -= 1
    return proposals
