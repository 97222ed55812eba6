"""One picture of a cluster: the figures /tonghop, the dashboard, the export and the report read.

`read_cluster` reads the headline figures of a period in one statement per unit and one
count: every total (units that reported, registrations, pledges) is the sum of the unit rows
the same read returns, so a view's table and its headline cannot disagree. The functions after
it read the detail a view lists (reports per kind, the reports themselves, pledges,
registrations, people), for the same `Period`.

This package is the one place that reads across features' tables: the shared read model.
Pledges are counted by `storage.pledge.totals`, the rule's one home.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlmodel import and_, col, func, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.pledge.rules import PledgeStatus
from domain.registration.states import RegistrationStatus
from domain.roles import Role
from storage.activity.models import ActivityReport
from storage.membership.absences import away_on
from storage.membership.models import Absence, Identity, Member, Unit
from storage.membership.org import ClusterInfo
from storage.membership.short_names import unit_labels
from storage.pledge import totals as pledge_totals
from storage.pledge.models import Pledge, UnitCollection
from storage.pledge.totals import Totals
from storage.registration.models import Registration

NOT_YET = "none"  # the status of a unit with no registration row (or only a draft) this year
_COUNTED = (NOT_YET, RegistrationStatus.SUBMITTED.value, RegistrationStatus.RETURNED.value,
            RegistrationStatus.ACCEPTED.value)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Period:
    """What a picture covers: reports dated in [start, end], registrations and good examples
    of the calendar `year`, pledges of the campaign of `campaign_year`."""

    start: date
    end: date
    year: int
    campaign_year: int
    # The day members away (on leave, on a course…) are counted on; None: the period's last.
    present_on: date | None = None

    @property
    def away_day(self) -> date:
        """Return the day the members away are counted on."""
        return self.present_on or self.end


@dataclass(frozen=True, slots=True)
class UnitActivity:
    """One unit's reports in the period and its registration status for the year."""

    unit_id: int
    reports: int
    registration: str  # a RegistrationStatus value, or NOT_YET


@dataclass(frozen=True, slots=True)
class UnitLine:
    """One unit's row: its pledge figures and headcount, its reports and registration."""

    totals: Totals
    activity: UnitActivity
    label: str  # the unit's short name where it has one: what a chart's narrow label shows
    away: int = 0  # members away on the period's `away_day`: counted apart, not as missing


@dataclass(frozen=True, slots=True)
class ReportCoverage:
    """How many of a cluster's units reported an activity in a period, and how many reports."""

    units: int
    reported: int
    reports: int


@dataclass(frozen=True, slots=True)
class ClusterPicture:
    """A cluster's headline figures for a period; every total is the sum of `units`."""

    cluster: ClusterInfo
    period: Period
    units: list[UnitLine]  # by name
    totals: Totals  # the cluster's pledge figures and headcount
    coverage: ReportCoverage  # reports dated in the period
    missing_reports: list[str]  # units with none, by name
    registrations: dict[str, int]  # status (NOT_YET for none sent) -> units
    not_registered: list[str]  # by name
    examples: int  # reports of the year marked good examples
    away: dict[str, int] = field(default_factory=dict)  # AbsenceReason value -> members away


@dataclass(frozen=True, slots=True)
class Group:
    """Reports of one kind (or one anniversary) in a period, with their participants."""

    key: str
    reports: int
    participants: int
    units: int


@dataclass(frozen=True, slots=True)
class Report:
    """One activity report as a view lists it."""

    day: date
    unit_name: str
    kind: str
    title: str
    participants: int
    anniversary_key: str | None
    example: bool


@dataclass(frozen=True, slots=True)
class PledgeLine:
    """A member's pledge, or (member_name None) what a unit collected outside the bot."""

    unit_name: str
    member_name: str | None
    amount: int
    status: str
    contributors: int = 1
    paid_amount: int | None = None  # what matched bank transfers brought


@dataclass(frozen=True, slots=True)
class RegistrationLine:
    unit_name: str
    status: str
    targets: list[dict[str, Any]]
    titles: list[str]
    rewards: list[str]
    return_reason: str
    submitted_at: datetime | None
    reviewed_at: datetime | None


@dataclass(frozen=True, slots=True)
class People:
    """A cluster's members on record and how many of them joined the bot (have an account)."""

    members: int
    joined: int


@dataclass(frozen=True, slots=True)
class Signatory:
    """Who signs for the cluster: its leader, or a deputy when it has none on record."""

    full_name: str
    unit_name: str
    deputy: bool = False


async def _rows(
    session: AsyncSession, statement: sa.Executable, parameters: dict[str, Any] | None = None
) -> list[Any]:
    connection = await session.connection()
    return list((await connection.execute(statement, parameters or {})).all())


@functools.cache
def _units_statement() -> sa.Executable:
    """Each unit's pledge figures, its reports in `:start`..`:end` and its registration status
    for `:registration_year`; built once, like the pledge totals it extends."""
    units = pledge_totals.per_unit_figures()  # binds :scope_id (the cluster) and :year
    reports = (
        sa.select(func.count(col(ActivityReport.id)))
        .where(
            col(ActivityReport.unit_id) == units.c.id,
            col(ActivityReport.day) >= sa.bindparam("start"),
            col(ActivityReport.day) <= sa.bindparam("end"),
        )
        .correlate(units)
        .scalar_subquery()
    )
    # A draft was never sent: for the leader it is the same as nothing at all.
    draft = or_(
        col(Registration.id).is_(None), col(Registration.status) == RegistrationStatus.DRAFT.value
    )
    status = sa.case((draft, NOT_YET), else_=col(Registration.status))
    registered = and_(
        col(Registration.unit_id) == units.c.id,
        col(Registration.year) == sa.bindparam("registration_year"),
    )
    away = (
        sa.select(func.count(col(Member.id)))
        .where(col(Member.unit_id) == units.c.id, *_present(), away_on(col(Member.id),
               sa.bindparam("away_day", type_=sa.Date())))
        .correlate(units)
        .scalar_subquery()
    )  # fmt: skip
    return (
        sa.select(
            units, reports.label("reports"), status.label("registration"), away.label("away")
        )
        .select_from(units)
        .outerjoin(Registration, registered)
        .order_by(units.c.name, units.c.id)
    )


def _present() -> list[sa.ColumnElement[bool]]:
    """Members on record: active and joined a unit (a guest has none)."""
    return [col(Member.active).is_(True), col(Member.role) != Role.GUEST.value]


def _in_period(cluster_id: int, start: date, end: date) -> list[sa.ColumnElement[bool]]:
    return [
        col(Unit.cluster_id) == cluster_id,
        col(ActivityReport.day) >= start,
        col(ActivityReport.day) <= end,
    ]


async def read_cluster(
    *, session: AsyncSession, cluster: ClusterInfo, period: Period
) -> ClusterPicture:
    """Read the cluster's headline figures for the period."""
    parameters = {"scope_id": cluster.id, "year": period.campaign_year, "start": period.start,
                  "end": period.end, "registration_year": period.year,
                  "away_day": period.away_day}  # fmt: skip
    labels = await unit_labels(session=session, cluster_id=cluster.id)
    units = [
        UnitLine(
            pledge_totals.totals_of(row),
            UnitActivity(int(row.id), int(row.reports), str(row.registration)),
            labels.get(int(row.id), str(row.name)),
            int(row.away),
        )
        for row in await _rows(session, _units_statement(), parameters)
    ]
    # Sums over a cluster's few units (not its members): the headline is the table's total.
    statuses = [unit.activity.registration for unit in units]
    return ClusterPicture(
        cluster=cluster, period=period, units=units,
        totals=pledge_totals.summed(cluster.id, cluster.code, cluster.name,
                                    [unit.totals for unit in units]),
        coverage=ReportCoverage(
            len(units), sum(1 for unit in units if unit.activity.reports),
            sum(unit.activity.reports for unit in units),
        ),
        missing_reports=[unit.totals.name for unit in units if not unit.activity.reports],
        registrations={status: statuses.count(status) for status in _COUNTED},
        not_registered=[unit.totals.name for unit in units
                        if unit.activity.registration == NOT_YET],
        examples=await _example_count(session, cluster.id, period.year),
        away=await _away_by_reason(session, cluster.id, period.away_day)
        if any(unit.away for unit in units) else {},
    )  # fmt: skip


async def units_reporting(*, session: AsyncSession, cluster_id: int, period: Period) -> int:
    """Count the cluster's units that reported an activity in the period: the picture's
    `coverage.reported` alone, for the province's table's other phase."""
    statement = (
        sa.select(func.count(sa.distinct(col(ActivityReport.unit_id))))
        .join(Unit, col(Unit.id) == col(ActivityReport.unit_id))
        .where(*_in_period(cluster_id, period.start, period.end))
    )
    return int((await _rows(session, statement))[0][0])


async def _away_by_reason(session: AsyncSession, cluster_id: int, day: date) -> dict[str, int]:
    """Count the cluster's members away on `day` per reason (one absence per member a day)."""
    statement = (
        sa.select(col(Absence.reason), func.count(sa.distinct(col(Member.id))))
        .join(Member, col(Member.id) == col(Absence.member_id))
        .join(Unit, col(Unit.id) == col(Member.unit_id))
        .where(col(Unit.cluster_id) == cluster_id, *_present(), col(Absence.start) <= day,
               col(Absence.end) >= day)
        .group_by(col(Absence.reason))
        .order_by(col(Absence.reason))
    )  # fmt: skip
    return {str(reason): int(count) for reason, count in await _rows(session, statement)}


async def _example_count(session: AsyncSession, cluster_id: int, year: int) -> int:
    statement = (
        sa.select(func.count())
        .select_from(ActivityReport)
        .join(Unit, col(Unit.id) == col(ActivityReport.unit_id))
        .where(
            *_in_period(cluster_id, date(year, 1, 1), date(year, 12, 31)),
            col(ActivityReport.example_at).is_not(None),
        )
    )
    return int((await _rows(session, statement))[0][0])


async def _grouped(
    session: AsyncSession, key: Any, cluster_id: int, period: Period
) -> list[Group]:
    statement = (
        sa.select(
            key, func.count(), func.coalesce(func.sum(col(ActivityReport.participants)), 0),
            func.count(sa.distinct(col(ActivityReport.unit_id))),
        )
        .join(Unit, col(Unit.id) == col(ActivityReport.unit_id))
        .where(*_in_period(cluster_id, period.start, period.end), key.is_not(None))
        .group_by(key)
        .order_by(func.count().desc(), key)
    )  # fmt: skip
    return [
        Group(str(k), int(reports), int(people), int(units))
        for k, reports, people, units in await _rows(session, statement)
    ]


async def reports_by_kind(
    *, session: AsyncSession, cluster_id: int, period: Period
) -> list[Group]:
    """Return the cluster's reports in the period per kind, the most frequent first."""
    return await _grouped(session, col(ActivityReport.kind), cluster_id, period)


async def reports_by_anniversary(
    *, session: AsyncSession, cluster_id: int, period: Period
) -> list[Group]:
    """Return the reports in the period held for an anniversary, per anniversary."""
    return await _grouped(session, col(ActivityReport.anniversary_key), cluster_id, period)


async def reports_by_month(
    *, session: AsyncSession, cluster_id: int, period: Period
) -> dict[int, int]:
    """Count the cluster's reports in the period per month (1-12)."""
    # Reports are few per unit and month: reading the days keeps the SQL the same on both
    # databases (SQLite has no EXTRACT) at a cost of one small column.
    statement = (
        sa.select(col(ActivityReport.day))
        .join(Unit, col(Unit.id) == col(ActivityReport.unit_id))
        .where(*_in_period(cluster_id, period.start, period.end))
    )
    months: dict[int, int] = {}
    for (day,) in await _rows(session, statement):
        months[day.month] = months.get(day.month, 0) + 1
    return months


Order = Literal["date", "newest", "notable"]


async def reports(
    *, session: AsyncSession, cluster_id: int, period: Period, order: Order = "date",
    limit: int | None = None, examples_only: bool = False,
) -> list[Report]:  # fmt: skip
    """Return the cluster's reports in the period (with `examples_only`, the good examples).

    `order`: "date" by day then unit (the export), "newest" first (the dashboard), "notable":
    examples first, then the most participants (the report's highlights).
    """
    example = col(ActivityReport.example_at).is_not(None)
    orders: dict[Order, list[Any]] = {
        "date": [col(ActivityReport.day), col(Unit.name), col(ActivityReport.id)],
        "newest": [col(ActivityReport.day).desc(), col(ActivityReport.id).desc()],
        "notable": [sa.case((example, 0), else_=1), col(ActivityReport.participants).desc(),
                    col(ActivityReport.day), col(ActivityReport.id)],
    }  # fmt: skip
    statement = (
        sa.select(
            col(ActivityReport.day), col(Unit.name), col(ActivityReport.kind),
            col(ActivityReport.title), col(ActivityReport.participants),
            col(ActivityReport.anniversary_key), example,
        )
        .join(Unit, col(Unit.id) == col(ActivityReport.unit_id))
        .where(*_in_period(cluster_id, period.start, period.end),
               *([example] if examples_only else []))
        .order_by(*orders[order])
        .limit(limit)
    )  # fmt: skip
    return [
        Report(day, str(unit), str(kind), str(title), int(people), key, bool(featured))
        for day, unit, kind, title, people, key, featured in await _rows(session, statement)
    ]


async def pledge_lines(
    *, session: AsyncSession, cluster_id: int, period: Period
) -> list[PledgeLine]:
    """Return the live pledges of the cluster's units, then their collections, by unit."""
    year = period.campaign_year
    pledges = (
        sa.select(
            col(Unit.name), col(Member.full_name), col(Pledge.amount), col(Pledge.status),
            col(Pledge.paid_amount),
        )
        .join(Unit, col(Unit.id) == col(Pledge.unit_id))
        .join(Member, col(Member.id) == col(Pledge.member_id))
        .where(
            col(Unit.cluster_id) == cluster_id,
            col(Pledge.campaign_year) == year,
            col(Pledge.status) != PledgeStatus.CANCELLED.value,
        )
        .order_by(col(Unit.name), col(Member.full_name), col(Pledge.id))
    )  # fmt: skip
    collections = (
        sa.select(col(Unit.name), col(UnitCollection.amount), col(UnitCollection.contributors))
        .join(Unit, col(Unit.id) == col(UnitCollection.unit_id))
        .where(col(Unit.cluster_id) == cluster_id, col(UnitCollection.campaign_year) == year)
        .order_by(col(Unit.name))
    )
    lines = [
        PledgeLine(str(unit), str(name), int(amount), str(status),
                   paid_amount=int(paid) if paid is not None else None)
        for unit, name, amount, status, paid in await _rows(session, pledges)
    ]  # fmt: skip
    # A collection counts as confirmed: the unit's reporter recorded money already in hand.
    lines += [
        PledgeLine(str(unit), None, int(amount), PledgeStatus.CONFIRMED.value, int(people))
        for unit, amount, people in await _rows(session, collections)
    ]
    return lines


async def registration_lines(
    *, session: AsyncSession, cluster_id: int, period: Period
) -> list[RegistrationLine]:
    """Return the cluster's registrations for the period's year, by unit."""
    statement = (
        select(Registration, Unit)
        .join(Unit, col(Unit.id) == col(Registration.unit_id))
        .where(col(Unit.cluster_id) == cluster_id, col(Registration.year) == period.year)
        .order_by(col(Unit.name))
    )
    return [
        RegistrationLine(
            unit_name=unit.name, status=row.status, targets=list(row.targets or []),
            titles=list(row.titles or []), rewards=list(row.rewards or []),
            return_reason=row.return_reason, submitted_at=row.submitted_at,
            reviewed_at=row.reviewed_at,
        )
        for row, unit in (await session.exec(statement)).all()
    ]  # fmt: skip


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
