"""SQLModel tables. Times are aware UTC datetimes; money (later) is whole VND in integers."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Return the current time in UTC, the form every table stores."""
    return datetime.now(UTC)


class Role(StrEnum):
    GUEST = "guest"  # talked to the bot, not yet a member of a unit
    MEMBER = "member"
    REPORTER = "reporter"  # unit reporter / unit head
    DEPUTY = "deputy"  # cluster deputy leader
    LEADER = "leader"  # cluster leader
    ADMIN = "admin"  # province emulation board


class Member(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    full_name: str = Field(default="", max_length=200)
    role: str = Field(default=Role.GUEST.value, max_length=16)
    locale: str | None = Field(default=None, max_length=8)
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow)


class Identity(SQLModel, table=True):
    """One member's account on one channel."""

    __table_args__ = (sa.UniqueConstraint("channel", "external_user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    channel: str = Field(max_length=16)
    external_user_id: str = Field(max_length=64)
    chat_id: str = Field(max_length=64)
    display_name: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


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


class ProcessedUpdate(SQLModel, table=True):
    """Keys of updates already handled, so a repeated delivery is dropped."""

    key: str = Field(primary_key=True, max_length=128)
    created_at: datetime = Field(default_factory=utcnow, index=True)


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
