"""Query functions for the units' emulation registrations and their history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import col, func, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.db.statements import dialect_insert
from storage.membership.models import Member, Unit
from storage.registration.models import Registration, RegistrationEvent


@dataclass(frozen=True, slots=True)
class RegistrationRow:
    """A registration with its unit, detached from the session."""

    id: int
    unit_id: int
    unit_name: str
    cluster_id: int
    year: int
    status: str
    targets: list[dict[str, Any]]
    titles: list[str]
    rewards: list[str]
    return_reason: str
    submitted_at: datetime | None
    reviewed_at: datetime | None
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class EventRow:
    action: str
    member_id: int
    member_name: str
    note: str
    at: datetime


def _row(registration: Registration, unit: Unit) -> RegistrationRow:
    assert registration.id is not None
    return RegistrationRow(
        id=registration.id, unit_id=registration.unit_id, unit_name=unit.name,
        cluster_id=unit.cluster_id, year=registration.year, status=registration.status,
        targets=list(registration.targets or []), titles=list(registration.titles or []),
        rewards=list(registration.rewards or []), return_reason=registration.return_reason,
        submitted_at=registration.submitted_at, reviewed_at=registration.reviewed_at,
        updated_at=registration.updated_at,
    )  # fmt: skip


def _joined() -> Any:
    return select(Registration, Unit).join(Unit, col(Unit.id) == col(Registration.unit_id))


async def find_registration(
    *, session: AsyncSession, unit_id: int, year: int
) -> RegistrationRow | None:
    """Return a unit's registration for a year."""
    statement = _joined().where(Registration.unit_id == unit_id, Registration.year == year)
    found = (await session.exec(statement)).first()
    return _row(*found) if found is not None else None


async def get_registration(
    *, session: AsyncSession, registration_id: int
) -> RegistrationRow | None:
    """Return one registration."""
    found = (await session.exec(_joined().where(Registration.id == registration_id))).first()
    return _row(*found) if found is not None else None


async def ensure_registration(
    *, session: AsyncSession, unit_id: int, year: int, now: datetime
) -> RegistrationRow:
    """Return the unit's registration for the year, creating an empty draft if needed."""
    dialect = (await session.connection()).dialect.name
    insert = dialect_insert(dialect)
    # Two reporters of one unit may start at once: the unique key keeps a single row.
    await session.exec(
        insert(Registration)
        .values(
            unit_id=unit_id, year=year, status="draft", targets=[], titles=[], rewards=[],
            return_reason="", created_at=now, updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=["unit_id", "year"])
    )  # fmt: skip
    found = await find_registration(session=session, unit_id=unit_id, year=year)
    assert found is not None
    return found


async def change_registration(
    *,
    session: AsyncSession,
    registration_id: int,
    from_statuses: tuple[str, ...],
    values: dict[str, Any],
    now: datetime,
) -> bool:
    """Change a registration only if its status is one of `from_statuses`; say if it was."""
    statement = (
        update(Registration)
        .where(
            col(Registration.id) == registration_id,
            col(Registration.status).in_(from_statuses),
        )
        .values(**values, updated_at=now)
    )
    result = await session.exec(statement)
    # A second leader pressing "accept" at the same moment finds the status already moved.
    return bool(result.rowcount)


async def add_event(
    *,
    session: AsyncSession,
    registration_id: int,
    action: str,
    member_id: int,
    note: str = "",
    at: datetime,
) -> int:
    """Record one change of a registration and return the event's id."""
    event = RegistrationEvent(
        registration_id=registration_id, action=action, member_id=member_id, note=note[:500],
        at=at,
    )  # fmt: skip
    session.add(event)
    await session.flush()
    assert event.id is not None
    return event.id


async def list_events(
    *, session: AsyncSession, registration_id: int, limit: int = 20
) -> list[EventRow]:
    """Return the newest changes of a registration first."""
    statement = (
        select(RegistrationEvent, Member)
        .join(Member, col(Member.id) == col(RegistrationEvent.member_id))
        .where(RegistrationEvent.registration_id == registration_id)
        .order_by(col(RegistrationEvent.at).desc(), col(RegistrationEvent.id).desc())
        .limit(limit)
    )
    return [
        EventRow(event.action, event.member_id, member.full_name, event.note, event.at)
        for event, member in (await session.exec(statement)).all()
    ]


async def list_registrations(
    *,
    session: AsyncSession,
    status: str | None = None,
    cluster_id: int | None = None,
    unit_id: int | None = None,
    limit: int = 20,
) -> list[RegistrationRow]:
    """Return registrations by status, cluster or unit, the latest changed first."""
    statement = _joined()
    if status is not None:
        statement = statement.where(Registration.status == status)
    if cluster_id is not None:
        statement = statement.where(Unit.cluster_id == cluster_id)
    if unit_id is not None:
        statement = statement.where(Registration.unit_id == unit_id)
    statement = statement.order_by(col(Registration.updated_at).desc()).limit(limit)
    return [_row(*row) for row in (await session.exec(statement)).all()]


async def unit_id_by_code(*, session: AsyncSession, code: str) -> int | None:
    """Return the id of the unit with this code (any letter case)."""
    statement = select(Unit.id).where(func.lower(Unit.code) == code.lower())
    return (await session.exec(statement)).first()


async def count_registrations(
    *, session: AsyncSession, status: str, cluster_id: int | None = None
) -> int:
    """Count registrations in a status, in one cluster or the whole province."""
    statement = (
        select(func.count())
        .select_from(Registration)
        .join(Unit, col(Unit.id) == col(Registration.unit_id))
        .where(Registration.status == status)
    )
    if cluster_id is not None:
        statement = statement.where(Unit.cluster_id == cluster_id)
    return int((await session.exec(statement)).one())
