"""Query functions for a cluster's Excel export: reports, pledges and registrations as rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.pledge.rules import PledgeStatus
from storage.activity.models import ActivityReport
from storage.membership.models import Member, Unit
from storage.pledge.models import Pledge, UnitCollection
from storage.registration.models import Registration


@dataclass(frozen=True, slots=True)
class ReportLine:
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


async def _rows(session: AsyncSession, statement: sa.Executable) -> list[Any]:
    connection = await session.connection()
    return list((await connection.execute(statement)).all())


async def year_reports(
    *, session: AsyncSession, cluster_id: int, start: date, end: date
) -> list[ReportLine]:
    """Return the cluster's reports dated in [start, end], by date then unit."""
    statement = (
        sa.select(
            col(ActivityReport.day), col(Unit.name), col(ActivityReport.kind),
            col(ActivityReport.title), col(ActivityReport.participants),
            col(ActivityReport.anniversary_key), col(ActivityReport.example_at).is_not(None),
        )
        .join(Unit, col(Unit.id) == col(ActivityReport.unit_id))
        .where(
            col(Unit.cluster_id) == cluster_id,
            col(ActivityReport.day) >= start,
            col(ActivityReport.day) <= end,
        )
        .order_by(col(ActivityReport.day), col(Unit.name), col(ActivityReport.id))
    )  # fmt: skip
    return [
        ReportLine(day, str(unit), str(kind), str(title), int(people), key, bool(example))
        for day, unit, kind, title, people, key, example in await _rows(session, statement)
    ]


async def member_pledges(*, session: AsyncSession, cluster_id: int, year: int) -> list[PledgeLine]:
    """Return the live pledges of the cluster's units, then their collections, by unit."""
    pledges = (
        sa.select(
            col(Unit.name),
            col(Member.full_name),
            col(Pledge.amount),
            col(Pledge.status),
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
    )
    collections = (
        sa.select(col(Unit.name), col(UnitCollection.amount), col(UnitCollection.contributors))
        .join(Unit, col(Unit.id) == col(UnitCollection.unit_id))
        .where(col(Unit.cluster_id) == cluster_id, col(UnitCollection.campaign_year) == year)
        .order_by(col(Unit.name))
    )
    lines = [
        PledgeLine(
            str(unit),
            str(name),
            int(amount),
            str(status),
            paid_amount=int(paid) if paid is not None else None,
        )
        for unit, name, amount, status, paid in await _rows(session, pledges)
    ]
    # A collection counts as confirmed: the unit's reporter recorded money already in hand.
    lines += [
        PledgeLine(str(unit), None, int(amount), PledgeStatus.CONFIRMED.value, int(people))
        for unit, amount, people in await _rows(session, collections)
    ]
    return lines


async def year_registrations(
    *, session: AsyncSession, cluster_id: int, year: int
) -> list[RegistrationLine]:
    """Return the cluster's registrations for `year`, by unit."""
    statement = (
        select(Registration, Unit)
        .join(Unit, col(Unit.id) == col(Registration.unit_id))
        .where(col(Unit.cluster_id) == cluster_id, col(Registration.year) == year)
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
