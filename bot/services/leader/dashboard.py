"""A cluster's dashboard: /tonghop's summary, and the year's reports from the same picture."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.leader.scoring_section import ScoringSection, scoring_section
from bot.services.leader.summary import ClusterSummary, SummaryService
from bot.services.scoring.results import ResultsService
from domain.people import Person
from domain.refusals import ClusterRefusal, Refused
from domain.roles import Role
from storage.cluster import picture
from storage.cluster.picture import Report, UnitLine
from storage.membership import short_names

EXAMPLES = 10  # the newest good examples the page lists


@dataclass(frozen=True, slots=True)
class ClusterPage:
    """Everything a cluster's page shows; `summary` is exactly what /tonghop shows."""

    summary: ClusterSummary
    units: list[UnitLine]  # pledges for the campaign, reports in the phase
    by_kind: dict[str, int]  # reports of the year per kind of activity, the most first
    by_month: dict[int, int]  # reports of the year per month
    examples: list[Report]  # the year's newest good examples
    scoring: ScoringSection | None  # None: the cluster has no scoring table this year


def _admin(person: Person | None) -> bool:
    return person is not None and person.is_member and person.role is Role.ADMIN


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
            scoring=await scoring_section(session, self._results(), cluster_id, self._province.tz),
        )  # fmt: skip

    def _results(self) -> ResultsService:
        return ResultsService(self._session, self._notify, self._now, self._province)

    async def province_page(self, person: Person | None) -> list[ClusterSummary]:
        """Return every cluster's summary for the province page; refused unless an admin."""
        if not _admin(person):
            raise Refused(ClusterRefusal.NOT_ALLOWED)
        phase, period = self.phase_period()
        return [
            self.summarised(
                await picture.read_cluster(session=self._session, cluster=cluster, period=period),
                phase,
            )
            for cluster in await self.access.clusters(person)
        ]

    async def cluster_labels(self, person: Person | None) -> dict[int, str]:
        """Return every cluster's short name (else its name); refused unless an admin."""
        if not _admin(person):
            raise Refused(ClusterRefusal.NOT_ALLOWED)
        return await short_names.cluster_labels(session=self._session)

    async def province_scoring(
        self, person: Person | None, cluster_ids: list[int]
    ) -> dict[int, ScoringSection]:
        """Return the scoring of each cluster that has a table; refused unless an admin."""
        if not _admin(person):
            raise Refused(ClusterRefusal.NOT_ALLOWED)
        tz = self._province.tz
        found = {
            c: await scoring_section(self._session, self._results(), c, tz) for c in cluster_ids
        }
        return {c: section for c, section in found.items() if section is not None}
