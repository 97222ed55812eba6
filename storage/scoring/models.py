"""Tables of the year-end scoring: a cluster's table, the units' assessments and their history.

Points are stored as whole half points (7.5 points is 15), never as floats.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from storage.db.times import utcnow


class ScoringTable(SQLModel, table=True):
    """A cluster's scoring table for one year; published once the results are agreed."""

    __table_args__ = (sa.UniqueConstraint("cluster_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    cluster_id: int = Field(foreign_key="cluster.id")
    year: int
    title: str = Field(max_length=300)
    bonus_cap: int = 0  # half points
    deduction_cap: int = 0  # half points
    published_at: datetime | None = None
    published_by: int | None = Field(default=None, foreign_key="member.id")
    updated_at: datetime = Field(default_factory=utcnow)


class ScoringGroup(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("table_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    table_id: int = Field(foreign_key="scoringtable.id")
    position: int
    code: str = Field(max_length=16)
    name: str = Field(max_length=300)


class ScoringCriterion(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("table_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    table_id: int = Field(foreign_key="scoringtable.id")
    group_id: int = Field(foreign_key="scoringgroup.id", index=True)
    position: int
    code: str = Field(max_length=16)
    text: str = Field(max_length=1000)
    kind: str = Field(max_length=16)  # domain.scoring.Kind
    max_points: int  # half points
    per_item: int = 0  # half points
    formula: str | None = Field(default=None, max_length=32)  # domain.scoring.Formula


class UnitAssessment(SQLModel, table=True):
    """One unit's assessment against its cluster's table: self, review, explanation."""

    __table_args__ = (sa.UniqueConstraint("table_id", "unit_id"),)

    id: int | None = Field(default=None, primary_key=True)
    table_id: int = Field(foreign_key="scoringtable.id")
    unit_id: int = Field(foreign_key="unit.id", index=True)
    status: str = Field(default="draft", max_length=16)  # domain.scoring.flow.Stage
    submitted_at: datetime | None = None
    submitted_by: int | None = Field(default=None, foreign_key="member.id")
    reviewed_at: datetime | None = None
    explanation: str = Field(default="", max_length=4000)  # giải trình, once
    explained_at: datetime | None = None
    settled_at: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow)


class AssessmentScore(SQLModel, table=True):
    """One criterion of one assessment: the unit's score and evidence, the final score."""

    __table_args__ = (sa.UniqueConstraint("assessment_id", "criterion_id"),)

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="unitassessment.id")
    criterion_id: int = Field(foreign_key="scoringcriterion.id", index=True)
    self_score: int | None = None  # half points; for per occurrence, count × per item
    count: int | None = None  # the items a per-occurrence score counts
    evidence_note: str = Field(default="", max_length=2000)
    # [{"channel": "telegram", "ref": file id}, {"kind": "report", "id": 12}, {"url": "…"}]
    evidence: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    final_score: int | None = None  # set by the reviewer; None means the self score stands
    reason: str = Field(default="", max_length=1000)  # why the reviewer changed it
    updated_at: datetime = Field(default_factory=utcnow)


class ScoreEvent(SQLModel, table=True):
    """The history the law asks for: who changed what, from what to what, when and why."""

    id: int | None = Field(default=None, primary_key=True)
    table_id: int = Field(foreign_key="scoringtable.id", index=True)
    assessment_id: int | None = Field(default=None, foreign_key="unitassessment.id", index=True)
    criterion_code: str | None = Field(default=None, max_length=16)
    actor_id: int | None = Field(default=None, foreign_key="member.id")
    action: str = Field(max_length=24)
    old_value: str | None = Field(default=None, max_length=200)
    new_value: str | None = Field(default=None, max_length=200)
    reason: str = Field(default="", max_length=1000)
    at: datetime = Field(default_factory=utcnow)


class ScoringProposal(SQLModel, table=True):
    """A unit proposed for an award; the leader confirms the list or changes it with a reason."""

    __table_args__ = (sa.UniqueConstraint("table_id", "award", "unit_id"),)

    id: int | None = Field(default=None, primary_key=True)
    table_id: int = Field(foreign_key="scoringtable.id")
    award: str = Field(max_length=16)  # domain.scoring.rank.Award
    unit_id: int = Field(foreign_key="unit.id")
    rank: int
    total: int  # half points
    status: str = Field(default="proposed", max_length=16)  # proposed | confirmed | removed
    reason: str = Field(default="", max_length=1000)
    decided_by: int | None = Field(default=None, foreign_key="member.id")
    decided_at: datetime | None = None
