"""The outbox: one row per message and recipient, waiting to be delivered."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from storage.db.times import utcnow


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # gave up after retries
    UNREACHABLE = "unreachable"  # the person blocked the bot
    SKIPPED = "skipped"  # too late to be useful (missed while the bot was down)


class Outbox(SQLModel, table=True):
    """A message to deliver to one chat; `key` makes each (message, recipient) unique."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=160, unique=True)
    channel: str = Field(max_length=16)
    chat_id: str = Field(max_length=64)
    member_id: int | None = Field(default=None, foreign_key="member.id")
    text: str
    status: str = Field(default=OutboxStatus.PENDING.value, max_length=16, index=True)
    attempts: int = Field(default=0)
    not_before: datetime = Field(default_factory=utcnow, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None
    last_error: str = Field(default="", max_length=500)
