"""Query functions of a turn of the year: its stored plan, its state and the steps done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.db.statements import dialect_insert
from storage.year.models import TurnStatus, YearTurn, YearTurnStep


@dataclass(frozen=True, slots=True)
class TurnRow:
    closed_year: int
    opened_year: int
    status: TurnStatus
    plan: list[dict[str, Any]]
    started_at: datetime
    finished_at: datetime | None


async def _insert(session: AsyncSession) -> Any:
    return dialect_insert((await session.connection()).dialect.name)


async def get_turn(*, session: AsyncSession, closed_year: int) -> TurnRow | None:
    """Return the turn that closes `closed_year`, if it has begun."""
    row = await session.get(YearTurn, closed_year)
    if row is None:
        return None
    return TurnRow(
        row.closed_year, row.opened_year, TurnStatus(row.status), list(row.plan),
        row.started_at, row.finished_at,
    )  # fmt: skip


async def is_closed(*, session: AsyncSession, year: int) -> bool:
    """Tell whether a turn closing `year` has begun (the year then takes no new work)."""
    statement = select(YearTurn.closed_year).where(col(YearTurn.closed_year) == year)
    return (await session.exec(statement)).first() is not None


async def begin_turn(
    *, session: AsyncSession, closed_year: int, opened_year: int, plan: list[dict[str, Any]],
    now: datetime,
) -> bool:  # fmt: skip
    """Store the turn with its plan; False when another run began it first (its plan stands)."""
    insert = await _insert(session)
    statement = (
        insert(YearTurn)
        .values(
            closed_year=closed_year, opened_year=opened_year, status=TurnStatus.RUNNING.value,
            plan=plan, started_at=now,
        )
        .on_conflict_do_nothing(index_elements=["closed_year"])
    )  # fmt: skip
    return bool((await session.exec(statement)).rowcount)


async def steps_done(*, session: AsyncSession, closed_year: int) -> set[str]:
    """Return the steps of the turn already committed."""
    statement = select(YearTurnStep.step).where(col(YearTurnStep.closed_year) == closed_year)
    return set((await session.exec(statement)).all())


async def claim_step(
    *, session: AsyncSession, closed_year: int, step: str, detail: str, now: datetime
) -> bool:
    """Record a step in the caller's transaction; False when it was done already.

    The step's work goes in the same transaction: both are committed, or neither is.
    """
    insert = await _insert(session)
    statement = (
        insert(YearTurnStep)
        .values(closed_year=closed_year, step=step, detail=detail[:500], done_at=now)
        .on_conflict_do_nothing(index_elements=["closed_year", "step"])
    )
    return bool((await session.exec(statement)).rowcount)


async def finish_turn(*, session: AsyncSession, closed_year: int, now: datetime) -> None:
    """Mark the turn done."""
    await session.exec(
        sa.update(YearTurn)
        .where(col(YearTurn.closed_year) == closed_year)
        .values(status=TurnStatus.DONE.value, finished_at=now)
    )
