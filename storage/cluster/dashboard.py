"""Query functions the dashboard adds to /tonghop's: activities by kind and month, examples."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, func
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.activity.models import ActivityReport
from storage.membership.models import Unit


@dataclass(frozen=True, slots=True)
class Example:
    """A report marked as a good example, as the page lists it."""

    unit: str
    title: str
    day: date


async def _rows(session: AsyncSession, statement: sa.Executable) -> list[Any]:
    connection = await session.connection()
    return list((await connection.execute(statement)).all())


def _of_cluster(cluster_id: int, start: date, end: date) -> list[sa.ColumnElement[bool]]:
    return [
        col(Unit.cluster_id) == cluster_id,
        col(ActivityReport.day) >= start,
        col(ActivityReport.day) <= end,
    ]


async def activities_by_kind(
    *, session: AsyncSession, cluster_id: int, start: date, end: date
) -> dict[str, int]:
    """Count the cluster's reports dated in [start, end] per kind of activity."""
    statement = (
        sa.select(col(ActivityReport.kind), func.count())
        .join(Unit, col(Unit.id) == col(ActivityReport.unit_id))
        .where(*_of_cluster(cluster_id, start, end))
        .group_by(col(ActivityReport.kind))
    )
    return {str(kind): int(count) for kind, count in await _rows(session, statement)}


async def activities_by_month(
    *, session: AsyncSession, cluster_id: int, start: date, end: date
) -> dict[int, int]:
    """Count the cluster's reports dated in [start, end] per month (1-12)."""
    # Reports are few per unit and month: reading the days keeps the SQL the same on both
    # databases (SQLite has no EXTRACT) at a cost of one small column.
    statement = (
        sa.select(col(ActivityReport.day))
        .join(Unit, col(Unit.id) == col(ActivityReport.unit_id))
        .where(*_of_cluster(cluster_id, start, end))
    )
    months: dict[int, int] = {}
    for (day,) in await _rows(session, statement):
        months[day.month] = months.get(day.month, 0) + 1
    return months


async def examples(
    *, session: AsyncSession, cluster_id: int, start: date, end: date, limit: int = 10
) -> list[Example]:
    """Return the cluster's newest good examples dated in [start, end]."""
    statement = (
        sa.select(col(Unit.name), col(ActivityReport.title), col(ActivityReport.day))
        .join(Unit, col(Unit.id) == col(ActivityReport.unit_id))
        .where(*_of_cluster(cluster_id, start, end), col(ActivityReport.example_at).is_not(None))
        .order_by(col(ActivityReport.day).desc(), col(ActivityReport.id).desc())
        .limit(limit)
    )
    return [
        Example(str(unit), str(title), day) for unit, title, day in await _rows(session, statement)
    ]
