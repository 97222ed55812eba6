"""The inbox: every update as received, stored before the platform is told it arrived."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from storage.db.times import utcnow


class InboxState:
    NEW = "new"  # stored, not yet handled
    ANSWERED = "answered"  # handled and committed; its replies kept until they are sent
    DONE = "done"  # replies sent (or none to send)


class InboxUpdate(SQLModel, table=True):
    """One received update; `id` gives the order in which a chat's updates are handled."""

    # Led by the state: leasing reads only the unsettled updates, never the many settled ones.
    __table_args__ = (sa.Index("ix_inboxupdate_pending", "state", "channel", "chat_id", "id"),)

    # BIGINT where ids may outgrow 2**31; SQLite numbers rows only in an INTEGER key.
    id: int | None = Field(
        default=None,
        sa_type=sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
        primary_key=True,
    )
    key: str = Field(max_length=128, unique=True)  # the update's key: a redelivery is dropped
    channel: str = Field(max_length=16)
    chat_id: str = Field(max_length=64)
    body: str = Field(sa_type=sa.Text)  # the platform's JSON, as received
    state: str = Field(default=InboxState.NEW, max_length=16)
    # A worker's lease: past it, the update is another worker's to take (the first one died).
    claimed_until: datetime | None = Field(default=None)
    replies: str | None = Field(default=None, sa_type=sa.Text)  # JSON, while ANSWERED
    received_at: datetime = Field(default_factory=utcnow)
