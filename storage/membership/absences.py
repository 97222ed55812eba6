"""Query functions for absences: recording them, listing a unit's, and "away on this day"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.roles import Role
from storage.membership.models import Absence, Identity, Member
from storage.membership.org import Recipient

MEMBERS_SHOWN = 20  # names offered as options at once; more: the person types part of a name


@dataclass(frozen=True, slots=True)
class Colleague:
    """A member of a unit, as a list to pick from shows them."""

    member_id: int
    full_name: str
    unit_id: int


@dataclass(frozen=True, slots=True)
class AbsenceLine:
    """One absence with the name of the member away."""

    id: int
    member_id: int
    full_name: str
    unit_id: int | None
    reason: str
    start: date
    end: date


def away_on(member_id: Any, day: Any) -> sa.Exists:
    """Return "this member is away on `day`", an EXISTS to add to any query of members.

    Written once here so that reminders, nudges and the summaries count the same people away.
    """
    return sa.exists().where(
        col(Absence.member_id) == member_id, col(Absence.start) <= day, col(Absence.end) >= day
    )


def _colleagues(unit_id: int) -> sa.Select[int | None, str, int | None]:
    return (
        sa.select(col(Member.id), col(Member.full_name), col(Member.unit_id))
        .where(
            col(Member.unit_id) == unit_id,
            col(Member.active).is_(True),
            col(Member.role) != Role.GUEST.value,
        )
        .order_by(col(Member.full_name), col(Member.id))
    )


async def colleagues(
    *, session: AsyncSession, unit_id: int, limit: int | None = MEMBERS_SHOWN + 1
) -> list[Colleague]:
    """Return up to `limit` (None: all) active members of the unit, by name."""
    rows = (await session.exec(_colleagues(unit_id).limit(limit))).all()  # type: ignore[call-overload]
    return [Colleague(int(i), str(name), int(unit)) for i, name, unit in rows]


async def colleague(*, session: AsyncSession, member_id: int) -> Colleague | None:
    """Return an active member with a unit, or None."""
    member = await session.get(Member, member_id)
    if member is None or member.id is None or not member.active or member.unit_id is None:
        return None
    if member.role == Role.GUEST.value:
        return None
    return Colleague(member.id, member.full_name, member.unit_id)


def _lines() -> sa.Select[Absence, str, int | None]:
    return sa.select(Absence, col(Member.full_name), col(Member.unit_id)).join(
        Member, col(Member.id) == col(Absence.member_id)
    )


def _line(absence: Absence, name: str, unit_id: int | None) -> AbsenceLine:
    assert absence.id is not None
    return AbsenceLine(absence.id, absence.member_id, name, unit_id, absence.reason,
                       absence.start, absence.end)  # fmt: skip


async def unit_absences(*, session: AsyncSession, unit_id: int, today: date) -> list[AbsenceLine]:
    """Return the absences of the unit's members not over before `today`, the soonest first."""
    statement = (
        _lines()
        .where(col(Member.unit_id) == unit_id, col(Member.active).is_(True),
               col(Absence.end) >= today)
        .order_by(col(Absence.start), col(Member.full_name), col(Absence.id))
    )  # fmt: skip
    return [_line(*row) for row in (await session.exec(statement)).all()]  # type: ignore[call-overload]


async def get_absence(*, session: AsyncSession, absence_id: int) -> AbsenceLine | None:
    """Return one absence with its member's name, or None."""
    statement = _lines().where(col(Absence.id) == absence_id)
    row = (await session.exec(statement)).first()  # type: ignore[call-overload]
    return _line(*row) if row is not None else None


async def overlapping(
    *, session: AsyncSession, member_id: int, start: date, end: date
) -> AbsenceLine | None:
    """Return the member's first absence sharing a day with [start, end], if any."""
    statement = (
        _lines()
        .where(col(Absence.member_id) == member_id, col(Absence.start) <= end,
               col(Absence.end) >= start)
        .order_by(col(Absence.start))
    )  # fmt: skip
    row = (await session.exec(statement)).first()  # type: ignore[call-overload]
    return _line(*row) if row is not None else None


async def add_absence(
    *, session: AsyncSession, member_id: int, reason: str, start: date, end: date,
    set_by: int | None, now: datetime,
) -> int:  # fmt: skip
    """Record an absence; return its id."""
    absence = Absence(member_id=member_id, reason=reason, start=start, end=end, set_by=set_by,
                      created_at=now)  # fmt: skip
    session.add(absence)
    await session.flush()
    assert absence.id is not None
    return absence.id


async def end_absence(*, session: AsyncSession, absence_id: int, last_day: date) -> None:
    """Make the absence end on `last_day`; one that would end before it began is removed."""
    absence = await session.get(Absence, absence_id)
    if absence is None:
        return
    if last_day < absence.start:
        await session.exec(delete(Absence).where(col(Absence.id) == absence_id))
        return
    absence.end = last_day
    session.add(absence)
    await session.flush()


async def recipients_of(*, session: AsyncSession, member_id: int) -> list[Recipient]:
    """Return every channel account of one member (to tell them they are marked away)."""
    statement = (
        select(Identity.channel, Identity.chat_id, Member.locale)
        .join(Member, col(Member.id) == col(Identity.member_id))
        .where(col(Identity.member_id) == member_id)
    )
    return [
        Recipient(member_id, channel, chat_id, locale)
        for channel, chat_id, locale in (await session.exec(statement)).all()
    ]
