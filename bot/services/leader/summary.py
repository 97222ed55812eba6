"""A cluster's summary and its export: the cluster's picture, for a leader of that cluster."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.services.pledge.campaign import CampaignFigures
from domain.calendar.occasions import Phase, days_left, phase_of
from domain.people import Person
from domain.pledge.rules import Campaign
from storage.cluster import picture
from storage.cluster.picture import (
    ClusterPicture,
    Period,
    PledgeLine,
    RegistrationLine,
    Report,
    ReportCoverage,
    UnitLine,
)
from storage.membership.org import ClusterInfo
from storage.pledge.totals import Totals


@dataclass(frozen=True, slots=True)
class ClusterSummary:
    """What /tonghop shows for one cluster: its picture of the phase, with the calendar's and
    the campaign's figures around it."""

    cluster: ClusterInfo
    phase: Phase
    days_left: int
    coverage: ReportCoverage  # activity reports dated in the phase
    missing_reports: list[str]  # units with none
    year: int  # the calendar year: registrations and good examples
    registrations: dict[str, int]  # status (picture.NOT_YET for none sent) -> units
    not_registered: list[str]
    campaign: Campaign
    pledges: Totals
    house_target: int
    examples: int
    units: list[UnitLine]  # pledges for the campaign, reports in the phase
    # Members away on the summary's day, per AbsenceReason value: counted apart («vắng»).
    away: dict[str, int] = field(default_factory=dict)

    @property
    def away_total(self) -> int:
        """Return how many members are away on the summary's day."""
        return sum(self.away.values())


@dataclass(frozen=True, slots=True)
class ClusterExport:
    """Every row of a cluster's workbook."""

    cluster: ClusterInfo
    phase: Phase
    year: int
    campaign: Campaign
    units: list[UnitLine]
    totals: Totals
    reports: list[Report]
    pledges: list[PledgeLine]
    registrations: list[RegistrationLine]


class SummaryService(CampaignFigures):
    """Summaries and exports of the clusters a person leads (every cluster for the admin)."""

    def phase_period(self, on: date | None = None) -> tuple[Phase, Period]:
        """Return the phase of `on` (today) and what /tonghop covers: its reports, the year's
        rest."""
        day = on or self.today
        phase = phase_of(day)
        return phase, Period(
            phase.start, phase.end, day.year, self.config.campaign(day).year, present_on=day
        )

    def year_period(self, on: date | None = None) -> Period:
        """Return the calendar year of `on` (today) as a period (the dashboard's charts, the
        export's rows)."""
        day = on or self.today
        return Period(date(day.year, 1, 1), date(day.year, 12, 31), day.year,
                      self.config.campaign(day).year)  # fmt: skip

    async def summary(
        self, person: Person | None, cluster_id: int, year: int | None = None
    ) -> ClusterSummary:
        """Return the cluster's figures (of a past `year`: as they stood on its last day);
        refused when the person may not see this cluster."""
        # The cluster comes from a button payload: never trust it, check it again here.
        cluster = await self.access.cluster(person, cluster_id)
        on = date(year, 12, 31) if year is not None and year < self.today.year else self.today
        phase, period = self.phase_period(on)
        found = await picture.read_cluster(session=self._session, cluster=cluster, period=period)
        return self.summarised(found, phase, on)

    def summarised(
        self, found: ClusterPicture, phase: Phase, on: date | None = None
    ) -> ClusterSummary:
        """Return /tonghop's view of a picture of the phase, as it stands `on` (today)."""
        on = on or self.today
        campaign = self.config.campaign(on)
        totals = found.totals
        return ClusterSummary(
            cluster=found.cluster, phase=phase, days_left=days_left(phase, on),
            coverage=found.coverage, missing_reports=found.missing_reports,
            year=found.period.year, registrations=found.registrations,
            not_registered=found.not_registered, campaign=campaign, pledges=totals,
            house_target=self.config.house_target(found.cluster.code, totals.headcount),
            examples=found.examples, units=found.units, away=found.away,
        )  # fmt: skip

    async def export(
        self, person: Person | None, cluster_id: int, year: int | None = None
    ) -> ClusterExport:
        """Return every row of the cluster's workbook (of a past `year`: as it stood on its
        last day); refused when the person may not see it."""
        cluster = await self.access.cluster(person, cluster_id)
        session = self._session
        on = date(year, 12, 31) if year is not None and year < self.today.year else self.today
        phase, period = self.phase_period(on)
        found = await picture.read_cluster(session=session, cluster=cluster, period=period)
        whole = self.year_period(on)
        return ClusterExport(
            cluster=cluster, phase=phase, year=period.year, campaign=self.config.campaign(on),
            units=found.units, totals=found.totals,
            reports=await picture.reports(session=session, cluster_id=cluster.id, period=whole),
            pledges=await picture.pledge_lines(
                session=session, cluster_id=cluster.id, period=whole
            ),
            registrations=await picture.registration_lines(
                session=session, cluster_id=cluster.id, period=whole
            ),
        )  # fmt: skip
