"""Query functions for offered options (button tokens)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, delete
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.conversation.models import ChoiceToken
from storage.db.statements import bound
from storage.db.times import utcnow


@dataclass(frozen=True, slots=True)
class StoredChoice:
    token: str
    channel: str
    user_id: str
    action: str
    payload: dict[str, Any]
    flow: str | None
    step: str | None
    created_at: datetime


def new_token() -> str:
    """Return a short unguessable token (16 characters, fits Telegram's 64-byte limit)."""
    return secrets.token_urlsafe(12)


# Built once: building the statements on every update cost more than running them, and the
# ORM's unit of work cost more still (options are offered on most replies).
_FIELDS = ("token", "channel", "user_id", "action", "payload", "flow", "step", "created_at")
_INSERT = sa.insert(ChoiceToken).values(bound(_FIELDS))
_FIND = sa.select(*(getattr(ChoiceToken, name) for name in _FIELDS)).where(
    col(ChoiceToken.token) == sa.bindparam("token")
)


async def offer_choices(
    *,
    session: AsyncSession,
    channel: str,
    user_id: str,
    options: Sequence[tuple[str, dict[str, Any]]],
    flow: str | None,
    step: str | None,
) -> list[str]:
    """Store options (action, payload) for one user and return their tokens, in order."""
    if not options:
        return []
    now = utcnow()
    tokens = [new_token() for _ in options]
    rows = [
        dict(token=token, channel=channel, user_id=user_id, action=action, payload=payload,
             flow=flow, step=step, created_at=now)
        for token, (action, payload) in zip(tokens, options, strict=True)
    ]  # fmt: skip
    await (await session.connection()).execute(_INSERT, rows)
    return tokens


async def find_choice(*, session: AsyncSession, token: str) -> StoredChoice | None:
    """Return the option behind a token, or None when unknown."""
    result = await (await session.connection()).execute(_FIND, {"token": token})
    row = result.first()
    if row is None:
        return None
    return StoredChoice(
        token=row.token,
        channel=row.channel,
        user_id=row.user_id,
        action=row.action,
        payload=dict(row.payload),
        flow=row.flow,
        step=row.step,
        created_at=row.created_at,
    )


async def forget_choices_before(*, session: AsyncSession, moment: datetime) -> int:
    """Delete options offered before `moment`; return how many went."""
    result = await session.exec(delete(ChoiceToken).where(col(ChoiceToken.created_at) < moment))
    return int(result.rowcount)
