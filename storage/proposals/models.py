"""The province's decisions on the clusters' proposals for commendation.

A decision names its proposal by table, award and unit (not by the proposal's row, which a
cluster's publication rewrites), so it outlives the row it was made on. Every change is also
written to the scoring history (`ScoreEvent`), which an award may be checked against.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from storage.db.times import utcnow


class ProvinceDecision(SQLModel, table=True):
    """Whether Ban Thi đua - Khen thưởng forwards a cluster's proposal to the Council, and why."""

    __table_args__ = (sa.UniqueConstraint("table_id", "award", "unit_id"),)

    id: int | None = Field(default=None, primary_key=True)
    table_id: int = Field(foreign_key="scoringtable.id", index=True)
    award: str = Field(max_length=16)  # domain.scoring.rank.Award
    unit_id: int = Field(foreign_key="unit.id")
    decision: str = Field(max_length=16)  # domain.proposals.decision.Decision
    reason: str = Field(default="", max_length=1000)
    decided_by: int = Field(foreign_key="member.id")
    decided_at: datetime = Field(default_factory=utcnow)
    # How many times it was decided: the leader is told of each change once (the outbox key).
    changes: int = Field(default=1)
