"""What the computed criteria read about each unit of a cluster, counted in SQL.

Pledge participation is counted exactly as storage.pledge.totals counts it for the summary
(pledgers plus unit-collection contributors, capped at the headcount). It reads reports,
registrations and pledges together: it lives with the cluster's read model, the one package
that reads across features' tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import and_, case, col, func
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.registration.states import RegistrationStatus
from domain.scoring.formulas import UnitFacts
from storage.activity.models import ActivityReport
from storage.pledge.totals import units_totals
from storage.registration.models import Registration


@dataclass(frozen=True, slots=True)
class Deadlines:
    """The instants (aware, any zone) before which the year's work counts as on time."""

    phases: tuple[datetime, datetime]  # the end of each phase plus its grace, exclusive
    registration: datetime  # the end of the registration deadline's day, exclusive


def _count(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


async def cluster_facts(
    *, session: AsyncSession, year: int, cluster_id: int, deadlines: Deadlines
) -> dict[int, UnitFacts]:
    """Return the facts of every unit of the cluster, by unit id."""
    pledges = {
        t.id: t for t in await units_totals(session=session, year=year, cluster_id=cluster_id)
    }
    day, created = col(ActivityReport.day), col(ActivityReport.created_at)
    first = and_(day >= date(year, 1, 1), day <= date(year, 6, 30))
    second = and_(day >= date(year, 7, 1), day <= date(year, 12, 31))
    # Stored times are UTC; comparing in UTC keeps SQLite's text comparison right.
    end_1, end_2 = (at.astimezone(UTC) for at in deadlines.phases)
    on_time_1 = and_(first, created < end_1)
    on_time_2 = and_(second, created < end_2)
    reports = (
        sa.select(
            col(ActivityReport.unit_id).label("unit_id"),
            _count(on_time_1).label("phase1"),
            _count(on_time_2).label("phase2"),
            _count(col(ActivityReport.anniversary_key).is_not(None)).label("anniversary"),
            _count(col(ActivityReport.example_at).is_not(None)).label("examples"),
        )
        .where(
            col(ActivityReport.unit_id).in_(list(pledges)),
            day >= date(year, 1, 1),
            day <= date(year, 12, 31),
        )
        .group_by(col(ActivityReport.unit_id))
    )
    connection = await session.connection()
    counted = {row.unit_id: row for row in (await connection.execute(reports)).all()}
    registered = sa.select(col(Registration.unit_id)).where(
        col(Registration.year) == year,
        col(Registration.unit_id).in_(list(pledges)),
        col(Registration.status) != RegistrationStatus.DRAFT.value,
        col(Registration.submitted_at) < deadlines.registration.astimezone(UTC),
    )
    on_time = set((await connection.execute(registered)).scalars().all())
    facts: dict[int, UnitFacts] = {}
    for unit_id, totals in pledges.items():
        row = counted.get(unit_id)
        facts[unit_id] = UnitFacts(
            headcount=totals.headcount,
            participants=totals.participants,
            phases_on_time=(int(row.phase1) > 0) + (int(row.phase2) > 0) if row else 0,
            registration_on_time=unit_id in on_time,
            anniversary_reports=int(row.anniversary) if row else 0,
            featured_examples=int(row.examples) if row else 0,
        )
    return facts
