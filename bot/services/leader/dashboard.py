"""A cluster's dashboard: /tonghop's summary, the same query functions, plus per-unit detail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.services.leader.summary import ClusterSummary, SummaryService, UnitLine
from domain.people import Person
from domain.roles import Role
from storage.cluster import dashboard
from storage.cluster.dashboard import Example
from storage.membership.org import ClusterInfo, list_clusters


@dataclass(frozen=True, slots=True)
class ClusterPage:
    """Everything a cluster's page shows; `summary` is exactly what /tonghop shows."""

    summary: ClusterSummary
    units: list[UnitLine]  # pledges for the campaign, reports in the phase
    by_kind: dict[str, int]  # reports of the year per kind of activity
    by_month: dict[int, int]  # reports of the year per month
    examples: list[Example]
    # Scoring and the published ranking (issue 11) join here once they exist.


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
        )

    async def province_page(self, person: Person | None) -> list[ClusterSummary] | None:
        """Return every cluster's summary for the province page; None unless an admin."""
        if person is None or not person.is_member or person.role is not Role.ADMIN:
            return None
        every: list[ClusterInfo] = await list_clusters(session=self._session)
        pages = [await self.summary(person, cluster.id) for cluster in every]
        return [page for page in pages if page is not None]
