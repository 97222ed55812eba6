"""Query functions for pledges, their history, unit collections and remembered salaries."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import ColumnElement
from sqlalchemy.sql.dml import ReturningInsert
from sqlmodel import col, delete, func, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.pledge.rules import CollectionInfo, PledgeInfo, PledgeStatus
from domain.roles import Role
from storage.db.statements import bound, dialect_insert
from storage.membership.models import Identity, Member, Unit
from storage.membership.org import Recipient
from storage.pledge.models import MemberSalary, Pledge, PledgeEvent, UnitCollection

S_PAID = PledgeStatus.PAID.value  # paid pledges come first: they only wait for a click


# One pledge with its member's and unit's names, built once: building it on every call cost
# more than running it, and a pledge is read on every step of /ungho. `_info` reads the
# columns in this order.
_COLUMNS = (
    col(Pledge.id), col(Pledge.member_id), col(Member.full_name), col(Pledge.unit_id),
    col(Unit.name), col(Unit.cluster_id), col(Pledge.amount), col(Pledge.status),
    col(Pledge.receipt_ref), col(Pledge.campaign_year),
)  # fmt: skip
_ONE = (
    sa.select(*_COLUMNS)
    .join(Member, col(Member.id) == col(Pledge.member_id))
    .join(Unit, col(Unit.id) == col(Pledge.unit_id))
)  # fmt: skip
_BY_ID = _ONE.where(col(Pledge.id) == sa.bindparam("pledge_id"))
_BY_MEMBER = _ONE.where(
    col(Pledge.campaign_year) == sa.bindparam("year"),
    col(Pledge.member_id) == sa.bindparam("member_id"),
)


# The member's pledge of a year (if any) and remembered salary (if any), in one read: /ungho
# wants both at once. From the member, so the row is there with neither.
_MINE = (
    sa.select(*_COLUMNS, col(MemberSalary.monthly))
    .select_from(Member)
    .outerjoin(
        Pledge,
        sa.and_(
            col(Pledge.member_id) == col(Member.id),
            col(Pledge.campaign_year) == sa.bindparam("year"),
        ),
    )
    .outerjoin(Unit, col(Unit.id) == col(Pledge.unit_id))
    .outerjoin(MemberSalary, col(MemberSalary.member_id) == col(Member.id))
    .where(col(Member.id) == sa.bindparam("member_id"))
)  # fmt: skip


def _info(row: Any) -> PledgeInfo:
    return PledgeInfo(
        id=row[0], member_id=row[1], member_name=row[2], unit_id=row[3], unit_name=row[4],
        cluster_id=row[5], amount=row[6], status=PledgeStatus(row[7]), receipt_ref=row[8],
        year=row[9],
    )  # fmt: skip


async def get_pledge(*, session: AsyncSession, pledge_id: int) -> PledgeInfo | None:
    """Return one pledge with its member's and unit's names."""
    result = await (await session.connection()).execute(_BY_ID, {"pledge_id": pledge_id})
    row = result.first()
    return _info(row) if row is not None else None


async def find_pledge(*, session: AsyncSession, year: int, member_id: int) -> PledgeInfo | None:
    """Return the member's pledge of one campaign year, cancelled or not."""
    parameters = {"year": year, "member_id": member_id}
    row = (await (await session.connection()).execute(_BY_MEMBER, parameters)).first()
    return _info(row) if row is not None else None


async def pledge_and_salary(
    *, session: AsyncSession, year: int, member_id: int
) -> tuple[PledgeInfo | None, int | None]:
    """Return the member's pledge of one campaign year (cancelled or not) and saved salary."""
    parameters = {"year": year, "member_id": member_id}
    row = (await (await session.connection()).execute(_MINE, parameters)).first()
    if row is None:
        return None, None
    salary = int(row[10]) if row[10] is not None else None
    return (_info(row) if row[0] is not None else None), salary


async def insert_pledge(
    *, session: AsyncSession, year: int, member_id: int, unit_id: int, amount: int, now: datetime
) -> int | None:
    """Insert a pledge and its history's first line (by the member); None when the member
    already has one this year (a double tap): then neither is written."""
    connection = await session.connection()
    parameters = {
        "campaign_year": year, "member_id": member_id, "unit_id": unit_id, "amount": amount,
        "status": PledgeStatus.PLEDGED.value, "created_at": now, "updated_at": now,
    }  # fmt: skip
    if connection.dialect.name == "postgresql":
        # One round trip for both: PostgreSQL inserts the history line in the same statement.
        found = (await connection.execute(_INSERT_WITH_EVENT, parameters)).scalar_one_or_none()
        return int(found) if found is not None else None
    found = (await connection.execute(_insert("sqlite"), parameters)).scalar_one_or_none()
    if found is None:
        return None
    await add_event(
        session=session, actor_id=member_id, action="pledge", now=now, pledge_id=int(found),
        new_amount=amount, new_status=PledgeStatus.PLEDGED.value,
    )  # fmt: skip
    return int(found)


@functools.cache
def _insert(dialect: str) -> ReturningInsert[int | None]:
    """Build the insert once per dialect: building it cost more than running it."""
    insert = dialect_insert(dialect)
    fields = ("campaign_year", "member_id", "unit_id", "amount", "status", "created_at",
              "updated_at")  # fmt: skip
    return (
        insert(Pledge)
        .values(bound(fields))
        .on_conflict_do_nothing(index_elements=["campaign_year", "member_id"])
        .returning(col(Pledge.id))
    )


def _insert_with_event() -> sa.Executable:
    new = _insert("postgresql").cte("new_pledge")
    line = sa.select(
        new.c.id, sa.bindparam("member_id", type_=sa.Integer), sa.literal("pledge"),
        sa.bindparam("amount", type_=sa.BigInteger), sa.bindparam("status", type_=sa.String),
        sa.bindparam("created_at", type_=sa.DateTime(timezone=True)),
    )  # fmt: skip
    fields = ["pledge_id", "actor_id", "action", "new_amount", "new_status", "at"]
    return sa.insert(PledgeEvent).from_select(fields, line).returning(col(PledgeEvent.pledge_id))


_INSERT_WITH_EVENT = _insert_with_event()


async def change_pledge(
    *,
    session: AsyncSession,
    pledge_id: int,
    expected: Sequence[PledgeStatus],
    now: datetime,
    **values: object,
) -> bool:
    """Update a pledge only if its status is still one of `expected`; return whether it was."""
    statement = (
        update(Pledge)
        .where(col(Pledge.id) == pledge_id, col(Pledge.status).in_([s.value for s in expected]))
        .values(updated_at=now, **values)
    )
    return bool((await session.exec(statement)).rowcount)


_EVENT_FIELDS = ("pledge_id", "collection_id", "actor_id", "action", "old_amount", "new_amount",
                 "old_status", "new_status", "at")  # fmt: skip
# Built once, and run at once rather than through the ORM's unit of work, which cost more than
# the insert on every pledge.
_ADD_EVENT = sa.insert(PledgeEvent).values(bound(_EVENT_FIELDS))


async def add_event(
    *, session: AsyncSession, actor_id: int, action: str, now: datetime,
    pledge_id: int | None = None, collection_id: int | None = None,
    old_amount: int | None = None, new_amount: int | None = None,
    old_status: str | None = None, new_status: str | None = None,
) -> None:  # fmt: skip
    """Record who changed what, and when."""
    parameters = {
        "pledge_id": pledge_id, "collection_id": collection_id, "actor_id": actor_id,
        "action": action, "old_amount": old_amount, "new_amount": new_amount,
        "old_status": old_status, "new_status": new_status, "at": now,
    }  # fmt: skip
    await (await session.connection()).execute(_ADD_EVENT, parameters)


async def awaiting(
    *,
    session: AsyncSession,
    year: int,
    statuses: Sequence[PledgeStatus],
    unit_id: int | None = None,
    cluster_id: int | None = None,
    limit: int = 10,
) -> tuple[list[PledgeInfo], int]:
    """Return the oldest pledges in `statuses` (of a unit, a cluster or all) and their count."""
    where: list[ColumnElement[bool]] = [
        col(Pledge.campaign_year) == year,
        col(Pledge.status).in_([s.value for s in statuses]),
    ]
    if unit_id is not None:
        where.append(col(Pledge.unit_id) == unit_id)
    if cluster_id is not None:
        where.append(col(Unit.cluster_id) == cluster_id)
    rows = (
        await (await session.connection()).execute(
            _ONE.where(*where)
            .order_by(col(Pledge.status) != S_PAID, col(Pledge.updated_at), col(Pledge.id))
            .limit(limit)
        )
    ).all()
    count_statement = (
        select(func.count())
        .select_from(Pledge)
        .join(Unit, col(Unit.id) == col(Pledge.unit_id))
        .where(*where)
    )
    total = (await session.exec(count_statement)).one()
    return [_info(row) for row in rows], int(total)


async def get_collection(
    *, session: AsyncSession, year: int, unit_id: int
) -> CollectionInfo | None:
    """Return what a unit recorded as collected outside the bot this year."""
    statement = select(UnitCollection).where(
        UnitCollection.campaign_year == year, UnitCollection.unit_id == unit_id
    )
    row = (await session.exec(statement)).first()
    if row is None or row.id is None:
        return None
    return CollectionInfo(row.id, row.unit_id, row.amount, row.contributors)


async def save_collection(
    *,
    session: AsyncSession,
    year: int,
    unit_id: int,
    amount: int,
    contributors: int,
    recorded_by: int,
    now: datetime,
) -> int:
    """Insert or replace a unit's collected figures; return the row id."""
    insert = dialect_insert((await session.connection()).dialect.name)
    values = dict(
        amount=amount, contributors=contributors, recorded_by=recorded_by, updated_at=now
    )
    statement = (
        insert(UnitCollection)
        .values(campaign_year=year, unit_id=unit_id, **values)
        .on_conflict_do_update(index_elements=["campaign_year", "unit_id"], set_=values)
        .returning(col(UnitCollection.id))
    )
    return int((await session.exec(statement)).scalar_one())


# Built once: the salary is read on every /ungho, for the option to delete it.
_SALARY = sa.select(col(MemberSalary.monthly)).where(
    col(MemberSalary.member_id) == sa.bindparam("member_id")
)


async def get_salary(*, session: AsyncSession, member_id: int) -> int | None:
    """Return the monthly salary the member asked the bot to remember."""
    result = await (await session.connection()).execute(_SALARY, {"member_id": member_id})
    monthly = result.scalar_one_or_none()
    return int(monthly) if monthly is not None else None


async def save_salary(
    *, session: AsyncSession, member_id: int, monthly: int, now: datetime
) -> None:
    """Remember a member's monthly salary (they agreed to it)."""
    row = await session.get(MemberSalary, member_id) or MemberSalary(
        member_id=member_id, monthly=0
    )
    row.monthly, row.updated_at = monthly, now
    session.add(row)
    await session.flush()


async def forget_salary(*, session: AsyncSession, member_id: int) -> bool:
    """Delete a remembered salary; return whether there was one."""
    result = await session.exec(
        delete(MemberSalary).where(col(MemberSalary.member_id) == member_id)
    )
    return bool(result.rowcount)


async def recipients(
    *, session: AsyncSession, member_id: int | None = None, reporters_of: int | None = None
) -> list[Recipient]:
    """Return the accounts of one active member, or of the active reporters of a unit."""
    statement = (
        select(Member, Identity)
        .join(Identity, col(Identity.member_id) == col(Member.id))
        .where(Member.active == True)  # noqa: E712  (SQL comparison)
    )
    if member_id is not None:
        statement = statement.where(Member.id == member_id)
    if reporters_of is not None:
        statement = statement.where(
            Member.unit_id == reporters_of, Member.role == Role.REPORTER.value
        )
    return [
        Recipient(member.id or 0, identity.channel, identity.chat_id, member.locale)
        for member, identity in (await session.exec(statement)).all()
    ]
