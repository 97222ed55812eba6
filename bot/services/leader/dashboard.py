"""A cluster's dashboard: /tonghop's summary, and the year's reports from the same picture."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.leader.summary import ClusterSummary, SummaryService
from domain.people import Person
from domain.refusals import ClusterRefusal, Refused
from domain.roles import Role
from storage.cluster import picture
from storage.cluster.picture import Report, UnitLine

EXAMPLES = 10  # the newest good examples the page lists


@dataclass(frozen=True, slots=True)
class ClusterPage:
    """Everything a cluster's page shows; `summary` is exactly what /tonghop shows."""

    summary: ClusterSummary
    units: list[UnitLine]  # pledges for the campaign, reports in the phase
    by_kind: dict[str, int]  # reports of the year per kind of activity, the most first
    by_month: dict[int, int]  # reports of the year per month
    examples: list[Report]  # the year's newest good examples
    # Scoring and the published ranking (issue 11) join here once they exist.


class DashboardService(SummaryService):
    """The pages a person may see: their clusters (every cluster and the province for admins)."""

    async def cluster_page(self, person: Person | None, cluster_id: int) -> ClusterPage:
        """Return the cluster's page; refused when the person may not see this cluster."""
        found = await self.summary(person, cluster_id)  # re-checks the person's role
        session, year = self._session, self.year_period()
        kinds = await picture.reports_by_kind(session=session, cluster_id=cluster_id, period=year)
        return ClusterPage(
            summary=found,
            units=found.units,
            by_kind={group.key: group.reports for group in kinds},
            by_month=await picture.reports_by_month(
                session=session, cluster_id=cluster_id, period=year
            ),
            examples=await picture.reports(
                session=session, cluster_id=cluster_id, period=year, order="newest",
                limit=EXAMPLES, examples_only=True,
            ),
        )  # fmt: skip

    async def province_page(self, person: Person | None) -> list[ClusterSummary]:
        """Return every cluster's summary for the province page; refused unless an admin."""
        if person is None or not person.is_member or person.role is not Role.ADMIN:
            raise Refused(ClusterRefusal.NOT_ALLOWED)
        phase, period = self.phase_period()
        return [
            self.summarised(
                await picture.read_cluster(session=self._session, cluster=cluster, period=period),
                phase,
            )
            for cluster in await self.access.clusters(person)
        ]
