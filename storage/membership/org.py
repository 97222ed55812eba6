"""Query functions for the organisation: clusters, units, who leads what."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import Select

from domain.roles import Role
from storage.membership.models import Cluster, Identity, Member, Unit


@dataclass(frozen=True, slots=True)
class UnitInfo:
    id: int
    code: str
    name: str
    headcount: int
    cluster_id: int
    cluster_name: str
    cluster_kind: str


@dataclass(frozen=True, slots=True)
class ClusterInfo:
    id: int
    code: str
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class Recipient:
    """Where to reach one member on one channel."""

    member_id: int
    channel: str
    chat_id: str
    locale: str | None


def _unit_statement() -> Select[Unit, Cluster]:
    return select(Unit, Cluster).join(Cluster, col(Unit.cluster_id) == col(Cluster.id))


def _unit_info(unit: Unit, cluster: Cluster) -> UnitInfo:
    assert unit.id is not None
    return UnitInfo(
        id=unit.id,
        code=unit.code,
        name=unit.name,
        headcount=unit.headcount,
        cluster_id=unit.cluster_id,
        cluster_name=cluster.name,
        cluster_kind=cluster.kind,
    )


async def get_unit(*, session: AsyncSession, unit_id: int) -> UnitInfo | None:
    """Return a unit with its cluster's name."""
    row = (await session.exec(_unit_statement().where(Unit.id == unit_id))).first()
    return _unit_info(*row) if row is not None else None


async def list_units(*, session: AsyncSession, cluster_id: int | None = None) -> list[UnitInfo]:
    """Return the units of one cluster, or of the whole province, by name."""
    statement = _unit_statement().order_by(col(Cluster.name), col(Unit.name))
    if cluster_id is not None:
        statement = statement.where(Unit.cluster_id == cluster_id)
    return [_unit_info(unit, cluster) for unit, cluster in (await session.exec(statement)).all()]


async def list_clusters(*, session: AsyncSession) -> list[ClusterInfo]:
    """Return every cluster and bloc, by name."""
    rows = (await session.exec(select(Cluster).order_by(col(Cluster.name)))).all()
    return [ClusterInfo(c.id or 0, c.code, c.name, c.kind) for c in rows]


async def find_cluster(*, session: AsyncSession, code: str) -> ClusterInfo | None:
    """Return the cluster with this code (the key of the organisation file)."""
    cluster = (await session.exec(select(Cluster).where(Cluster.code == code))).first()
    if cluster is None or cluster.id is None:
        return None
    return ClusterInfo(cluster.id, cluster.code, cluster.name, cluster.kind)


async def get_cluster(*, session: AsyncSession, cluster_id: int) -> ClusterInfo | None:
    """Return one cluster."""
    cluster = await session.get(Cluster, cluster_id)
    if cluster is None or cluster.id is None:
        return None
    return ClusterInfo(cluster.id, cluster.code, cluster.name, cluster.kind)


async def cluster_leader_recipients(*, session: AsyncSession, cluster_id: int) -> list[Recipient]:
    """Return every channel account of the active leaders and deputies of a cluster."""
    statement = (
        select(Member, Identity)
        .join(Identity, col(Identity.member_id) == col(Member.id))
        .where(
            Member.cluster_id == cluster_id,
            col(Member.role).in_([Role.LEADER.value, Role.DEPUTY.value]),
            Member.active == True,  # noqa: E712  (SQL comparison)
        )
    )
    return [
        Recipient(member.id or 0, identity.channel, identity.chat_id, member.locale)
        for member, identity in (await session.exec(statement)).all()
    ]
