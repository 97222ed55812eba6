"""Who leads a cluster and who heads its units: the people a turn of the year moves."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import col, func, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.sqltypes import UTCDateTime

from domain.roles import LEADERSHIP, Role
from storage.db.statements import dialect_insert
from storage.membership.models import Identity, Member, Unit
from storage.membership.org import Recipient
from storage.registration.models import Registration

_LEADERSHIP = [role.value for role in LEADERSHIP]
# Everyone told of the new year: every member who has joined (not guests).
EVERYONE = (Role.MEMBER, Role.REPORTER, Role.DEPUTY, Role.LEADER, Role.ADMIN)


@dataclass(frozen=True, slots=True)
class UnitRow:
    id: int
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class PersonRow:
    member_id: int
    name: str
    role: Role
    unit_id: int | None


def _person(member: Member) -> PersonRow:
    return PersonRow(member.id or 0, member.full_name, Role(member.role), member.unit_id)


async def units_in_order(*, session: AsyncSession, cluster_id: int) -> list[UnitRow]:
    """Return the cluster's units in the order they were created (the organisation file's)."""
    statement = select(Unit).where(col(Unit.cluster_id) == cluster_id).order_by(col(Unit.id))
    return [UnitRow(u.id or 0, u.code, u.name) for u in (await session.exec(statement)).all()]


async def leadership(*, session: AsyncSession, cluster_id: int) -> list[PersonRow]:
    """Return the cluster's active leader and deputies, the leader first."""
    statement = (
        select(Member)
        .where(
            col(Member.cluster_id) == cluster_id,
            col(Member.role).in_(_LEADERSHIP),
            col(Member.active).is_(True),
        )
        .order_by(col(Member.role) != Role.LEADER.value, col(Member.id))
    )
    return [_person(m) for m in (await session.exec(statement)).all()]


async def unit_heads(*, session: AsyncSession, cluster_id: int) -> dict[int, PersonRow]:
    """Return the person at the head of each of the cluster's units that has one.

    A leader or deputy of the cluster from that unit heads it; else its reporter (the
    earliest, if several).
    """
    statement = (
        select(Member)
        .join(Unit, col(Unit.id) == col(Member.unit_id))
        .where(
            col(Unit.cluster_id) == cluster_id,
            col(Member.active).is_(True),
            or_(
                sa.and_(col(Member.role).in_(_LEADERSHIP), col(Member.cluster_id) == cluster_id),
                col(Member.role) == Role.REPORTER.value,
            ),
        )
        .order_by(
            col(Member.role) != Role.LEADER.value,
            col(Member.role) != Role.DEPUTY.value,
            col(Member.id),
        )
    )
    heads: dict[int, PersonRow] = {}
    for member in (await session.exec(statement)).all():
        if member.unit_id is not None:
            heads.setdefault(member.unit_id, _person(member))
    return heads


async def set_role(
    *, session: AsyncSession, member_id: int, role: Role, cluster_id: int | None
) -> None:
    """Give a member a role; `cluster_id` is the cluster a leader or deputy leads, else None."""
    await session.exec(
        sa.update(Member)
        .where(col(Member.id) == member_id)
        .values(role=role.value, cluster_id=cluster_id)
    )


async def recipients(*, session: AsyncSession, member_ids: Iterable[int]) -> list[Recipient]:
    """Return every channel account of these members."""
    ids = list(member_ids)
    if not ids:
        return []
    statement = (
        select(Member, Identity)
        .join(Identity, col(Identity.member_id) == col(Member.id))
        .where(col(Member.id).in_(ids))
    )
    return [
        Recipient(m.id or 0, i.channel, i.chat_id, m.locale)
        for m, i in (await session.exec(statement)).all()
    ]


async def accounts_by_cluster(*, session: AsyncSession) -> dict[int | None, int]:
    """Count the accounts told of the new year, by the cluster of their unit (None: no unit)."""
    statement = (
        select(Unit.cluster_id, func.count(col(Identity.id)))
        .select_from(Member)
        .join(Identity, col(Identity.member_id) == col(Member.id))
        .outerjoin(Unit, col(Unit.id) == col(Member.unit_id))
        .where(col(Member.active).is_(True), col(Member.role).in_([r.value for r in EVERYONE]))
        .group_by(col(Unit.cluster_id))
    )
    return {cluster_id: int(n) for cluster_id, n in (await session.exec(statement)).all()}


async def open_registrations(
    *, session: AsyncSession, cluster_id: int, year: int, now: datetime
) -> int:
    """Give each unit of the cluster an empty draft registration for `year`, in one statement."""
    insert = dialect_insert((await session.connection()).dialect.name)
    query = sa.select(
        col(Unit.id), sa.literal(year), sa.literal("draft"), sa.literal([], sa.JSON()),
        sa.literal([], sa.JSON()), sa.literal([], sa.JSON()), sa.literal(""),
        sa.literal(now, UTCDateTime()), sa.literal(now, UTCDateTime()),
    ).where(col(Unit.cluster_id) == cluster_id)  # fmt: skip
    columns = ["unit_id", "year", "status", "targets", "titles", "rewards", "return_reason",
               "created_at", "updated_at"]  # fmt: skip
    statement = (
        insert(Registration)
        .from_select(columns, query)
        .on_conflict_do_nothing(index_elements=["unit_id", "year"])
    )
    return int((await session.exec(statement)).rowcount or 0)
