"""Everything stored about one person, from every feature: their page and their export.

Plain rows out (no live models): their member row, channel accounts, pledges, reports,
absences, the registration notes they wrote, a remembered salary, and the trail's lines
about them (subject "#id …", `domain.office.people.subject`) or by them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import col, func
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.activity.models import ActivityReport
from storage.audit.models import AuditEntry
from storage.membership.models import Absence, Identity, Member, Unit
from storage.people.search import read_rows as _rows
from storage.pledge.models import MemberSalary, Pledge
from storage.registration.models import RegistrationEvent


@dataclass(frozen=True, slots=True)
class Account:
    channel: str
    external_user_id: str
    chat_id: str
    display_name: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class PledgeLine:
    id: int
    campaign_year: int
    unit: str
    amount: int
    status: str
    paid_amount: int | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ReportLine:
    id: int
    day: date
    unit: str
    kind: str
    title: str
    participants: int
    description: str
    example: bool  # marked a good example
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AwayLine:
    id: int
    reason: str
    start: date
    end: date
    created_at: datetime


@dataclass(frozen=True, slots=True)
class TrailEntry:
    at: datetime
    actor_id: int | None
    kind: str
    action: str
    subject: str
    old: str
    new: str
    reason: str


@dataclass(frozen=True, slots=True)
class PersonFile:
    """What is stored about one person; `reports` is the newest `limit` when one was given."""

    member_id: int
    full_name: str
    role: str
    locale: str | None
    active: bool
    unit_id: int | None
    led_cluster_id: int | None
    created_at: datetime
    accounts: list[Account]
    pledges: list[PledgeLine]
    report_count: int
    reports: list[ReportLine]
    absences: list[AwayLine]
    about: list[TrailEntry]  # the trail's lines about them, newest first
    by: list[TrailEntry]  # what they did on the console (their sign-ins, their changes)
    notes: list[tuple[datetime, str, str]]  # registration notes they wrote: at, action, note
    salary: int | None


def about_them(member_id: int) -> sa.ColumnElement[bool]:
    """Return "this trail line is about the person": its subject is "#id" or "#id …"."""
    tag = f"#{member_id}"
    return sa.or_(col(AuditEntry.subject) == tag, col(AuditEntry.subject).startswith(tag + " "))


async def _trail(
    session: AsyncSession, where: sa.ColumnElement[bool], limit: int | None
) -> list[TrailEntry]:
    statement = sa.select(
        col(AuditEntry.at), col(AuditEntry.actor_id), col(AuditEntry.kind),
        col(AuditEntry.action), col(AuditEntry.subject), col(AuditEntry.old),
        col(AuditEntry.new), col(AuditEntry.reason),
    ).where(where)  # fmt: skip
    statement = statement.order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc())
    return [TrailEntry(*row) for row in await _rows(session, statement.limit(limit))]


async def _pledges(session: AsyncSession, member_id: int) -> list[PledgeLine]:
    statement = (
        sa.select(
            col(Pledge.id), col(Pledge.campaign_year), col(Unit.name), col(Pledge.amount),
            col(Pledge.status), col(Pledge.paid_amount), col(Pledge.created_at),
            col(Pledge.updated_at),
        )
        .join(Unit, col(Unit.id) == col(Pledge.unit_id))
        .where(col(Pledge.member_id) == member_id)
        .order_by(col(Pledge.campaign_year).desc())
    )  # fmt: skip
    return [PledgeLine(*row) for row in await _rows(session, statement)]


async def _reports(
    session: AsyncSession, member_id: int, limit: int | None
) -> tuple[int, list[ReportLine]]:
    mine = col(ActivityReport.author_id) == member_id
    count = (await _rows(session, sa.select(func.count()).where(mine)))[0][0]
    statement = (
        sa.select(
            col(ActivityReport.id), col(ActivityReport.day), col(Unit.name),
            col(ActivityReport.kind), col(ActivityReport.title),
            col(ActivityReport.participants), col(ActivityReport.description),
            col(ActivityReport.example_at).is_not(None), col(ActivityReport.created_at),
        )
        .join(Unit, col(Unit.id) == col(ActivityReport.unit_id))
        .where(mine)
        .order_by(col(ActivityReport.day).desc(), col(ActivityReport.id).desc())
        .limit(limit)
    )  # fmt: skip
    return int(count), [ReportLine(*row) for row in await _rows(session, statement)]


async def person_file(
    *, session: AsyncSession, member_id: int, limit: int | None = None
) -> PersonFile | None:
    """Return what is stored about the person (None: no such member); `limit` caps the
    reports and trail lines read (the page), None reads them all (the export)."""
    member = await session.get(Member, member_id)
    if member is None or member.id is None:
        return None
    accounts = await _rows(session, sa.select(
        col(Identity.channel), col(Identity.external_user_id), col(Identity.chat_id),
        col(Identity.display_name), col(Identity.created_at),
    ).where(col(Identity.member_id) == member_id).order_by(col(Identity.channel)))  # fmt: skip
    absences = await _rows(session, sa.select(
        col(Absence.id), col(Absence.reason), col(Absence.start), col(Absence.end),
        col(Absence.created_at),
    ).where(col(Absence.member_id) == member_id).order_by(col(Absence.start).desc()))  # fmt: skip
    notes = await _rows(session, sa.select(
        col(RegistrationEvent.at), col(RegistrationEvent.action), col(RegistrationEvent.note),
    ).where(col(RegistrationEvent.member_id) == member_id, col(RegistrationEvent.note) != "")
    .order_by(col(RegistrationEvent.at)))  # fmt: skip
    salary = await session.get(MemberSalary, member_id)
    count, reports = await _reports(session, member_id, limit)
    return PersonFile(
        member_id=member.id, full_name=member.full_name, role=member.role, locale=member.locale,
        active=member.active, unit_id=member.unit_id, led_cluster_id=member.cluster_id,
        created_at=member.created_at, accounts=[Account(*row) for row in accounts],
        pledges=await _pledges(session, member_id), report_count=count, reports=reports,
        absences=[AwayLine(*row) for row in absences],
        about=await _trail(session, about_them(member_id), limit),
        by=await _trail(session, col(AuditEntry.actor_id) == member_id, limit),
        notes=[(at, action, note) for at, action, note in notes],
        salary=salary.monthly if salary is not None else None,
    )  # fmt: skip
