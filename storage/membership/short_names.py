"""The names charts and narrow columns show: the short name where the file gives one."""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.membership.models import Cluster, Unit


async def unit_labels(*, session: AsyncSession, cluster_id: int) -> dict[int, str]:
    """Return each unit of the cluster's short name, else its name, by unit id."""
    statement = select(Unit.id, Unit.name, Unit.short_name).where(
        col(Unit.cluster_id) == cluster_id
    )
    return {
        unit_id: short or name
        for unit_id, name, short in (await session.exec(statement)).all()
        if unit_id is not None
    }


async def cluster_labels(*, session: AsyncSession) -> dict[int, str]:
    """Return every cluster's short name, else its name, by cluster id."""
    statement = select(Cluster.id, Cluster.name, Cluster.short_name)
    return {
        cluster_id: short or name
        for cluster_id, name, short in (await session.exec(statement)).all()
        if cluster_id is not None
    }
