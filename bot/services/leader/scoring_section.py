"""The dashboard's scoring section: each unit's step, then the published ranking and proposals.

Read apart from the rest of the cluster's page (storage.cluster.ranking for the steps, the
scoring results for the ranking) so that it can join a single read model of the cluster.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, tzinfo

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services.scoring.results import PublishedResults, ResultsService
from storage.cluster.ranking import ScoringSteps, unit_steps


@dataclass(frozen=True, slots=True)
class ScoringSection:
    """A cluster's year of scoring; `results` once the ranking is published."""

    year: int
    steps: ScoringSteps
    results: PublishedResults | None
    published_on: date | None  # the day of publication in the province's zone

    def label(self, unit_id: int, name: str) -> str:
        """Return the unit's short name when it has one, else `name`."""
        return next((u.label for u in self.steps.units if u.unit_id == unit_id), name)


async def scoring_section(
    session: AsyncSession, results: ResultsService, cluster_id: int, tz: tzinfo
) -> ScoringSection | None:
    """Return the cluster's scoring of the year; None when it has no scoring table."""
    year = results.year
    steps = await unit_steps(session=session, cluster_id=cluster_id, year=year)
    if steps is None:
        return None
    published = await results.published_results(cluster_id, year)
    day = published.published_at.astimezone(tz).date() if published else None
    return ScoringSection(year, steps, published, day)
