"""A cluster's summary and its export: the figures a leader reads, checked against the leader."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.outbox.announcements import AnnounceService
from bot.outbox.queue import NotifyService
from bot.services.pledge.campaign import CampaignFigures
from domain.calendar.occasions import Phase, days_left, phase_of
from domain.config import ProvinceConfig
from domain.people import Person
from domain.pledge.rules import Campaign
from storage.cluster import export_rows, summary
from storage.cluster.export_rows import PledgeLine, RegistrationLine, ReportLine
from storage.cluster.summary import ReportCoverage, UnitActivity
from storage.membership.org import ClusterInfo
from storage.pledge import totals as pledge_totals
from storage.pledge.totals import Totals


@dataclass(frozen=True, slots=True)
class ClusterSummary:
    """What /tonghop shows for one cluster."""

    cluster: ClusterInfo
    phase: Phase
    days_left: int
    coverage: ReportCoverage  # activity reports dated in the phase
    missing_reports: list[str]  # units with none
    year: int  # the calendar year: registrations and good examples
    registrations: dict[str, int]  # status (summary.NOT_YET for none sent) -> units
    not_registered: list[str]
    campaign: Campaign
    pledges: Totals | None
    house_target: int
    examples: int


@dataclass(frozen=True, slots=True)
class UnitLine:
    """One unit's row of the export's summary sheet."""

    totals: Totals
    activity: UnitActivity


@dataclass(frozen=True, slots=True)
class ClusterExport:
    """Every row of a cluster's workbook."""

    cluster: ClusterInfo
    phase: Phase
    year: int
    campaign: Campaign
    units: list[UnitLine]
    totals: Totals | None
    reports: list[ReportLine]
    pledges: list[PledgeLine]
    registrations: list[RegistrationLine]


class SummaryService(CampaignFigures):
    """Summaries and exports of the clusters a person leads (every cluster for the admin)."""

    def __init__(
        self,
        session: AsyncSession,
        notify: NotifyService,
        now: datetime,
        province: ProvinceConfig,
        announce: AnnounceService,
    ) -> None:
        super().__init__(session, notify, now, province)
        self._announce = announce  # knows which clusters a person may see

    async def _allowed(self, person: Person | None, cluster_id: int) -> ClusterInfo | None:
        # The cluster comes from a button payload: never trust it, check it again here.
        clusters = await self._announce.clusters_for(person)
        return next((cluster for cluster in clusters if cluster.id == cluster_id), None)

    def _year_span(self) -> tuple[date, date]:
        year = self.today.year
        return date(year, 1, 1), date(year, 12, 31)

    async def summary(
        self, person: Person | None, cluster_id: int, year: int | None = None
    ) -> ClusterSummary | None:
        """Return the cluster's figures (of a past `year`: as they stood on its last day);
        None when the person may not see this cluster."""
        cluster = await self._allowed(person, cluster_id)
        if cluster is None:
            return None
        session, today = self._session, self.today
        if year is not None and year < today.year:
            today = date(year, 12, 31)  # a closed year reads as it stood on its last day
        phase = phase_of(today)
        start, end = date(today.year, 1, 1), date(today.year, 12, 31)
        campaign = self.config.campaign(today)
        pledges = await pledge_totals.cluster_totals(
            session=session, year=campaign.year, cluster_id=cluster_id
        )
        in_phase = {"start": phase.start, "end": phase.end}
        target = self.config.house_target(cluster.code, pledges.headcount) if pledges else 0
        return ClusterSummary(
            cluster=cluster, phase=phase, days_left=days_left(phase, today),
            coverage=await summary.report_coverage(
                session=session, cluster_id=cluster_id, **in_phase
            ),
            missing_reports=await summary.units_without_report(
                session=session, cluster_id=cluster_id, **in_phase
            ),
            year=today.year,
            registrations=await summary.registration_counts(
                session=session, cluster_id=cluster_id, year=today.year
            ),
            not_registered=await summary.units_not_registered(
                session=session, cluster_id=cluster_id, year=today.year
            ),
            campaign=campaign, pledges=pledges, house_target=target,
            examples=await summary.example_count(
                session=session, cluster_id=cluster_id, start=start, end=end
            ),
        )  # fmt: skip

    async def export(self, person: Person | None, cluster_id: int) -> ClusterExport | None:
        """Return every row of the cluster's workbook; None when the person may not see it."""
        cluster = await self._allowed(person, cluster_id)
        if cluster is None:
            return None
        session, today = self._session, self.today
        phase = phase_of(today)
        start, end = self._year_span()
        campaign = self.campaign()
        return ClusterExport(
            cluster=cluster, phase=phase, year=today.year, campaign=campaign,
            units=await self._unit_lines(cluster_id, phase, campaign),
            totals=await pledge_totals.cluster_totals(
                session=session, year=campaign.year, cluster_id=cluster_id
            ),
            reports=await export_rows.year_reports(
                session=session, cluster_id=cluster_id, start=start, end=end
            ),
            pledges=await export_rows.member_pledges(
                session=session, cluster_id=cluster_id, year=campaign.year
            ),
            registrations=await export_rows.year_registrations(
                session=session, cluster_id=cluster_id, year=today.year
            ),
        )  # fmt: skip

    async def unit_lines(self, person: Person | None, cluster_id: int) -> list[UnitLine] | None:
        """Return each unit's pledges and reports in the phase; None when not allowed."""
        if await self._allowed(person, cluster_id) is None:
            return None
        return await self._unit_lines(cluster_id, phase_of(self.today), self.campaign())

    async def _unit_lines(
        self, cluster_id: int, phase: Phase, campaign: Campaign
    ) -> list[UnitLine]:
        session = self._session
        activity = await summary.unit_activity(
            session=session, cluster_id=cluster_id, start=phase.start, end=phase.end,
            year=self.today.year,
        )  # fmt: skip
        units = await pledge_totals.units_totals(
            session=session, year=campaign.year, cluster_id=cluster_id
        )
        return [UnitLine(totals, activity[totals.id]) for totals in units if totals.id in activity]
