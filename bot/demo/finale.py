"""The demo's year-end scoring, as far as the demo's date has gone, seeded by the real services.

Every cluster gets the example scoring table. In the demo leader's cluster units self-assess;
before the self-assessment deadline some are still scoring, from it on all have submitted;
one was reviewed with a changed score and a reason and has explained, one is settled, so the
leader has units to review, settle and then publish. Another cluster has published its
ranking and proposals, so the ranking, the dashboard and the year-end report show a result.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogs
from bot.outbox.queue import NotifyService
from bot.scoringfile.files import read_scoring_file
from bot.services.scoring.results import ResultsService
from bot.services.scoring.review import ReviewService
from bot.services.scoring.unit import ScoringService
from domain.config import ProvinceConfig
from domain.people import Person
from domain.scoring.table import Criterion, HalfPoints, Kind, Table, check_score, show_points
from storage.demo.finale import (
    DemoCluster,
    add_reporter,
    cluster_ids,
    demo_cluster,
    register_for_awards,
)
from storage.demo.year import person_name
from storage.membership.people import get_person
from storage.scoring import queries
from storage.scoring.table import apply_table, find_table

DEMO_SCORING = Path(__file__).resolve().parents[2] / "examples" / "scoring.yaml"
REVIEWING = "cum-kinh-te"  # the demo leader's cluster: units wait for the review
PUBLISHED = "cum-phuong"  # a cluster that has published its ranking
CHANGED = "1.2"
REASON = "Chưa có minh chứng kết quả Chỉ số cải cách hành chính (PAR Index) năm nay."
EXPLANATION = (
    "Đơn vị bổ sung Quyết định công bố Chỉ số cải cách hành chính năm nay của UBND tỉnh; "
    "kính đề nghị Cụm xem xét giữ nguyên điểm tự chấm."
)


@dataclass(frozen=True, slots=True)
class _Moments:
    """The demo's now, and earlier moments that stay inside the year being scored."""

    now: datetime
    year: int

    def before(self, days: int, hours: int = 0) -> datetime:
        start = datetime(self.year, 1, 1, 2, tzinfo=UTC)  # 9:00 on 1 January in Vietnam
        back = timedelta(days=days, hours=hours)
        # Early in January the steps are squeezed into the first day, still in their order.
        return max(self.now - back, start + timedelta(hours=24) - back / 30)


@dataclass(frozen=True, slots=True)
class _Unit:
    id: int
    table_id: int
    reporter: Person


class _Seeder:
    """One transaction's services, each step at its own moment of the year."""

    def __init__(
        self, session: AsyncSession, catalogs: Catalogs, province: ProvinceConfig, now: datetime
    ) -> None:
        self.session, self.catalogs, self.province = session, catalogs, province
        year = now.astimezone(province.tz).year
        self.at = _Moments(now.astimezone(UTC), year)
        self.rng = random.Random(year)

    def _args(self, at: datetime) -> tuple[AsyncSession, NotifyService, datetime, ProvinceConfig]:
        return self.session, NotifyService(self.session, self.catalogs, at), at, self.province

    def unit(self, at: datetime) -> ScoringService:
        return ScoringService(*self._args(at))

    def review(self, at: datetime) -> ReviewService:
        return ReviewService(*self._args(at))

    def results(self, at: datetime) -> ResultsService:
        return ResultsService(*self._args(at))

    async def person(self, member_id: int | None) -> Person:
        found = await get_person(session=self.session, member_id=member_id or 0)
        assert found is not None  # made by the organisation file or just now
        return found

    async def units(self, cluster: DemoCluster) -> list[_Unit]:
        """Give every unit of the cluster a reporter, who scores it."""
        found = await find_table(session=self.session, cluster_id=cluster.id, year=self.at.year)
        assert found is not None and found.id is not None  # every cluster has the table
        out = []
        for unit_id, _ in cluster.units:
            name = person_name(self.rng)
            reporter = await add_reporter(session=self.session, unit_id=unit_id, full_name=name)
            out.append(_Unit(unit_id, found.id, await self.person(reporter)))
        return out

    def _typed(self, criterion: Criterion, strong: bool) -> str:
        """Return what a reporter would type: the top of the range for a strong unit."""
        top, rng = criterion.max_points, self.rng
        if criterion.kind is Kind.PASS_FAIL:
            return show_points(top if strong or rng.random() < 0.8 else 0)
        if criterion.kind is Kind.PER_OCCURRENCE:
            items = top // max(criterion.per_item, 1)
            return str(items if strong else rng.randint(0, items))
        if criterion.kind is Kind.DEDUCTION:
            return "0" if strong else show_points(rng.choice((0, 0, 2, 4)))
        lost: HalfPoints = rng.choice((0, 0, 1)) if strong else rng.randint(0, top // 3)
        return show_points(top - lost)

    async def assess(
        self, unit: _Unit, table: Table, share: float = 1, strong: bool = False
    ) -> None:
        """Write the unit's scores, the first `share` of the criteria, as its reporter types
        them; checked as the service checks them, written directly (the service re-reads the
        whole sheet for every score, which would make the demo slow to start)."""
        row = await queries.assessment(
            session=self.session, table_id=unit.table_id, unit_id=unit.id, create=True
        )
        assert row is not None
        ids = await queries.criterion_ids(session=self.session, table_id=unit.table_id)
        typed = [c for c in table.criteria() if c.kind is not Kind.COMPUTED]
        for criterion in typed[: round(len(typed) * share)]:
            text = self._typed(criterion, strong)
            points = check_score(criterion, text)
            assert isinstance(points, int)  # the demo types only what the table allows
            count = int(text) if criterion.kind is Kind.PER_OCCURRENCE else None
            await queries.set_score(
                session=self.session, row=row, criterion_id=ids[criterion.code],
                code=criterion.code, actor_id=unit.reporter.member_id, self_score=points,
                count=count,
            )  # fmt: skip

    async def changed_and_explained(
        self, leader: Person, unit: _Unit, table: Table, days: int
    ) -> None:
        """Lower one score with a reason `days` ago, send the result; the unit explains."""
        criterion = next(c for c in table.criteria() if c.code == CHANGED)
        review = self.review(self.at.before(days))
        await review.change(leader, unit.id, CHANGED, show_points(criterion.max_points // 2),
                            REASON)  # fmt: skip
        await review.send_review(leader, unit.id)
        await self.unit(self.at.before(days - 1)).explain(unit.reporter, EXPLANATION)

    async def agreed(self, leader: Person, unit: _Unit, days: int) -> None:
        """Send an unchanged result `days` ago and settle it: nothing is left to explain."""
        review = self.review(self.at.before(days))
        await review.send_review(leader, unit.id)
        await review.settle(leader, unit.id)


async def _reviewing(seeder: _Seeder, cluster: DemoCluster, table: Table, early: bool) -> None:
    """The leader's cluster: before the deadline two units still score, the last not begun."""
    leader = await seeder.person(cluster.leader_id)
    units = await seeder.units(cluster)
    scoring = 2 if early else 0
    for number, unit in enumerate(units[: len(units) - scoring]):
        await seeder.assess(unit, table)
        await seeder.unit(seeder.at.before(6, number)).submit(unit.reporter)
    for unit in units[len(units) - scoring : -1]:
        await seeder.assess(unit, table, share=0.6)
    await seeder.changed_and_explained(leader, units[1], table, days=3)
    await seeder.agreed(leader, units[2], days=3)


async def _published(seeder: _Seeder, cluster: DemoCluster, table: Table, year: int) -> None:
    """A cluster that finished: all submitted, reviewed (one changed and explained), settled,
    published; its two strongest units registered for the awards."""
    leader = await seeder.person(cluster.leader_id)
    units = await seeder.units(cluster)
    strong = units[:2]
    on_time = datetime(year, 2, 20, 2, tzinfo=UTC)
    await register_for_awards(
        session=seeder.session, unit_ids=[u.id for u in strong], year=year, at=on_time
    )
    for number, unit in enumerate(units):
        await seeder.assess(unit, table, strong=unit in strong)
        await seeder.unit(seeder.at.before(11, number)).submit(unit.reporter)
    await seeder.changed_and_explained(leader, units[2], table, days=9)
    await seeder.review(seeder.at.before(7)).settle(leader, units[2].id)
    for unit in units[:2] + units[3:]:
        await seeder.agreed(leader, unit, days=8)
    await seeder.results(seeder.at.before(6)).publish(leader)


async def seed_finale(
    *, session: AsyncSession, catalogs: Catalogs, province: ProvinceConfig, now: datetime
) -> bool:
    """Seed the year's scoring up to `now`; False when this year has its tables already."""
    year = now.astimezone(province.tz).year
    reviewing = await demo_cluster(session=session, code=REVIEWING)
    published = await demo_cluster(session=session, code=PUBLISHED)
    if reviewing is None or published is None:
        return False  # not the demo province
    if await find_table(session=session, cluster_id=reviewing.id, year=year) is not None:
        return False
    table = read_scoring_file(DEMO_SCORING)
    for cluster_id in await cluster_ids(session=session):
        await apply_table(session=session, cluster_id=cluster_id, year=year, table=table,
                          admin=False)  # fmt: skip
    seeder = _Seeder(session, catalogs, province, now)
    due = seeder.results(now).config.self_assessment_due(year)
    early = now.astimezone(province.tz).date() < due
    await _reviewing(seeder, reviewing, table, early)
    await _published(seeder, published, table, year)
    return True
