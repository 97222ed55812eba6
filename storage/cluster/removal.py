"""What the organisation would lose: the data a unit or cluster holds, and taking rows away.

The console applies a file that no longer lists a unit or a cluster by removing it, but only
when nothing hangs on it: people, reports, pledges, registrations, scores (a unit), or
scoring tables, group chats, announcements, bank lines (a cluster). The service refuses the
file otherwise; these queries count and remove.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlmodel import col, delete, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.roles import Role
from storage.activity.models import ActivityReport
from storage.leader.models import Announcement
from storage.membership.models import Cluster, GroupLink, Invite, Member, Unit
from storage.pledge.models import Pledge, UnitCollection
from storage.pledge.payment_models import BankTransaction
from storage.registration.models import Registration
from storage.scoring.models import ScoringProposal, ScoringTable, UnitAssessment

# What a unit's or a cluster's data is made of, by the name the console shows it under.
UNIT_DATA: tuple[tuple[str, Any], ...] = (
    ("members", col(Member.unit_id)),
    ("reports", col(ActivityReport.unit_id)),
    ("pledges", col(Pledge.unit_id)),
    ("collections", col(UnitCollection.unit_id)),
    ("registrations", col(Registration.unit_id)),
    ("assessments", col(UnitAssessment.unit_id)),
    ("proposals", col(ScoringProposal.unit_id)),
)
CLUSTER_DATA: tuple[tuple[str, Any], ...] = (
    ("units", col(Unit.cluster_id)),
    ("scoring_tables", col(ScoringTable.cluster_id)),
    ("group_chats", col(GroupLink.cluster_id)),
    ("announcements", col(Announcement.cluster_id)),
    ("bank_lines", col(BankTransaction.cluster_id)),
)
_LEADING = [Role.LEADER.value, Role.DEPUTY.value]


async def _counts(
    session: AsyncSession, ids: list[int], columns: tuple[tuple[str, Any], ...]
) -> dict[int, dict[str, int]]:
    found: dict[int, dict[str, int]] = {row_id: {} for row_id in ids}
    if not ids:
        return found
    for name, column in columns:
        statement = sa.select(column, func.count()).where(column.in_(ids)).group_by(column)
        for row_id, count in await _rows(session, statement):
            found[row_id][name] = count
    return found


async def unit_holdings(*, session: AsyncSession, codes: list[str]) -> dict[str, dict[str, int]]:
    """Return, per unit code, what the unit holds (kind of data -> rows); {} holds nothing."""
    units = (await session.exec(select(Unit).where(col(Unit.code).in_(codes)))).all()
    counts = await _counts(session, [u.id for u in units if u.id is not None], UNIT_DATA)
    return {u.code: counts[u.id] for u in units if u.id is not None}


async def cluster_holdings(
    *, session: AsyncSession, codes: list[str], leaving_units: list[str]
) -> dict[str, dict[str, int]]:
    """Return, per cluster code, what the cluster holds once `leaving_units` (removed or
    moved away) are gone; its leaders are not counted (their role ends with the cluster)."""
    clusters = (await session.exec(select(Cluster).where(col(Cluster.code).in_(codes)))).all()
    ids = [c.id for c in clusters if c.id is not None]
    counts = await _counts(session, ids, CLUSTER_DATA[1:])
    staying = (
        sa.select(col(Unit.cluster_id), func.count())
        .where(col(Unit.cluster_id).in_(ids), col(Unit.code).not_in(leaving_units))
        .group_by(col(Unit.cluster_id))
    )
    for cluster_id, count in await _rows(session, staying):
        counts[cluster_id]["units"] = count
    return {c.code: counts[c.id] for c in clusters if c.id is not None}


async def end_leadership(*, session: AsyncSession, people: list[tuple[str, str]]) -> list[int]:
    """End the role of each (cluster code, name) leader or deputy; return their member ids.

    They keep their unit (and become its members); one without a unit is left a guest.
    """
    ended: list[int] = []
    for code, name in people:
        statement = (
            select(Member)
            .join(Cluster, col(Cluster.id) == col(Member.cluster_id))
            .where(
                col(Cluster.code) == code, col(Member.full_name) == name,
                col(Member.role).in_(_LEADING),
            )
        )  # fmt: skip
        for member in (await session.exec(statement)).all():
            member.role = Role.MEMBER.value if member.unit_id is not None else Role.GUEST.value
            member.cluster_id = None
            session.add(member)
            if member.id is not None:
                ended.append(member.id)
    await session.flush()
    return ended


async def remove(*, session: AsyncSession, units: list[str], clusters: list[str]) -> None:
    """Delete units and clusters that hold nothing (checked by the caller), with their codes."""
    unit_ids = select(col(Unit.id)).where(col(Unit.code).in_(units))
    cluster_ids = select(col(Cluster.id)).where(col(Cluster.code).in_(clusters))
    # Invite codes to a place that is gone would only fail when typed: they go with it.
    await session.exec(delete(Invite).where(col(Invite.unit_id).in_(unit_ids)))
    await session.exec(delete(Invite).where(col(Invite.cluster_id).in_(cluster_ids)))
    # Someone who once led a cluster that goes keeps no pointer to it.
    await session.exec(
        sa.update(Member).where(col(Member.cluster_id).in_(cluster_ids)).values(cluster_id=None)
    )
    await session.exec(delete(Unit).where(col(Unit.code).in_(units)))
    await session.exec(delete(Cluster).where(col(Cluster.code).in_(clusters)))
    await session.flush()


async def _rows(session: AsyncSession, statement: sa.Executable) -> list[Any]:
    """Run a core statement (tuples, not models) on the session's connection."""
    connection = await session.connection()
    return list((await connection.execute(statement)).all())
