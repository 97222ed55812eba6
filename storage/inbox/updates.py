"""Processed update keys (dropping repeated deliveries): the table and its query functions."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel, col, delete
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.db.statements import dialect_insert
from storage.db.times import utcnow


class ProcessedUpdate(SQLModel, table=True):
    """Keys of updates already handled, so a repeated delivery is dropped."""

    key: str = Field(primary_key=True, max_length=128)
    created_at: datetime = Field(default_factory=utcnow, index=True)


async def remember_update(*, session: AsyncSession, key: str) -> bool:
    """Record `key`; return False when it was already recorded (a repeat)."""
    dialect = (await session.connection()).dialect.name
    insert = dialect_insert(dialect)
    statement = (
        insert(ProcessedUpdate)
        .values(key=key, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["key"])
    )
    # Through the connection: the ORM's execution path costs more than the statement here.
    result = await (await session.connection()).execute(statement)
    return bool(result.rowcount)


async def forget_updates_before(*, session: AsyncSession, moment: datetime) -> int:
    """Delete keys older than `moment`; return how many went."""
    result = await session.exec(
        delete(ProcessedUpdate).where(col(ProcessedUpdate.created_at) < moment)
    )
    return int(result.rowcount)
