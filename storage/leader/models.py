"""The table of announcements: a leader's message to the whole cluster, and its report."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.db.times import utcnow


class Announcement(SQLModel, table=True):
    """A leader's message to the whole cluster; the author gets a delivery report once."""

    id: int | None = Field(default=None, primary_key=True)
    cluster_id: int = Field(foreign_key="cluster.id", index=True)
    author_id: int = Field(foreign_key="member.id")
    text: str
    created_at: datetime = Field(default_factory=utcnow)
    reported_at: datetime | None = Field(default=None, index=True)
