"""What the dashboard's scoring section reads: each unit's step in the year's scoring.

Apart from the cluster's other dashboard queries so that it can be folded into one read
model; the ranking itself is computed by bot.services.scoring (it needs the tie-breaks).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import and_, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.membership.models import Unit
from storage.scoring.models import ScoringTable, UnitAssessment


@dataclass(frozen=True, slots=True)
class UnitStep:
    """Where one unit's assessment stands; `stage` None when the unit has not begun."""

    unit_id: int
    name: str
    label: str  # the short name where the organisation file gives one
    stage: str | None
    explained: bool


@dataclass(frozen=True, slots=True)
class ScoringSteps:
    table_id: int
    published_at: datetime | None
    units: list[UnitStep]


async def unit_steps(*, session: AsyncSession, cluster_id: int, year: int) -> ScoringSteps | None:
    """Return each unit's step against the cluster's table of `year`; None without a table."""
    table = (
        await session.exec(
            select(ScoringTable).where(
                col(ScoringTable.cluster_id) == cluster_id, col(ScoringTable.year) == year
            )
        )
    ).first()
    if table is None or table.id is None:
        return None
    rows = (
        await session.exec(
            select(Unit, UnitAssessment)
            .outerjoin(
                UnitAssessment,
                and_(
                    col(UnitAssessment.unit_id) == col(Unit.id),
                    col(UnitAssessment.table_id) == table.id,
                ),
            )
            .where(col(Unit.cluster_id) == cluster_id)
            .order_by(col(Unit.name))
        )
    ).all()
    units = [
        UnitStep(
            unit.id or 0, unit.name, unit.short_name or unit.name,
            a.status if a is not None else None, a is not None and a.explained_at is not None,
        )
        for unit, a in rows
    ]  # fmt: skip
    return ScoringSteps(table.id, table.published_at, units)
