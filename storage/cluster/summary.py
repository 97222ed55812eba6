"""Query functions for a cluster's summary: reports, registrations, examples, counted in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import and_, col, func, or_
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.registration.states import RegistrationStatus
from storage.activity.models import ActivityReport
from storage.membership.models import Unit
from storage.registration.models import Registration

NOT_YET = "none"  # the status of a unit with no registration row (or only a draft) this year


@dataclass(frozen=True, slots=True)
class ReportCoverage:
    """How many of a cluster's units reported an activity in a period, and how many reports."""

    units: int
    reported: int
    reports: int


@dataclass(frozen=True, slots=True)
class UnitActivity:
    """One unit's reports in a period and its registration status for the year."""

    unit_id: int
    reports: int
    registration: str  # a RegistrationStatus value, or NOT_YET


async def _rows(session: AsyncSession, statement: sa.Executable) -> list[Any]:
    connection = await session.connection()
    return list((await connection.execute(statement)).all())


def _in_period(start: date, end: date) -> sa.ColumnElement[bool]:
    return and_(
        col(ActivityReport.unit_id) == col(Unit.id),
        col(ActivityReport.day) >= start,
        col(ActivityReport.day) <= end,
    )


def _registration_of(year: int) -> sa.ColumnElement[bool]:
    return and_(col(Registration.unit_id) == col(Unit.id), col(Registration.year) == year)


def _status() -> sa.ColumnElement[str]:
    # A draft was never sent: for the leader it is the same as nothing at all.
    draft = or_(
        col(Registration.id).is_(None), col(Registration.status) == RegistrationStatus.DRAFT.value
    )
    return sa.case((draft, NOT_YET), else_=col(Registration.status))


async def report_coverage(
    *, session: AsyncSession, cluster_id: int, start: date, end: date
) -> ReportCoverage:
    """Count the cluster's units, those with a report dated in [start, end], and the reports."""
    statement = (
        sa.select(
            func.count(sa.distinct(col(Unit.id))),
            func.count(sa.distinct(col(ActivityReport.unit_id))),
            func.count(col(ActivityReport.id)),
        )
        .select_from(Unit)
        .outerjoin(ActivityReport, _in_period(start, end))
        .where(col(Unit.cluster_id) == cluster_id)
    )
    units, reported, reports = (await _rows(session, statement))[0]
    return ReportCoverage(int(units), int(reported), int(reports))


async def units_without_report(
    *, session: AsyncSession, cluster_id: int, start: date, end: date
) -> list[str]:
    """Return the names of the cluster's units with no report dated in [start, end]."""
    statement = (
        sa.select(col(Unit.name))
        .where(col(Unit.cluster_id) == cluster_id, ~sa.exists().where(_in_period(start, end)))
        .order_by(col(Unit.name))
    )
    return [str(name) for (name,) in await _rows(session, statement)]


async def registration_counts(
    *, session: AsyncSession, cluster_id: int, year: int
) -> dict[str, int]:
    """Count the cluster's units per registration status for `year` (NOT_YET: none sent)."""
    status = _status().label("status")
    statement = (
        sa.select(status, func.count())
        .select_from(Unit)
        .outerjoin(Registration, _registration_of(year))
        .where(col(Unit.cluster_id) == cluster_id)
        .group_by(status)
    )
    counts = {str(key): int(count) for key, count in await _rows(session, statement)}
    wanted = (NOT_YET, RegistrationStatus.SUBMITTED.value, RegistrationStatus.RETURNED.value,
              RegistrationStatus.ACCEPTED.value)  # fmt: skip
    return {key: counts.get(key, 0) for key in wanted}


async def units_not_registered(*, session: AsyncSession, cluster_id: int, year: int) -> list[str]:
    """Return the names of the cluster's units that have sent no registration for `year`."""
    statement = (
        sa.select(col(Unit.name))
        .select_from(Unit)
        .outerjoin(Registration, _registration_of(year))
        .where(col(Unit.cluster_id) == cluster_id, _status() == NOT_YET)
        .order_by(col(Unit.name))
    )
    return [str(name) for (name,) in await _rows(session, statement)]


async def example_count(*, session: AsyncSession, cluster_id: int, start: date, end: date) -> int:
    """Count the cluster's reports dated in [start, end] that were marked good examples."""
    statement = (
        sa.select(func.count())
        .select_from(ActivityReport)
        .join(Unit, col(Unit.id) == col(ActivityReport.unit_id))
        .where(
            col(Unit.cluster_id) == cluster_id,
            col(ActivityReport.example_at).is_not(None),
            col(ActivityReport.day) >= start,
            col(ActivityReport.day) <= end,
        )
    )
    return int((await _rows(session, statement))[0][0])


async def unit_activity(
    *, session: AsyncSession, cluster_id: int, start: date, end: date, year: int
) -> dict[int, UnitActivity]:
    """Return, per unit of the cluster, its reports in [start, end] and its registration."""
    reports = (
        sa.select(func.count(col(ActivityReport.id))).where(_in_period(start, end))
    ).scalar_subquery()
    statement = (
        sa.select(col(Unit.id), reports, _status())
        .select_from(Unit)
        .outerjoin(Registration, _registration_of(year))
        .where(col(Unit.cluster_id) == cluster_id)
    )
    return {
        int(unit_id): UnitActivity(int(unit_id), int(count), str(status))
        for unit_id, count, status in await _rows(session, statement)
    }
