"""Tables of a conversation: where a person is in a dialog, and the options offered to them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from storage.db.times import utcnow


class DialogState(SQLModel, table=True):
    """Where one person is in a conversation in one chat; survives restarts."""

    __table_args__ = (sa.UniqueConstraint("channel", "chat_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=16)
    chat_id: str = Field(max_length=64)
    user_id: str = Field(max_length=64)
    flow: str | None = Field(default=None, max_length=64)
    step: str | None = Field(default=None, max_length=64)
    data: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    updated_at: datetime = Field(default_factory=utcnow)


class ChoiceToken(SQLModel, table=True):
    """An offered option: the button carries only `token`; the meaning stays here."""

    token: str = Field(primary_key=True, max_length=32)
    channel: str = Field(max_length=16)
    user_id: str = Field(max_length=64)
    action: str = Field(max_length=64)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    # The dialog step the option belongs to; a press after the dialog moved on is stale.
    flow: str | None = Field(default=None, max_length=64)
    step: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, index=True)
