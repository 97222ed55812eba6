"""Query functions for offered options (button tokens)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import col, delete
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import ChoiceToken, utcnow


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


def offer_choice(
    *,
    session: AsyncSession,
    channel: str,
    user_id: str,
    action: str,
    payload: dict[str, Any],
    flow: str | None,
    step: str | None,
) -> str:
    """Store an option for one user and return its token."""
    token = new_token()
    session.add(
        ChoiceToken(
            token=token,
            channel=channel,
            user_id=user_id,
            action=action,
            payload=payload,
            flow=flow,
            step=step,
            created_at=utcnow(),
        )
    )
    return token


async def find_choice(*, session: AsyncSession, token: str) -> StoredChoice | None:
    """Return the option behind a token, or None when unknown."""
    row = await session.get(ChoiceToken, token)
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
