"""The province at a glance: every cluster in one table, sortable, for the office.

Each row reads the same picture as /tonghop and the dashboard (`storage.cluster.picture`),
once per phase of the year, and the dashboard's scoring section: one source of figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.services.leader.scoring_section import ScoringSection, scoring_section
from bot.services.leader.summary import SummaryService
from bot.services.office.gate import require_admin
from bot.services.scoring.results import ResultsService
from domain.calendar.occasions import phases
from domain.people import Person
from domain.registration.states import RegistrationStatus
from domain.scoring.flow import Stage
from storage.cluster import picture
from storage.cluster.picture import Period, UnitLine
from storage.membership import short_names
from storage.membership.org import ClusterInfo

SENT = (RegistrationStatus.SUBMITTED.value, RegistrationStatus.RETURNED.value,
        RegistrationStatus.ACCEPTED.value)  # fmt: skip
_BEGUN = (Stage.SUBMITTED.value, Stage.REVIEWED.value, Stage.EXPLAINED.value,
          Stage.SETTLED.value)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ScoringStep:
    """Where a cluster's year of scoring stands."""

    units: int
    submitted: int  # units that sent their self-assessment (or went further)
    settled: int
    published_on: date | None

    @property
    def order(self) -> tuple[int, int, int]:
        """Return how far along it is, for sorting: published, then settled, then sent."""
        return (self.published_on is not None, self.settled, self.submitted)


@dataclass(frozen=True, slots=True)
class GlanceRow:
    """One cluster's line in the province's table."""

    cluster: ClusterInfo
    label: str  # its short name, else its name
    units: int
    joined: int  # members with an account on a channel
    headcount: int
    reported: tuple[int, ...]  # units that reported an activity, per phase of the year
    registered: int  # units whose registration was sent
    pledged: int
    paid: int
    confirmed: int
    houses: int  # houses the confirmed money pays for
    house_target: int
    scoring: ScoringStep | None  # None: no scoring table this year


@dataclass(frozen=True, slots=True)
class ClusterView:
    """A cluster's page: its line, and each unit's figures in the current phase."""

    row: GlanceRow
    units: list[UnitLine]


SORTS: dict[str, Callable[[GlanceRow], Any]] = {
    "name": lambda r: r.label.casefold(),
    "units": lambda r: r.units,
    "joined": lambda r: (r.joined / r.headcount if r.headcount else 0, r.joined),
    "phase1": lambda r: r.reported[0] / r.units if r.units else 0,
    "phase2": lambda r: r.reported[1] / r.units if r.units else 0,
    "registered": lambda r: r.registered / r.units if r.units else 0,
    "pledged": lambda r: r.pledged,
    "paid": lambda r: r.paid,
    "confirmed": lambda r: r.confirmed,
    "houses": lambda r: (r.houses, -r.house_target),
    "scoring": lambda r: r.scoring.order if r.scoring else (False, -1, -1),
}


def _step(section: ScoringSection | None) -> ScoringStep | None:
    if section is None:
        return None
    stages = [u.stage for u in section.steps.units]
    return ScoringStep(
        units=len(stages), submitted=sum(s in _BEGUN for s in stages),
        settled=stages.count(Stage.SETTLED.value), published_on=section.published_on,
    )  # fmt: skip


class Glance(SummaryService):
    """The province's table (the admin's), and one cluster's line (its leaders' too)."""

    async def province(
        self, person: Person | None, sort: str = "name", descending: bool = False
    ) -> list[GlanceRow]:
        """Return every cluster's line, sorted by `sort` (a key of SORTS; else by name)."""
        require_admin(person)
        labels = await short_names.cluster_labels(session=self._session)
        rows = [await self._row(c, labels) for c in await self.access.clusters(person)]
        key = SORTS.get(sort, SORTS["name"])
        rows.sort(key=SORTS["name"])  # ties keep the names' order
        rows.sort(key=key, reverse=descending)
        return rows

    async def cluster(self, person: Person | None, cluster_id: int) -> ClusterView:
        """Return one cluster's line and its units; refused unless the person may see it."""
        found = await self.access.cluster(person, cluster_id)
        labels = await short_names.cluster_labels(session=self._session)
        return await self._read(found, labels)

    async def _row(self, cluster: ClusterInfo, labels: dict[int, str]) -> GlanceRow:
        return (await self._read(cluster, labels)).row

    async def _read(self, cluster: ClusterInfo, labels: dict[int, str]) -> ClusterView:
        session, today = self._session, self.today
        campaign = self.config.campaign(today).year
        periods = [Period(phase.start, phase.end, today.year, campaign)
                   for phase in phases(today.year)]  # fmt: skip
        current = next(p for p in periods if p.start <= today <= p.end)
        # The whole picture for the phase under way; of the other, only who reported in it.
        now = await picture.read_cluster(session=session, cluster=cluster, period=current)
        reported = [
            now.coverage.reported if period == current else await picture.units_reporting(
                session=session, cluster_id=cluster.id, period=period
            )
            for period in periods
        ]  # fmt: skip
        people = await picture.people(session=session, cluster_id=cluster.id)
        totals = now.totals
        results = ResultsService(session, self._notify, self._now, self._province)
        section = await scoring_section(session, results, cluster.id, self._province.tz)
        row = GlanceRow(
            cluster=cluster, label=labels.get(cluster.id, cluster.name), units=len(now.units),
            joined=people.joined, headcount=totals.headcount,
            reported=tuple(reported),
            registered=sum(now.registrations.get(status, 0) for status in SENT),
            pledged=totals.pledged, paid=totals.paid, confirmed=totals.confirmed,
            houses=totals.confirmed // self.config.campaign(today).house_cost,
            house_target=self.config.house_target(cluster.code, totals.headcount),
            scoring=_step(section),
        )  # fmt: skip
        return ClusterView(row, now.units)
