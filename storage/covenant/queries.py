"""Queries of the covenant and the launch plan: keyword-only, plain data out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import col, delete, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.roles import LEADERSHIP, Role
from storage.covenant.models import Covenant, CovenantSignature, LaunchPlan
from storage.db.statements import dialect_insert
from storage.membership.models import Member, Unit


@dataclass(frozen=True, slots=True)
class CovenantRow:
    id: int
    cluster_id: int
    year: int
    text: str
    file_name: str
    started_by: str  # the name of who started it
    created_at: datetime
    opened_at: datetime | None


@dataclass(frozen=True, slots=True)
class UnitSignature:
    """A unit of the cluster, in the organisation file's order, and its signature if any."""

    unit_id: int
    unit_name: str
    signer_name: str = ""
    signer: str = ""  # a domain.covenant.rules.Signer value; "" while unsigned
    signed_at: datetime | None = None


def _row(covenant: Covenant, starter: str) -> CovenantRow:
    return CovenantRow(covenant.id or 0, covenant.cluster_id, covenant.year, covenant.text,
                       covenant.file_name, starter, covenant.created_at,
                       covenant.opened_at)  # fmt: skip


async def _one(session: AsyncSession, *where: sa.ColumnElement[bool]) -> CovenantRow | None:
    statement = (
        select(Covenant, col(Member.full_name))
        .join(Member, col(Member.id) == col(Covenant.started_by))
        .where(*where)
    )
    found = (await session.exec(statement)).first()
    return _row(found[0], found[1]) if found is not None else None


async def find_covenant(
    *, session: AsyncSession, cluster_id: int, year: int
) -> CovenantRow | None:
    """Return the cluster's covenant of `year`, a draft or open; None when none was begun."""
    return await _one(session, col(Covenant.cluster_id) == cluster_id, col(Covenant.year) == year)


async def get_covenant(*, session: AsyncSession, covenant_id: int) -> CovenantRow | None:
    """Return one covenant by its id."""
    return await _one(session, col(Covenant.id) == covenant_id)


async def covenant_file(*, session: AsyncSession, covenant_id: int) -> tuple[str, bytes] | None:
    """Return the Word file a covenant was sent as, by name; None when it was typed."""
    statement = select(Covenant.file_name, Covenant.file_content).where(
        col(Covenant.id) == covenant_id
    )
    found = (await session.exec(statement)).first()
    if found is None or found[1] is None:
        return None
    return found[0], found[1]


async def save_draft(
    *, session: AsyncSession, cluster_id: int, year: int, text: str, file_name: str,
    content: bytes | None, started_by: int, now: datetime,
) -> int:  # fmt: skip
    """Keep the covenant's draft (replacing an earlier draft of the year); return its id.

    An open covenant is never replaced: the caller refuses first, and the `opened_at` guard
    leaves one opened meanwhile alone.
    """
    values = {"text": text, "file_name": file_name, "file_content": content,
              "started_by": started_by, "created_at": now}  # fmt: skip
    insert = dialect_insert((await session.connection()).dialect.name)
    await session.exec(
        insert(Covenant)
        .values(cluster_id=cluster_id, year=year, **values)
        .on_conflict_do_nothing(index_elements=["cluster_id", "year"])
    )
    await session.exec(
        update(Covenant)
        .where(col(Covenant.cluster_id) == cluster_id, col(Covenant.year) == year,
               col(Covenant.opened_at).is_(None))
        .values(**values)
    )  # fmt: skip
    found = await find_covenant(session=session, cluster_id=cluster_id, year=year)
    assert found is not None
    return found.id


async def open_covenant(*, session: AsyncSession, covenant_id: int, now: datetime) -> bool:
    """Open a draft for signing; False when it was opened already (a double tap)."""
    result = await session.exec(
        update(Covenant)
        .where(col(Covenant.id) == covenant_id, col(Covenant.opened_at).is_(None))
        .values(opened_at=now)
    )
    return bool(result.rowcount)


async def discard_draft(*, session: AsyncSession, covenant_id: int) -> None:
    """Forget a covenant's draft; an open covenant stays."""
    await session.exec(
        delete(Covenant).where(col(Covenant.id) == covenant_id, col(Covenant.opened_at).is_(None))
    )


async def unit_signatures(
    *, session: AsyncSession, covenant_id: int, cluster_id: int
) -> list[UnitSignature]:
    """Return every unit of the cluster, in order, with its signature when it has one."""
    statement = (
        sa.select(col(Unit.id), col(Unit.name), col(CovenantSignature.signer_name),
                  col(CovenantSignature.signer), col(CovenantSignature.signed_at))
        .outerjoin(CovenantSignature, sa.and_(col(CovenantSignature.unit_id) == col(Unit.id),
                                              col(CovenantSignature.covenant_id) == covenant_id))
        .where(col(Unit.cluster_id) == cluster_id)
        .order_by(col(Unit.id))
    )  # fmt: skip
    rows = (await (await session.connection()).execute(statement)).all()
    return [UnitSignature(int(r[0] or 0), str(r[1]), str(r[2] or ""), str(r[3] or ""), r[4])
            for r in rows]  # fmt: skip


async def sign(
    *, session: AsyncSession, covenant_id: int, unit_id: int, member_id: int, signer_name: str,
    signer: str, now: datetime,
) -> bool:  # fmt: skip
    """Record the unit's signature; False when the unit had signed already (nothing changes)."""
    insert = dialect_insert((await session.connection()).dialect.name)
    result = await session.exec(
        insert(CovenantSignature)
        .values(covenant_id=covenant_id, unit_id=unit_id, member_id=member_id,
                signer_name=signer_name, signer=signer, signed_at=now)
        .on_conflict_do_nothing(index_elements=["covenant_id", "unit_id"])
    )  # fmt: skip
    return bool(result.rowcount)


async def signers(
    *, session: AsyncSession, cluster_id: int, unsigned_of: int | None = None
) -> list[int]:
    """Return the members who may sign for the cluster's units: each unit's reporters and the
    cluster's leader and deputies from it; with `unsigned_of`, only for units yet to sign it."""
    leading = [role.value for role in LEADERSHIP]
    statement = (
        select(col(Member.id))
        .join(Unit, col(Unit.id) == col(Member.unit_id))
        .where(
            col(Unit.cluster_id) == cluster_id,
            col(Member.active).is_(True),
            sa.or_(col(Member.role) == Role.REPORTER.value,
                   sa.and_(col(Member.role).in_(leading), col(Member.cluster_id) == cluster_id)),
        )
        .order_by(col(Member.id))
    )  # fmt: skip
    if unsigned_of is not None:
        signed = select(col(CovenantSignature.unit_id)).where(
            col(CovenantSignature.covenant_id) == unsigned_of
        )
        statement = statement.where(col(Unit.id).not_in(signed))
    return [member for member in (await session.exec(statement)).all() if member is not None]


async def save_plan(
    *, session: AsyncSession, cluster_id: int, year: int, content: bytes, member_id: int,
    now: datetime,
) -> bool:  # fmt: skip
    """Keep the launch plan as announced; False when the year's plan was announced already."""
    insert = dialect_insert((await session.connection()).dialect.name)
    result = await session.exec(
        insert(LaunchPlan)
        .values(cluster_id=cluster_id, year=year, content=content, announced_by=member_id,
                announced_at=now)
        .on_conflict_do_nothing(index_elements=["cluster_id", "year"])
    )  # fmt: skip
    return bool(result.rowcount)


async def announced_plan(
    *, session: AsyncSession, cluster_id: int, year: int
) -> tuple[datetime, bytes] | None:
    """Return when the year's launch plan was announced and its document; None before."""
    statement = select(LaunchPlan.announced_at, LaunchPlan.content).where(
        col(LaunchPlan.cluster_id) == cluster_id, col(LaunchPlan.year) == year
    )
    found = (await session.exec(statement)).first()
    return (found[0], found[1]) if found is not None else None


async def units_of(*, session: AsyncSession, member_ids: list[int]) -> set[int]:
    """Return the units these members belong to."""
    if not member_ids:
        return set()
    statement = select(col(Member.unit_id)).where(col(Member.id).in_(member_ids))
    return {unit for unit in (await session.exec(statement)).all() if unit is not None}
