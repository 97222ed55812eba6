"""A cluster's dashboard: /tonghop's summary, the same query functions, plus per-unit detail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.services.leader.scoring_section import ScoringSection, scoring_section
from bot.services.leader.summary import ClusterSummary, SummaryService, UnitLine
from bot.services.scoring.results import ResultsService
from domain.people import Person
from domain.roles import Role
from storage.cluster import dashboard
from storage.cluster.dashboard import Example
from storage.membership import short_names
from storage.membership.org import ClusterInfo, list_clusters


@dataclass(frozen=True, slots=True)
class ClusterPage:
    """Everything a cluster's page shows; `summary` is exactly what /tonghop shows."""

    summary: ClusterSummary
    units: list[UnitLine]  # pledges for the campaign, reports in the phase
    by_kind: dict[str, int]  # reports of the year per kind of activity
    by_month: dict[int, int]  # reports of the year per month
    examples: list[Example]
    scoring: ScoringSection | None  # None: the cluster has no scoring table this year


def _admin(person: Person | None) -> bool:
    return person is not None and person.is_member and person.role is Role.ADMIN


class DashboardService(SummaryService):
    """The pages a person may see: their clusters (every cluster and the province for admins)."""

    async def cluster_page(self, person: Person | None, cluster_id: int) -> ClusterPage | None:
        """Return the cluster's page; None when the person may not see this cluster."""
        found = await self.summary(person, cluster_id)  # re-checks the person's role
        if found is None:
            return None
        session = self._session
        year = {"start": date(found.year, 1, 1), "end": date(found.year, 12, 31)}
        return ClusterPage(
            summary=found,
            units=await self._unit_lines(cluster_id, found.phase, found.campaign),
            by_kind=await dashboard.activities_by_kind(
                session=session, cluster_id=cluster_id, **year
            ),
            by_month=await dashboard.activities_by_month(
                session=session, cluster_id=cluster_id, **year
            ),
            examples=await dashboard.examples(
                session=session, cluster_id=cluster_id, start=year["start"], end=year["end"]
            ),
            scoring=await scoring_section(session, self._results(), cluster_id, self._province.tz),
        )

    def _results(self) -> ResultsService:
        return ResultsService(self._session, self._notify, self._now, self._province)

    async def cluster_labels(self, person: Person | None) -> dict[int, str]:
        """Return every cluster's short name (else its name); empty unless an admin."""
        if not _admin(person):
            return {}
        return await short_names.cluster_labels(session=self._session)

    async def province_scoring(
        self, person: Person | None, cluster_ids: list[int]
    ) -> dict[int, ScoringSection]:
        """Return the scoring of each cluster that has a table; empty unless an admin."""
        if not _admin(person):
            return {}
        tz = self._province.tz
        found = {
            c: await scoring_section(self._session, self._results(), c, tz) for c in cluster_ids
        }
        return {c: section for c, section in found.items() if section is not None}

    async def province_page(self, person: Person | None) -> list[ClusterSummary] | None:
        """Return every cluster's summary for the province page; None unless an admin."""
        if not _admin(person):
            return None
        every: list[ClusterInfo] = await list_clusters(session=self._session)
        pages = [await self.summary(person, cluster.id) for cluster in every]
        return [page for page in pages if page is not None]
