"""Tables of the turn of the year: one row per closed year, one row per step done.

The plan (who leads each cluster next) is stored when the turn begins, so a turn that was
stopped half-way resumes with the same plan instead of rotating the clusters it already did.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from storage.db.times import utcnow


class TurnStatus(StrEnum):
    RUNNING = "running"  # begun: the year is closed, some steps may remain
    DONE = "done"


class YearTurn(SQLModel, table=True):
    """Closing `closed_year` and opening `opened_year`; once begun, the year counts as closed."""

    closed_year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    opened_year: int
    status: str = Field(default=TurnStatus.RUNNING.value, max_length=16)
    plan: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None


class YearTurnStep(SQLModel, table=True):
    """One step of a turn done (a cluster rotated, everyone greeted), committed with its work."""

    __table_args__ = (sa.UniqueConstraint("closed_year", "step"),)

    id: int | None = Field(default=None, primary_key=True)
    closed_year: int = Field(foreign_key="yearturn.closed_year")
    step: str = Field(max_length=64)
    detail: str = Field(default="", max_length=500)
    done_at: datetime = Field(default_factory=utcnow)
