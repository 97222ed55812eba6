"""The table of activity reports: what members and units did, and when."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from storage.db.times import utcnow


class ActivityReport(SQLModel, table=True):
    """One activity a unit held, reported by one of its members; `example_at` marks a model."""

    # A unit's reports newest first, for /cuatoi and the leaders' view.
    __table_args__ = (sa.Index("ix_activityreport_unit_created", "unit_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id")
    author_id: int = Field(foreign_key="member.id", index=True)
    kind: str = Field(max_length=32)  # a key of the configured catalogue
    title: str = Field(max_length=200)
    day: date = Field(index=True)
    participants: int = Field(ge=1)
    description: str = Field(default="", max_length=2000)
    anniversary_key: str | None = Field(default=None, max_length=64)
    # [{"channel": "telegram", "ref": file id}, {"channel": "zalo", "ref": photo URL}]
    photos: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    example_at: datetime | None = None  # marked as a good example ("gương điển hình")
    example_by: int | None = Field(default=None, foreign_key="member.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
