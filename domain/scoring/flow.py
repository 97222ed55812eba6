"""The steps of a unit's assessment and the rules that move it from one to the next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from domain.scoring.table import HalfPoints, Kind, Table


class Stage(StrEnum):
    DRAFT = "draft"  # the unit is filling it in
    SUBMITTED = "submitted"  # “Gửi chấm điểm”: waiting for the review
    REVIEWED = "reviewed"  # the reviewer sent the result; the unit may explain once
    EXPLAINED = "explained"  # the unit explained; the reviewer settles
    SETTLED = "settled"  # agreed; waiting for the publication


@dataclass(frozen=True, slots=True)
class CriteriaProgress:
    done: int
    total: int

    @property
    def complete(self) -> bool:
        return self.done >= self.total


def progress(table: Table, self_scores: dict[str, HalfPoints]) -> CriteriaProgress:
    """Count the criteria that hold a score; the computed ones are always filled."""
    criteria = table.criteria()
    done = sum(1 for c in criteria if c.kind is Kind.COMPUTED or c.code in self_scores)
    return CriteriaProgress(done, len(criteria))


def explain_until(reviewed_at: datetime, days: int) -> datetime:
    """Return the end of the explanation period that opened when the review was sent."""
    return reviewed_at + timedelta(days=days)


def may_settle(stage: Stage, changed: int, reviewed_at: datetime | None, days: int,
               now: datetime) -> bool:  # fmt: skip
    """Tell whether the reviewer may settle now without taking away the unit's explanation.

    An unchanged result leaves nothing to explain; otherwise the unit explains or lets its
    period pass.
    """
    if stage is Stage.EXPLAINED:
        return True
    if stage is not Stage.REVIEWED or reviewed_at is None:
        return False
    return changed == 0 or now >= explain_until(reviewed_at, days)
