"""Ranking, publication and the proposals for commendation of a cluster's units.

`published_results(cluster_id, year)` is the one query other features (the .docx report)
read: the published ranking and proposals as plain dataclasses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from bot.i18n import Translator
from bot.scoringfile.score_sheet import SheetData
from bot.services.scoring.base import Scope, ScoringBase, clean
from bot.services.scoring.sheet import build_sheet
from domain.people import Person
from domain.refusals import Refused, ScoringRefusal
from domain.roles import Role
from domain.scoring.flow import Stage
from domain.scoring.rank import Award, Ranked, propose, rank
from domain.scoring.table import HalfPoints, show_points
from domain.text import N_
from storage.calendar.reminders import fan_out_to_groups
from storage.membership.org import get_cluster
from storage.scoring import queries, steps
from storage.scoring.steps import ProposalRow, TableInfo
from storage.scoring.table import find_table, read_table

TOP = 3  # the leading units every member is shown
MAX_REASON = 500
AWARD_NAMES = {
    Award.FLAG.value: N_("Cờ thi đua của UBND tỉnh"),
    Award.MERIT.value: N_("Bằng khen của Chủ tịch UBND tỉnh"),
}
MEMBER_TEXT = N_(
    "Kết quả chấm điểm thi đua năm {year} của {cluster} đã được công bố. {unit} xếp thứ {rank}"
    "/{units} với {total} điểm.\nDẫn đầu:\n{top}"
)
GROUP_TEXT = N_("Kết quả chấm điểm thi đua năm {year} của {cluster}:\n{ranking}")
# Not "1. …": on Zalo numbered lines are the options to answer with.
RANK_LINE = N_("Hạng {rank}: {unit}, {total} điểm")


@dataclass(frozen=True, slots=True)
class Standing:
    rank: int
    unit_id: int
    unit_name: str
    total: HalfPoints
    computed: HalfPoints
    submitted_at: datetime | None


@dataclass(frozen=True, slots=True)
class PublishedResults:
    """What the year-end report reads: the published ranking and proposals of a cluster."""

    cluster_id: int
    cluster_name: str
    year: int
    title: str
    published_at: datetime
    standings: list[Standing]
    proposals: list[ProposalRow]


@dataclass(frozen=True, slots=True)
class ScoringProgress:
    year: int
    units: int
    submitted: int
    reviewed: int  # reviewed, explained or settled
    explained: int
    settled: int
    published: bool
    due: date


def _standing(entry: Ranked) -> Standing:
    r = entry.result
    return Standing(entry.rank, r.unit_id, r.name, r.total, r.computed, r.submitted_at)


def rank_lines(t: Translator, standings: list[Standing], limit: int | None = None) -> str:
    return "\n".join(
        t._(RANK_LINE).format(rank=s.rank, unit=s.unit_name, total=show_points(s.total))
        for s in standings[:limit]
    )


def _member_text(
    year: int, cluster: str, mine: Standing, standings: list[Standing]
) -> Callable[[Translator], str]:
    return lambda t: t._(MEMBER_TEXT).format(
        year=year, cluster=cluster, unit=mine.unit_name, rank=mine.rank, units=len(standings),
        total=show_points(mine.total), top=rank_lines(t, standings, TOP),
    )  # fmt: skip


class ResultsService(ScoringBase):
    """Ranking for the leaders; after publication for everyone of the cluster."""

    async def _standings(self, scope: Scope, cluster_id: int) -> list[Standing]:
        results = await queries.results(
            session=self._session, table=scope.table, table_id=scope.id, cluster_id=cluster_id,
            year=scope.row.year,
        )  # fmt: skip
        return [_standing(r) for r in rank(results, self.config.tie_breaks)]

    async def ranking(
        self, person: Person | None, cluster_id: int | None = None
    ) -> list[Standing]:
        """Return the ranking: to the cluster's leaders always, to members once published."""
        if person is not None and person.role in (Role.LEADER, Role.DEPUTY, Role.ADMIN):
            cluster = self.led_cluster(person, cluster_id)
            return await self._standings(await self.scope(cluster), cluster)
        if person is None or not person.is_member or person.unit_id is None:
            raise Refused(ScoringRefusal.NO_UNIT)
        unit = await self.unit(person.unit_id)
        scope = await self.scope(unit.cluster_id)
        if not scope.published:
            raise Refused(ScoringRefusal.NOT_PUBLISHED)
        return await self._standings(scope, unit.cluster_id)

    async def is_published(self, cluster_id: int) -> bool:
        return (await self.scope(cluster_id)).published

    async def publish(self, person: Person | None, cluster_id: int | None = None) -> int:
        """Publish the results: rank, propose, tell every member and post to the groups.

        Only the leader (or the admin) publishes, once every submitted unit is settled.
        """
        cluster = self.led_cluster(person, cluster_id)
        assert person is not None
        if person.role is Role.DEPUTY:
            raise Refused(ScoringRefusal.NOT_LEADER)
        scope = await self.scope(cluster)
        if scope.published:
            raise Refused(ScoringRefusal.PUBLISHED)
        units = await queries.cluster_scores(
            session=self._session, table_id=scope.id, cluster_id=cluster
        )
        stages = [u.status for u in units if u.status not in ("none", Stage.DRAFT.value)]
        if not stages or any(s != Stage.SETTLED.value for s in stages):
            raise Refused(ScoringRefusal.NOT_READY)
        results = await queries.results(
            session=self._session, table=scope.table, table_id=scope.id, cluster_id=cluster,
            year=scope.row.year,
        )  # fmt: skip
        ranked = rank(results, self.config.tie_breaks)
        proposals = propose(ranked, self.config.rules())
        await steps.replace_proposals(
            session=self._session, table_id=scope.id,
            rows=[(p.award.value, p.unit_id, p.rank, p.total) for p in proposals],
        )  # fmt: skip
        await steps.publish(session=self._session, table=scope.row, actor_id=person.member_id,
                            now=self._now)  # fmt: skip
        await self._announce(scope, cluster, [_standing(r) for r in ranked])
        return len(proposals)

    async def _announce(self, scope: Scope, cluster_id: int, standings: list[Standing]) -> None:
        info = await get_cluster(session=self._session, cluster_id=cluster_id)
        name = info.name if info else ""
        by_unit = {s.unit_id: s for s in standings}
        year = scope.row.year
        recipients = await steps.member_recipients(session=self._session, cluster_id=cluster_id)
        for unit_id, people in recipients.items():
            mine = by_unit.get(unit_id)
            if mine is None:
                continue
            await self._notify.send(
                key=f"scoring:{scope.id}:published:{unit_id}",
                recipients=people,
                compose=_member_text(year, name, mine, standings),
            )
        t = self._notify.translator(None)
        text = t._(GROUP_TEXT).format(year=year, cluster=name, ranking=rank_lines(t, standings))
        # The group post is counted with the other queued messages, to wake the sender.
        self._notify.queued += await fan_out_to_groups(
            session=self._session, key_prefix=f"scoring:{scope.id}:published:group",
            text=text, not_before=self._now, cluster_id=cluster_id,
        )  # fmt: skip

    async def proposals(self, person: Person | None, cluster_id: int | None = None
                        ) -> list[ProposalRow]:  # fmt: skip
        cluster = self.led_cluster(person, cluster_id)
        return await steps.proposals(
            session=self._session, table_id=(await self.scope(cluster)).id
        )

    async def decide(
        self, person: Person | None, award: str, unit_id: int, keep: bool, reason: str = "",
        cluster_id: int | None = None,
    ) -> None:  # fmt: skip
        """Confirm a proposal, or remove or add one with a reason (the leader or the admin)."""
        cluster = self.led_cluster(person, cluster_id)
        assert person is not None
        if person.role is Role.DEPUTY:
            raise Refused(ScoringRefusal.NOT_LEADER)
        scope = await self.scope(cluster)
        if not scope.published:
            raise Refused(ScoringRefusal.NOT_PUBLISHED)
        if award not in AWARD_NAMES:
            raise Refused(ScoringRefusal.NOT_FOUND)
        standings = {s.unit_id: s for s in await self._standings(scope, cluster)}
        if unit_id not in standings:
            raise Refused(ScoringRefusal.NOT_FOUND)
        current = {(p.award, p.unit_id): p for p in await steps.proposals(
            session=self._session, table_id=scope.id)}  # fmt: skip
        proposed = current.get((award, unit_id))
        bot_said = proposed is not None and proposed.status != "removed"
        why = reason if keep and bot_said and not reason else clean(reason, 3, MAX_REASON)
        s = standings[unit_id]
        await steps.decide_proposal(
            session=self._session, table_id=scope.id, award=award, unit_id=unit_id,
            status="confirmed" if keep else "removed", rank=s.rank, total=s.total,
            actor_id=person.member_id, reason=why, now=self._now,
        )  # fmt: skip

    async def all_proposals(
        self, person: Person | None
    ) -> list[tuple[TableInfo, list[ProposalRow]]]:
        """Return every cluster's table of the year with its proposals (the admin's view)."""
        if person is None or not person.is_member or person.role is not Role.ADMIN:
            raise Refused(ScoringRefusal.NOT_ADMIN)
        tables = await steps.tables_of_year(session=self._session, year=self.year)
        return [(t, await steps.proposals(session=self._session, table_id=t.id)) for t in tables]

    async def score_sheet(
        self, person: Person | None, cluster_id: int, year: int | None = None
    ) -> SheetData | None:
        """Return the cluster's score sheet of `year` (this one) for a leader of it; None when
        it has no table."""
        self.led_cluster(person, cluster_id)
        return await build_sheet(
            session=self._session, cluster_id=cluster_id, year=year or self.year,
            config=self.config,
            tz=self._province.tz,
        )  # fmt: skip

    async def progress(self, cluster_id: int) -> ScoringProgress | None:
        """Return how far the cluster's units are (for /tonghop); None without a table."""
        row = await find_table(session=self._session, cluster_id=cluster_id, year=self.year)
        if row is None or row.id is None:
            return None
        units = await queries.cluster_scores(
            session=self._session, table_id=row.id, cluster_id=cluster_id
        )
        stages = [u.status for u in units]
        counted = {stage: stages.count(stage.value) for stage in Stage}
        return ScoringProgress(
            self.year, len(units), len(units) - stages.count("none") - counted[Stage.DRAFT],
            counted[Stage.REVIEWED] + counted[Stage.EXPLAINED] + counted[Stage.SETTLED],
            sum(u.explained for u in units), counted[Stage.SETTLED], row.published_at is not None,
            self.config.self_assessment_due(self.year),
        )  # fmt: skip

    async def published_results(self, cluster_id: int, year: int) -> PublishedResults | None:
        """Return a cluster's published ranking and proposals of `year`; None if unpublished."""
        row = await find_table(session=self._session, cluster_id=cluster_id, year=year)
        if row is None or row.id is None or row.published_at is None:
            return None
        scope = Scope(row, await read_table(session=self._session, table_id=row.id))
        info = await get_cluster(session=self._session, cluster_id=cluster_id)
        return PublishedResults(
            cluster_id, info.name if info else "", year, scope.table.title, row.published_at,
            await self._standings(scope, cluster_id),
            await steps.proposals(session=self._session, table_id=row.id),
        )  # fmt: skip
