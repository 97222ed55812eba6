"""Query functions for the inbox: store an update, lease the next one of each chat, settle it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import aliased
from sqlmodel import col, delete, func, or_, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.inbox_models import InboxState, InboxUpdate


@dataclass(frozen=True, slots=True)
class StoredUpdate:
    id: int
    key: str
    channel: str
    chat_id: str
    body: dict[str, Any]
    replies: str | None  # set when it was handled but its replies may not all have gone out


async def store_update(
    *, session: AsyncSession, key: str, channel: str, chat_id: str, body: dict[str, Any],
    now: datetime,
) -> bool:  # fmt: skip
    """Add an update unless its key is stored already; return whether it was added."""
    dialect = (await session.connection()).dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert(InboxUpdate)
        .values(
            key=key, channel=channel, chat_id=chat_id, body=json.dumps(body, ensure_ascii=False),
            state=InboxState.NEW, received_at=now,
        )
        .on_conflict_do_nothing(index_elements=["key"])
    )  # fmt: skip
    result = await session.exec(statement)
    return bool(result.rowcount)


async def claim_next(
    *, session: AsyncSession, channels: list[str], now: datetime, lease: timedelta, limit: int,
    skip: set[int],
) -> list[StoredUpdate]:  # fmt: skip
    """Lease the oldest unsettled update of up to `limit` chats, never two of one chat.

    Only an update with no older unsettled one in its chat is taken, so a chat's updates are
    handled one after the other in the order received, whichever process takes them.
    """
    earlier = aliased(InboxUpdate)
    older_pending = (
        select(earlier.id)
        .where(
            earlier.channel == InboxUpdate.channel,
            earlier.chat_id == InboxUpdate.chat_id,
            col(earlier.state) != InboxState.DONE,
            col(earlier.id) < InboxUpdate.id,
        )
        .exists()
    )
    statement = (
        select(InboxUpdate)
        .where(
            col(InboxUpdate.state) != InboxState.DONE,
            col(InboxUpdate.channel).in_(channels),
            or_(col(InboxUpdate.claimed_until).is_(None), col(InboxUpdate.claimed_until) < now),
            ~older_pending,
        )
        .order_by(col(InboxUpdate.id))
        .limit(limit)
    )
    if skip:
        statement = statement.where(col(InboxUpdate.id).not_in(skip))
    if (await session.connection()).dialect.name == "postgresql":
        # Several processes drain one inbox; a row leased by one is skipped by the others.
        statement = statement.with_for_update(skip_locked=True, of=InboxUpdate)
    rows = (await session.exec(statement)).all()
    claimed = []
    for row in rows:
        assert row.id is not None
        row.claimed_until = now + lease
        session.add(row)
        claimed.append(
            StoredUpdate(row.id, row.key, row.channel, row.chat_id, json.loads(row.body),
                         row.replies)
        )  # fmt: skip
    await session.flush()
    return claimed


async def mark_answered(*, session: AsyncSession, id: int, replies: str) -> None:
    """Keep the replies with the update, in the transaction that handled it."""
    await session.exec(
        update(InboxUpdate)
        .where(col(InboxUpdate.id) == id)
        .values(state=InboxState.ANSWERED, replies=replies)
    )


async def mark_done(*, session: AsyncSession, id: int, only_answered: bool = False) -> bool:
    """Settle an update: its replies went out (or it had none); return whether it was settled.

    `only_answered` settles it only if its handling was committed (`mark_answered`).
    """
    statement = (
        update(InboxUpdate)
        .where(col(InboxUpdate.id) == id)
        .values(state=InboxState.DONE, replies=None, claimed_until=None)
    )
    if only_answered:
        statement = statement.where(col(InboxUpdate.state) == InboxState.ANSWERED)
    return bool((await session.exec(statement)).rowcount)


async def waiting_updates(*, session: AsyncSession) -> int:
    """Return how many stored updates are not settled yet (every process's)."""
    statement = select(func.count()).where(col(InboxUpdate.state) != InboxState.DONE)
    return int((await session.exec(statement)).one())


async def forget_done_before(*, session: AsyncSession, moment: datetime) -> int:
    """Delete settled updates received before `moment`; return how many went."""
    result = await session.exec(
        delete(InboxUpdate).where(
            col(InboxUpdate.state) == InboxState.DONE, col(InboxUpdate.received_at) < moment
        )
    )
    return int(result.rowcount)
