"""What the demo's finale needs beyond the services: its clusters, a reporter per unit, and
registrations that name the awards (the proposals require them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.registration.states import RegistrationStatus
from domain.roles import Role
from storage.membership.models import Cluster, Member, Unit
from storage.registration.models import Registration

FLAG, MERIT = "province_flag", "chairman_merit"  # keys of the titles and rewards catalogue


@dataclass(frozen=True, slots=True)
class DemoCluster:
    id: int
    units: list[tuple[int, str]]  # id, name; in the order of the organisation file
    leader_id: int | None


async def cluster_ids(*, session: AsyncSession) -> list[int]:
    """Return every cluster's id."""
    found = await session.exec(select(Cluster.id).order_by(col(Cluster.id)))
    return [cluster_id for cluster_id in found.all() if cluster_id is not None]


async def demo_cluster(*, session: AsyncSession, code: str) -> DemoCluster | None:
    """Return the cluster with its units and its leader; None when there is no such cluster."""
    cluster = (await session.exec(select(Cluster).where(col(Cluster.code) == code))).first()
    if cluster is None or cluster.id is None:
        return None
    units = await session.exec(
        select(Unit.id, Unit.name).where(col(Unit.cluster_id) == cluster.id).order_by(col(Unit.id))
    )
    leader = await session.exec(
        select(Member.id)
        .where(col(Member.cluster_id) == cluster.id, col(Member.role) == Role.LEADER.value)
        .order_by(col(Member.id))
    )
    return DemoCluster(
        cluster.id, [(unit_id, name) for unit_id, name in units.all() if unit_id], leader.first()
    )


async def add_reporter(*, session: AsyncSession, unit_id: int, full_name: str) -> int:
    """Add the unit's contact person (the reporter who scores it); return their member id."""
    member = Member(full_name=full_name, role=Role.REPORTER.value, unit_id=unit_id)
    session.add(member)
    await session.flush()
    assert member.id is not None
    return member.id


async def register_for_awards(
    *, session: AsyncSession, unit_ids: list[int], year: int, at: datetime
) -> None:
    """Make the units' registrations of `year` accepted, on time, naming both awards."""
    values = {
        "status": RegistrationStatus.ACCEPTED.value, "titles": [FLAG], "rewards": [MERIT],
        "return_reason": "", "submitted_at": at, "reviewed_at": at, "updated_at": at,
    }  # fmt: skip
    for unit_id in unit_ids:
        found = (
            await session.exec(
                select(Registration).where(
                    col(Registration.unit_id) == unit_id, col(Registration.year) == year
                )
            )
        ).first()
        row = found or Registration(unit_id=unit_id, year=year, created_at=at)
        for key, value in values.items():
            setattr(row, key, value)
        session.add(row)
    await session.flush()
