"""Query functions for the inbox: store an update, lease the next one of each chat, settle it."""

from __future__ import annotations

import functools
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Executable, Select, bindparam
from sqlalchemy import select as sa_select
from sqlalchemy.sql.dml import ReturningUpdate
from sqlmodel import col, delete, func, or_, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.db.statements import bound, dialect_insert
from storage.inbox.models import InboxState, InboxUpdate

# Named, not "not done": an index on the state finds these few among the many settled ones.
UNSETTLED = (InboxState.NEW, InboxState.ANSWERED)


@dataclass(frozen=True, slots=True)
class StoredUpdate:
    id: int
    key: str
    channel: str
    chat_id: str
    body: dict[str, Any]
    replies: str | None  # set when it was handled but its replies may not all have gone out


@dataclass(frozen=True, slots=True)
class NewUpdate:
    """An update as a channel received it, to be stored."""

    key: str
    channel: str
    chat_id: str
    body: dict[str, Any]


async def store_updates(
    *, session: AsyncSession, updates: Sequence[NewUpdate], now: datetime
) -> None:
    """Add the updates whose keys are not stored yet (a repeated key is dropped)."""
    if not updates:
        return
    connection = await session.connection()
    rows = [
        {"key": item.key, "channel": item.channel, "chat_id": item.chat_id,
         "body": json.dumps(item.body, ensure_ascii=False), "state": InboxState.NEW,
         "received_at": now}
        for item in updates
    ]  # fmt: skip
    # One statement built once, run for all the rows at once: a VALUES list of the batch's
    # length was compiled anew for every poll (its length is its cache key).
    await connection.execute(_store(connection.dialect.name), rows)


@functools.cache
def _store(dialect: str) -> Executable:
    fields = ("key", "channel", "chat_id", "body", "state", "received_at")
    insert = dialect_insert(dialect)
    return insert(InboxUpdate).values(bound(fields)).on_conflict_do_nothing(index_elements=["key"])


def _leasable() -> Select[int | None]:
    # Each chat's oldest unsettled update, found by grouping rather than by a correlated "no
    # older one" test: the same rows, but a plan PostgreSQL cannot get wrong before it has
    # statistics on the table (it tested every pair of unsettled updates: 190 ms for 1,000).
    oldest = (
        sa_select(func.min(InboxUpdate.id))
        .where(
            col(InboxUpdate.state).in_(UNSETTLED),
            col(InboxUpdate.channel).in_(bindparam("channels", expanding=True)),
        )
        .group_by(col(InboxUpdate.channel), col(InboxUpdate.chat_id))
    )
    return (
        sa_select(col(InboxUpdate.id))
        .where(
            col(InboxUpdate.id).in_(oldest),
            or_(
                col(InboxUpdate.claimed_until).is_(None),
                col(InboxUpdate.claimed_until) < bindparam("now"),
            ),
            col(InboxUpdate.id).not_in(bindparam("skip", expanding=True)),
        )
        .order_by(col(InboxUpdate.id))
        .limit(bindparam("limit"))
    )  # fmt: skip


def _lease(
    leasable: Select[int | None],
) -> ReturningUpdate[int | None, str, str, str, str, str | None]:
    # Found and leased in one statement: one round trip, not a read and then a write.
    return (
        update(InboxUpdate)
        .where(col(InboxUpdate.id).in_(leasable))
        .values(claimed_until=bindparam("until"))
        .returning(
            col(InboxUpdate.id), col(InboxUpdate.key), col(InboxUpdate.channel),
            col(InboxUpdate.chat_id), col(InboxUpdate.body), col(InboxUpdate.replies),
        )
    )  # fmt: skip


# Built once, with their parameters bound at each call: building them cost more than running.
LEASE = _lease(_leasable())
# Several processes drain one inbox; a row leased by one is skipped by the others.
LEASE_LOCKED = _lease(_leasable().with_for_update(skip_locked=True, of=InboxUpdate))
ANSWER = (
    update(InboxUpdate)
    .where(col(InboxUpdate.id) == bindparam("update_id"))
    .values(state=InboxState.ANSWERED, replies=bindparam("replies"))
)


async def claim_next(
    *, session: AsyncSession, channels: list[str], now: datetime, lease: timedelta, limit: int,
    skip: set[int],
) -> list[StoredUpdate]:  # fmt: skip
    """Lease the oldest unsettled update of up to `limit` chats, never two of one chat.

    Only an update with no older unsettled one in its chat is taken, so a chat's updates are
    handled one after the other in the order received, whichever process takes them.
    """
    connection = await session.connection()
    statement = LEASE_LOCKED if connection.dialect.name == "postgresql" else LEASE
    parameters = {
        "channels": channels, "now": now, "skip": sorted(skip), "limit": limit,
        "until": now + lease,
    }  # fmt: skip
    # Plain rows: the ORM's identity map and per-row flush cost more than the statement.
    rows = sorted((await connection.execute(statement, parameters)).all())  # RETURNING: any order
    claimed = []
    for id, key, channel, chat_id, body, replies in rows:
        assert id is not None
        claimed.append(StoredUpdate(id, key, channel, chat_id, json.loads(body), replies))
    return claimed


async def mark_answered(*, session: AsyncSession, id: int, replies: str) -> None:
    """Keep the replies with the update, in the transaction that handled it."""
    await (await session.connection()).execute(ANSWER, {"update_id": id, "replies": replies})


_SETTLED = update(InboxUpdate).values(state=InboxState.DONE, replies=None, claimed_until=None)
SETTLE = _SETTLED.where(col(InboxUpdate.id).in_(bindparam("ids", expanding=True)))
SETTLE_ANSWERED = _SETTLED.where(
    col(InboxUpdate.id).in_(bindparam("ids", expanding=True)),
    col(InboxUpdate.state) == InboxState.ANSWERED,
).returning(col(InboxUpdate.id))
RELEASE = (
    update(InboxUpdate)
    .where(
        col(InboxUpdate.id).in_(bindparam("ids", expanding=True)),
        col(InboxUpdate.state) != InboxState.DONE,
    )
    .values(claimed_until=None)
)


async def settle(
    *, session: AsyncSession, done: Collection[int], if_answered: Collection[int]
) -> set[int]:
    """Settle updates whose replies went out (or that had none); return those left unsettled.

    `done` are settled whatever their state; `if_answered` only if their handling was
    committed (`mark_answered`). Those that were not are released, to be handled again.
    """
    connection = await session.connection()
    if done:
        await connection.execute(SETTLE, {"ids": list(done)})
    if not if_answered:
        return set()
    result = await connection.execute(SETTLE_ANSWERED, {"ids": list(if_answered)})
    lost = set(if_answered) - {row[0] for row in result}
    if lost:
        # Their handling was not committed (the database went away): take them again.
        await connection.execute(RELEASE, {"ids": sorted(lost)})
    return lost


async def waiting_updates(*, session: AsyncSession) -> int:
    """Return how many stored updates are not settled yet (every process's)."""
    statement = select(func.count()).where(col(InboxUpdate.state).in_(UNSETTLED))
    return int((await session.exec(statement)).one())


async def forget_done_before(*, session: AsyncSession, moment: datetime) -> int:
    """Delete settled updates received before `moment`; return how many went."""
    result = await session.exec(
        delete(InboxUpdate).where(
            col(InboxUpdate.state) == InboxState.DONE, col(InboxUpdate.received_at) < moment
        )
    )
    return int(result.rowcount)
