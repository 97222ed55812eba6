"""Query functions for activity reports, and for reaching the people they concern."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement
from sqlmodel import and_, col, delete, or_, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.roles import Role
from storage.activity.models import ActivityReport
from storage.membership.models import Identity, Member, Unit
from storage.membership.org import Recipient


@dataclass(frozen=True, slots=True)
class ReportRow:
    """A report with its unit and author, detached from the session."""

    id: int
    unit_id: int
    unit_name: str
    cluster_id: int
    author_id: int
    author_name: str
    kind: str
    title: str
    day: date
    participants: int
    description: str
    anniversary_key: str | None
    photos: list[dict[str, Any]]
    example_at: datetime | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ReportFields:
    """What a member enters for a report."""

    kind: str
    title: str
    day: date
    participants: int
    description: str
    anniversary_key: str | None
    photos: list[dict[str, Any]]


def _row(report: ActivityReport, unit: Unit, author: Member) -> ReportRow:
    assert report.id is not None
    return ReportRow(
        id=report.id, unit_id=report.unit_id, unit_name=unit.name, cluster_id=unit.cluster_id,
        author_id=report.author_id, author_name=author.full_name, kind=report.kind,
        title=report.title, day=report.day, participants=report.participants,
        description=report.description, anniversary_key=report.anniversary_key,
        photos=list(report.photos or []), example_at=report.example_at,
        created_at=report.created_at,
    )  # fmt: skip


def _joined() -> Any:
    return (
        select(ActivityReport, Unit, Member)
        .join(Unit, col(Unit.id) == col(ActivityReport.unit_id))
        .join(Member, col(Member.id) == col(ActivityReport.author_id))
    )


async def add_report(
    *, session: AsyncSession, unit_id: int, author_id: int, fields: ReportFields, now: datetime
) -> int:
    """Store a new report and return its id."""
    report = ActivityReport(
        unit_id=unit_id, author_id=author_id, kind=fields.kind, title=fields.title,
        day=fields.day, participants=fields.participants, description=fields.description,
        anniversary_key=fields.anniversary_key, photos=fields.photos, created_at=now,
        updated_at=now,
    )  # fmt: skip
    session.add(report)
    await session.flush()
    assert report.id is not None
    return report.id


async def get_report(*, session: AsyncSession, report_id: int) -> ReportRow | None:
    """Return one report."""
    found = (await session.exec(_joined().where(ActivityReport.id == report_id))).first()
    return _row(*found) if found is not None else None


async def update_report(
    *, session: AsyncSession, report_id: int, fields: ReportFields, now: datetime
) -> None:
    """Replace what was entered for a report."""
    values = {
        "kind": fields.kind, "title": fields.title, "day": fields.day,
        "participants": fields.participants, "description": fields.description,
        "anniversary_key": fields.anniversary_key, "photos": fields.photos, "updated_at": now,
    }  # fmt: skip
    await session.exec(
        update(ActivityReport).where(col(ActivityReport.id) == report_id).values(**values)
    )


async def delete_report(*, session: AsyncSession, report_id: int) -> None:
    """Delete a report."""
    await session.exec(delete(ActivityReport).where(col(ActivityReport.id) == report_id))


async def set_example(
    *, session: AsyncSession, report_id: int, by: int | None, at: datetime | None
) -> None:
    """Mark a report as a good example (`at` set) or unmark it (`at` None)."""
    statement = update(ActivityReport).where(col(ActivityReport.id) == report_id)
    await session.exec(statement.values(example_at=at, example_by=by))


async def list_reports(
    *,
    session: AsyncSession,
    unit_id: int | None = None,
    cluster_id: int | None = None,
    author_id: int | None = None,
    since: date | None = None,
    examples_only: bool = False,
    limit: int = 10,
    offset: int = 0,
) -> list[ReportRow]:
    """Return reports of a unit, a cluster or the province (or examples only), newest first."""
    statement = _joined()
    if unit_id is not None:
        statement = statement.where(ActivityReport.unit_id == unit_id)
    if cluster_id is not None:
        statement = statement.where(Unit.cluster_id == cluster_id)
    if author_id is not None:
        statement = statement.where(ActivityReport.author_id == author_id)
    if since is not None:
        statement = statement.where(col(ActivityReport.day) >= since)
    if examples_only:  # for announcements and summaries that spread the good examples
        statement = statement.where(col(ActivityReport.example_at).is_not(None))
    statement = statement.order_by(
        col(ActivityReport.created_at).desc(), col(ActivityReport.id).desc()
    )
    rows = (await session.exec(statement.offset(offset).limit(limit))).all()
    return [_row(*row) for row in rows]


async def recipients_of(
    *, session: AsyncSession, member_ids: list[int] | None = None, reporters_of: int | None = None
) -> list[Recipient]:
    """Return the channel accounts of these active members and of a unit's active reporters."""
    wanted: list[ColumnElement[bool]] = []
    if member_ids:
        wanted.append(col(Member.id).in_(member_ids))
    if reporters_of is not None:
        wanted.append(and_(Member.unit_id == reporters_of, Member.role == Role.REPORTER.value))
    if not wanted:
        return []
    statement = (
        select(Member, Identity)
        .join(Identity, col(Identity.member_id) == col(Member.id))
        .where(col(Member.active).is_(True), or_(*wanted))
    )
    return [
        Recipient(member.id or 0, identity.channel, identity.chat_id, member.locale)
        for member, identity in (await session.exec(statement)).all()
    ]
