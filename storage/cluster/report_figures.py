"""Query functions for the cluster's written report: people, reports grouped, featured examples.

The figures the summary and the export already count are read through
`storage.cluster.summary`, `storage.pledge.totals` and `storage.cluster.export_rows`; these are
the ones only the report needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, func
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.roles import Role
from storage.activity.models import ActivityReport
from storage.membership.models import Identity, Member, Unit


@dataclass(frozen=True, slots=True)
class People:
    """A cluster's members on record and how many of them joined the bot (have an account)."""

    members: int
    joined: int


@dataclass(frozen=True, slots=True)
class Group:
    """Reports of one kind (or one anniversary) in a period, with their participants."""

    key: str
    reports: int
    participants: int
    units: int


@dataclass(frozen=True, slots=True)
class Notable:
    """One report named in the document: a featured example or one of the largest."""

    day: date
    unit_name: str
    kind: str
    title: str
    participants: int
    anniversary_key: str | None
    example: bool


@dataclass(frozen=True, slots=True)
class Signatory:
    """Who signs for the cluster: its leader, or a deputy when it has none on record."""

    full_name: str
    unit_name: str
    deputy: bool = False


async def _rows(session: AsyncSession, statement: sa.Executable) -> list[Any]:
    connection = await session.connection()
    return list((await connection.execute(statement)).all())


def _reports_of(cluster_id: int, start: date, end: date) -> list[sa.ColumnElement[bool]]:
    return [
        col(Unit.cluster_id) == cluster_id,
        col(ActivityReport.day) >= start,
        col(ActivityReport.day) <= end,
    ]


async def people(*, session: AsyncSession, cluster_id: int) -> People:
    """Count the active members of the cluster's units, and those with an account on a channel."""
    joined = sa.exists().where(col(Identity.member_id) == col(Member.id))
    statement = (
        sa.select(func.count(), func.coalesce(func.sum(sa.case((joined, 1), else_=0)), 0))
        .select_from(Member)
        .join(Unit, col(Unit.id) == col(Member.unit_id))
        .where(col(Unit.cluster_id) == cluster_id, col(Member.active).is_(True),
               col(Member.role) != Role.GUEST.value)
    )  # fmt: skip
    members, with_account = (await _rows(session, statement))[0]
    return People(int(members), int(with_account))


async def _grouped(
    session: AsyncSession, key: Any, cluster_id: int, start: date, end: date
) -> list[Group]:
    statement = (
        sa.select(
            key, func.count(), func.coalesce(func.sum(col(ActivityReport.participants)), 0),
            func.count(sa.distinct(col(ActivityReport.unit_id))),
        )
        .join(Unit, col(Unit.id) == col(ActivityReport.unit_id))
        .where(*_reports_of(cluster_id, start, end), key.is_not(None))
        .group_by(key)
        .order_by(func.count().desc(), key)
    )  # fmt: skip
    return [
        Group(str(k), int(reports), int(people), int(units))
        for k, reports, people, units in await _rows(session, statement)
    ]


async def reports_by_kind(
    *, session: AsyncSession, cluster_id: int, start: date, end: date
) -> list[Group]:
    """Return the cluster's reports dated in [start, end] per kind, the most frequent first."""
    return await _grouped(session, col(ActivityReport.kind), cluster_id, start, end)


async def reports_by_anniversary(
    *, session: AsyncSession, cluster_id: int, start: date, end: date
) -> list[Group]:
    """Return the reports dated in [start, end] held for an anniversary, per anniversary."""
    return await _grouped(session, col(ActivityReport.anniversary_key), cluster_id, start, end)


async def notable_reports(
    *,
    session: AsyncSession,
    cluster_id: int,
    start: date,
    end: date,
    limit: int,
    featured_only: bool = False,
) -> list[Notable]:
    """Return up to `limit` reports dated in [start, end]: featured examples first, then the
    ones with the most participants (with `featured_only`, the examples alone)."""
    example = col(ActivityReport.example_at).is_not(None)
    where = [*_reports_of(cluster_id, start, end), *([example] if featured_only else [])]
    statement = (
        sa.select(
            col(ActivityReport.day), col(Unit.name), col(ActivityReport.kind),
            col(ActivityReport.title), col(ActivityReport.participants),
            col(ActivityReport.anniversary_key), example,
        )
        .join(Unit, col(Unit.id) == col(ActivityReport.unit_id))
        .where(*where)
        .order_by(sa.case((example, 0), else_=1), col(ActivityReport.participants).desc(),
                  col(ActivityReport.day), col(ActivityReport.id))
        .limit(limit)
    )  # fmt: skip
    return [
        Notable(day, str(unit), str(kind), str(title), int(n), key, bool(featured))
        for day, unit, kind, title, n, key, featured in await _rows(session, statement)
    ]


async def signatory(*, session: AsyncSession, cluster_id: int) -> Signatory | None:
    """Return the cluster's leader (the first on record when there are several), else its
    first deputy, who signs «KT. TRƯỞNG CỤM»; None when it has neither."""
    deputy = col(Member.role) == Role.DEPUTY.value
    statement = (
        sa.select(col(Member.full_name), col(Unit.name), deputy)
        .outerjoin(Unit, col(Unit.id) == col(Member.unit_id))
        .where(col(Member.cluster_id) == cluster_id,
               col(Member.role).in_([Role.LEADER.value, Role.DEPUTY.value]),
               col(Member.active).is_(True))
        .order_by(deputy, col(Member.id))
        .limit(1)
    )  # fmt: skip
    rows = await _rows(session, statement)
    if not rows:
        return None
    name, unit, is_deputy = rows[0]
    return Signatory(str(name), str(unit or ""), bool(is_deputy))
