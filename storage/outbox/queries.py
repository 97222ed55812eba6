"""Query functions for the outbox: messages waiting to be delivered, one row per recipient."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam
from sqlalchemy import select as select_columns
from sqlmodel import col, delete, func, or_, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.db.statements import dialect_insert
from storage.outbox.models import Outbox, OutboxStatus

SENDING = "sending"  # claimed by an outbox sender; `not_before` is the end of its lease


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    key: str
    channel: str
    chat_id: str
    text: str
    attempts: int


async def enqueue(
    *,
    session: AsyncSession,
    key: str,
    channel: str,
    chat_id: str,
    text: str,
    member_id: int | None,
    not_before: datetime,
) -> bool:
    """Add a message unless one with this key exists; return whether it was added."""
    dialect = (await session.connection()).dialect.name
    insert = dialect_insert(dialect)
    statement = (
        insert(Outbox)
        .values(
            key=key, channel=channel, chat_id=chat_id, text=text, member_id=member_id,
            status=OutboxStatus.PENDING.value, attempts=0, not_before=not_before,
            created_at=not_before, last_error="",
        )
        .on_conflict_do_nothing(index_elements=["key"])
    )  # fmt: skip
    result = await session.exec(statement)
    return bool(result.rowcount)


async def claim_due(
    *, session: AsyncSession, now: datetime, limit: int, lease: timedelta
) -> list[OutboxItem]:
    """Lease up to `limit` due messages; a lease that ran out (a crash) makes them due again."""
    statement = (
        select_columns(
            col(Outbox.id),
            col(Outbox.key),
            col(Outbox.channel),
            col(Outbox.chat_id),
            col(Outbox.text),
            col(Outbox.attempts),
        )
        .where(
            or_(col(Outbox.status) == OutboxStatus.PENDING.value, col(Outbox.status) == SENDING),
            col(Outbox.not_before) <= now,
        )
        .order_by(col(Outbox.not_before), col(Outbox.id))
        .limit(limit)
    )
    if (await session.connection()).dialect.name == "postgresql":
        # Several bot processes may drain one outbox; each row goes to one of them.
        statement = statement.with_for_update(skip_locked=True)
    rows = (await (await session.connection()).execute(statement)).all()
    items = [OutboxItem(*row) for row in rows]  # type: ignore[arg-type]  # stored: id is set
    if items:  # one statement for the whole batch, not one per row
        await session.exec(
            update(Outbox)
            .where(col(Outbox.id).in_([item.id for item in items]))
            .values(status=SENDING, not_before=now + lease)
            .execution_options(synchronize_session=False)
        )
    return items


@dataclass(frozen=True, slots=True)
class Settlement:
    """The outcome of one attempt; with `retry_at` the message waits for another."""

    item_id: int
    status: str
    now: datetime
    error: str = ""
    retry_at: datetime | None = None


async def settle_many(*, session: AsyncSession, outcomes: Sequence[Settlement]) -> None:
    """Record many outcomes with one statement run for each (one round of executemany)."""
    if not outcomes:
        return
    table = Outbox.__table__  # type: ignore[attr-defined]
    statement = (
        update(table)
        .where(table.c.id == bindparam("item_id"))
        .values(
            attempts=table.c.attempts + 1,
            last_error=bindparam("error"),
            status=bindparam("new_status"),
            not_before=func.coalesce(bindparam("retry_at", type_=table.c.not_before.type),
                                     table.c.not_before),
            sent_at=func.coalesce(bindparam("sent", type_=table.c.sent_at.type),
                                  table.c.sent_at),
        )
    )  # fmt: skip
    rows = []
    for outcome in outcomes:
        retrying = outcome.retry_at is not None
        rows.append(
            {
                "item_id": outcome.item_id,
                "error": outcome.error[:500],
                "new_status": OutboxStatus.PENDING.value if retrying else outcome.status,
                "retry_at": outcome.retry_at,
                "sent": outcome.now
                if not retrying and outcome.status == OutboxStatus.SENT.value
                else None,
            }
        )
    await (await session.connection()).execute(statement, rows)


async def settle(
    *,
    session: AsyncSession,
    item_id: int,
    status: str,
    now: datetime,
    error: str = "",
    retry_at: datetime | None = None,
) -> None:
    """Record the outcome of one attempt; with `retry_at` the message waits for another."""
    values: dict[str, object] = {"attempts": col(Outbox.attempts) + 1, "last_error": error[:500]}
    if retry_at is not None:
        values |= {"status": OutboxStatus.PENDING.value, "not_before": retry_at}
    else:
        values |= {"status": status}
        if status == OutboxStatus.SENT.value:
            values["sent_at"] = now
    await session.exec(update(Outbox).where(col(Outbox.id) == item_id).values(**values))


async def next_due(*, session: AsyncSession) -> datetime | None:
    """Return when the earliest waiting message falls due."""
    statement = select(func.min(Outbox.not_before)).where(
        or_(col(Outbox.status) == OutboxStatus.PENDING.value, col(Outbox.status) == SENDING)
    )
    return (await session.exec(statement)).one()


async def status_counts(*, session: AsyncSession, key_prefix: str) -> dict[str, int]:
    """Count the messages whose key starts with `key_prefix`, per status."""
    statement = (
        select(Outbox.status, func.count())
        .where(col(Outbox.key).startswith(key_prefix))
        .group_by(col(Outbox.status))
    )
    return {status: count for status, count in (await session.exec(statement)).all()}


async def forget_settled_before(*, session: AsyncSession, moment: datetime) -> int:
    """Delete delivered, failed and skipped messages created before `moment`."""
    waiting = (OutboxStatus.PENDING.value, SENDING)
    result = await session.exec(
        delete(Outbox).where(col(Outbox.created_at) < moment, col(Outbox.status).not_in(waiting))
    )
    return int(result.rowcount)


async def waiting_count(*, session: AsyncSession) -> int:
    """Count the messages not yet settled (waiting, or in a dispatcher's hands)."""
    statement = select(func.count()).where(
        or_(col(Outbox.status) == OutboxStatus.PENDING.value, col(Outbox.status) == SENDING)
    )
    return int((await session.exec(statement)).one())
