"""The table of reminders: each occasion decided once, fanned out or skipped."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.db.times import utcnow


class ReminderRun(SQLModel, table=True):
    """An occasion already decided: fanned out to the outbox, or skipped as too late."""

    occasion_id: str = Field(primary_key=True, max_length=120)
    status: str = Field(max_length=16)  # "sent" or "skipped"
    recipients: int = Field(default=0)
    decided_at: datetime = Field(default_factory=utcnow)
