"""The cluster's written report: every figure it states, gathered for a leader of that cluster."""

from __future__ import annotations

from datetime import date
from typing import TypedDict

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.documents.model import (
    Activity,
    Issuer,
    NamedReport,
    Proposal,
    ReportData,
    ReportKind,
    ScoreRow,
    UnitFigures,
    YearEndResults,
)
from bot.services.pledge.campaign import CampaignFigures
from bot.services.scoring.results import AWARD_NAMES, ResultsService
from domain.calendar.occasions import Anniversary, phases, title_vi
from domain.drafting.config import DocumentsConfig, head_title, is_bloc
from domain.membership.absence import REASON_NAMES, AbsenceReason
from domain.people import Person
from storage.cluster import picture
from storage.cluster.picture import Period, Report


class _Rows(TypedDict):
    """The arguments every detail read of the picture takes."""

    session: AsyncSession
    cluster_id: int
    period: Period


def period(kind: ReportKind, year: int) -> tuple[date, date]:
    """Return the days a report of this kind covers."""
    first, second = phases(year)
    if kind is ReportKind.PHASE_1:
        return first.start, first.end
    if kind is ReportKind.PHASE_2:
        return second.start, second.end
    return first.start, second.end


class DraftService(CampaignFigures):
    """Gather the report of a cluster the person leads (any cluster for the admin)."""

    @property
    def documents(self) -> DocumentsConfig:
        """Return the documents section of the configuration."""
        return self._province.documents

    async def year_end_results(self, cluster_id: int, year: int) -> YearEndResults | None:
        """Return the cluster's published scoring results for `year`; None until published."""
        results = await ResultsService(
            self._session, self._notify, self._now, self._province
        ).published_results(cluster_id, year)
        if results is None:
            return None
        ranking = [
            ScoreRow(
                rank=s.rank,
                unit_name=s.unit_name,
                score=s.total / 2,
                grade=self.documents.grade(s.total / 2),
            )
            for s in results.standings
        ]
        proposals = [
            Proposal(nominee=p.unit_name, reward=AWARD_NAMES.get(p.award, p.award))
            for p in results.proposals
            if p.status != "removed"  # the leader took it off the list, with a reason
        ]
        return YearEndResults(ranking=ranking, proposals=proposals)

    async def gather(
        self, person: Person | None, cluster_id: int, kind: ReportKind, year: int
    ) -> ReportData:
        """Return every figure of the report; refused when the person may not see this cluster."""
        cluster = await self.access.cluster(person, cluster_id)  # checked again on every press
        session, (start, end) = self._session, period(kind, year)
        campaign = self.config.campaign(end)
        # People away are counted as they stand today, or on the period's last day once past.
        span = Period(start, end, year, campaign.year, present_on=min(end, self.today))
        found = await picture.read_cluster(session=session, cluster=cluster, period=span)
        people = await picture.people(session=session, cluster_id=cluster_id)
        config = self.documents
        signer = await picture.signatory(session=session, cluster_id=cluster_id)
        rows: _Rows = {"session": session, "cluster_id": cluster_id, "period": span}
        highlights = await picture.reports(**rows, order="notable", limit=config.highlights)
        examples = await picture.reports(**rows, order="notable", limit=50, examples_only=True)
        return ReportData(
            kind=kind, year=year, start=start, end=end,
            issuer=Issuer(
                council=config.council, cluster_name=cluster.name, cluster_code=cluster.code,
                symbol=config.symbol(cluster.kind, cluster.code, cluster.name),
                place=config.place, day=self.today, head_title=head_title(cluster.kind),
                signer_name=signer.full_name if signer else "",
                signer_unit=signer.unit_name if signer else "",
                recipients=list(config.recipients), bloc=is_bloc(cluster.kind),
                deputy=signer.deputy if signer else False,
            ),
            units=[UnitFigures(t.name, t.headcount, u.activity.reports, t.pledged, t.paid,
                               t.confirmed, t.participants, u.activity.registration)
                   for u in found.units for t in [u.totals]],
            members=people.members, joined=people.joined,
            reports=found.coverage.reports, reported_units=found.coverage.reported,
            by_kind=[Activity(self._kind_label(g.key), g.reports, g.participants, g.units)
                     for g in await picture.reports_by_kind(**rows)],
            by_anniversary=[
                Activity(self._anniversary_title(g.key, year) or g.key, g.reports,
                         g.participants, g.units)
                for g in await picture.reports_by_anniversary(**rows)
            ],
            highlights=[self._named(n) for n in highlights],
            examples=[self._named(n) for n in examples],
            missing_reports=found.missing_reports,
            registrations=found.registrations,
            not_registered=found.not_registered,
            campaign_name=campaign.name, house_cost=campaign.house_cost,
            house_target=self.config.house_target(cluster.code, found.totals.headcount),
            results=(await self.year_end_results(cluster_id, year)
                     if kind is ReportKind.YEAR_END else None),
            away={REASON_NAMES[reason]: found.away[reason.value] for reason in AbsenceReason
                  if found.away.get(reason.value)},
            away_day=span.away_day,
        )  # fmt: skip

    def _kind_label(self, key: str) -> str:
        # The report is an official Vietnamese document, whatever the drafter's chat language.
        item = self._province.activities.kind(key)
        return item.label("vi") if item is not None else key

    def _anniversary(self, key: str | None) -> Anniversary | None:
        configured = self._province.calendar.loaded_anniversaries()
        return next((a for a in configured if a.key == key), None)

    def _anniversary_title(self, key: str | None, year: int) -> str | None:
        anniversary = self._anniversary(key)
        if anniversary is None or year <= anniversary.origin_year:
            return None
        return title_vi(anniversary, year)

    def _named(self, report: Report) -> NamedReport:
        return NamedReport(
            day=report.day,
            unit_name=report.unit_name,
            kind_label=self._kind_label(report.kind),
            title=report.title,
            participants=report.participants,
            anniversary=self._anniversary_title(report.anniversary_key, report.day.year),
            example=report.example,
        )
