"""Close a year and open the next: one admin action, resumable, that never does a step twice.

Each cluster is one transaction (its heads and deputies, their messages, its scoring table
copied as a draft, its units' registrations opened, its members greeted) committed with the
step's row; the greeting of everyone else is the last. Killed half-way, a second run reads
the plan stored at the start and does only the steps not committed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogs
from bot.outbox.queue import NotifyService
from bot.services.scoring.results import ResultsService
from bot.services.year.plan import ClusterPlan, Planner, Problem, TurnRefused, unit_roles
from bot.services.year.texts import new_year_text, seat_text
from domain.clock import Clock
from domain.config import ProvinceConfig
from domain.year.config import Rotation
from domain.year.rotation import HeadNotFound
from storage.calendar.reminders import fan_out_to_members
from storage.db.engine import SessionFactory
from storage.membership.org import ClusterInfo, list_clusters
from storage.scoring.table import apply_table, find_table, read_table
from storage.year import leaders, turns
from storage.year.leaders import EVERYONE
from storage.year.models import TurnStatus

GREETING = "greeting"


def cluster_step(plan: ClusterPlan) -> str:
    """Return the name of a cluster's step (its code: stable, short)."""
    return f"cluster:{plan.code}"


@dataclass(slots=True)
class TurnReport:
    """What a turn would do or did: the plan, what was done before, what this run queued."""

    closed: int
    opened: int
    clusters: list[ClusterPlan]
    others: int  # accounts of members outside any cluster's units (admins, say)
    done_before: set[str] = field(default_factory=set)
    finished_before: bool = False  # the turn was done already: nothing changed
    done_now: list[str] = field(default_factory=list)
    queued: int = 0

    @property
    def accounts(self) -> int:
        """Return the accounts told of the new year."""
        return self.others + sum(c.accounts for c in self.clusters)


class TurnSteps:
    """The turn's reading and steps, each inside the transaction of the caller's session."""

    def __init__(self, catalogs: Catalogs, province: ProvinceConfig, clock: Clock) -> None:
        self._catalogs = catalogs
        self._province = province
        self._clock = clock

    @staticmethod
    def check_years(closed: int, opened: int) -> None:
        """Refuse a pair of years that does not follow one another."""
        if opened != closed + 1 or not 2000 <= closed <= 2100:
            raise ValueError(f"open {closed + 1} after closing {closed}, not {opened}")

    async def preview_in(self, session: AsyncSession, closed: int, opened: int) -> TurnReport:
        """Return what the turn would do (or, once begun, its stored plan); change nothing."""
        self.check_years(closed, opened)
        turn = await turns.get_turn(session=session, closed_year=closed)
        if turn is not None:
            return await self._stored(session, turn)
        return await self._plan(session, closed, opened)

    async def run_in(self, session: AsyncSession, closed: int, opened: int) -> TurnReport:
        """Do every step not done yet in the caller's one transaction (the chat's update).

        All of it is committed with the caller's work, or none of it: run again, it finishes.
        """
        report = await self._begin(session, closed, opened)
        if report.finished_before:
            return report
        for plan in report.clusters:
            if cluster_step(plan) not in report.done_before and await self._cluster(
                session, report, plan
            ):
                report.done_now.append(cluster_step(plan))
        await self._finish(session, report)
        return report

    async def _begin(self, session: AsyncSession, closed: int, opened: int) -> TurnReport:
        """Store the plan of a turn not begun (raise TurnRefused); read back one begun."""
        self.check_years(closed, opened)
        turn = await turns.get_turn(session=session, closed_year=closed)
        if turn is not None:
            return await self._stored(session, turn)
        report = await self._plan(session, closed, opened)  # raises TurnRefused
        await turns.begin_turn(
            session=session, closed_year=closed, opened_year=opened,
            plan=[c.as_json() for c in report.clusters], now=self._clock.now(),
        )  # fmt: skip
        return report

    async def _finish(self, session: AsyncSession, report: TurnReport) -> None:
        """Greet everyone not greeted with a cluster, and mark the turn done."""
        now = self._clock.now()
        if await turns.claim_step(
            session=session, closed_year=report.closed, step=GREETING, detail="", now=now
        ):
            report.queued += await self._greet(session, report, None)
            report.done_now.append(GREETING)
        await turns.finish_turn(session=session, closed_year=report.closed, now=now)

    # --- the plan ------------------------------------------------------------------------

    async def _plan(self, session: AsyncSession, closed: int, opened: int) -> TurnReport:
        previous = await turns.get_turn(session=session, closed_year=closed - 1)
        accounts = await leaders.accounts_by_cluster(session=session)
        planner = Planner(
            session, self._province.year, closed, opened,
            unit_roles(previous.plan if previous else []), accounts,
        )  # fmt: skip
        plans, problems = [], []
        for cluster in await list_clusters(session=session):
            try:
                plans.append(
                    await planner.cluster(cluster, await self._ranking(session, cluster, closed))
                )
            except HeadNotFound as missing:
                problems.append(Problem(cluster.name, missing.reason, missing.detail))
        if problems:
            raise TurnRefused(problems)
        known = {c.cluster_id for c in plans}
        others = sum(n for cluster_id, n in accounts.items() if cluster_id not in known)
        return TurnReport(closed, opened, plans, others)

    async def _ranking(
        self, session: AsyncSession, cluster: ClusterInfo, closed: int
    ) -> list[str] | None:
        """Return the closed year's published ranking (unit codes, best first) when it counts."""
        if self._province.year.rotation_of(cluster.code) is not Rotation.RANKING:
            return None
        notify = NotifyService(session, self._catalogs, self._clock.now())
        results = await ResultsService(
            session, notify, self._clock.now(), self._province
        ).published_results(cluster.id, closed)
        if results is None:
            return None
        codes = {
            u.id: u.code
            for u in await leaders.units_in_order(session=session, cluster_id=cluster.id)
        }
        return [
            codes[s.unit_id]
            for s in sorted(results.standings, key=lambda s: s.rank)
            if s.unit_id in codes
        ]

    async def _stored(self, session: AsyncSession, turn: turns.TurnRow) -> TurnReport:
        plans = [ClusterPlan.from_json(raw) for raw in turn.plan]
        accounts = await leaders.accounts_by_cluster(session=session)
        known = {c.cluster_id for c in plans}
        return TurnReport(
            turn.closed_year, turn.opened_year, plans,
            sum(n for cluster_id, n in accounts.items() if cluster_id not in known),
            await turns.steps_done(session=session, closed_year=turn.closed_year),
            turn.status is TurnStatus.DONE,
        )  # fmt: skip

    # --- the steps -----------------------------------------------------------------------

    async def _cluster(self, session: AsyncSession, report: TurnReport, plan: ClusterPlan) -> bool:
        """Rotate one cluster in the caller's transaction; False when another run did it."""
        now = self._clock.now()
        if not await turns.claim_step(
            session=session, closed_year=report.closed, step=cluster_step(plan),
            detail=f"head {plan.head.name}, {len(plan.leaving)} back to their unit", now=now,
        ):  # fmt: skip
            return False
        for seat in plan.leaving:
            await leaders.set_role(session=session, member_id=seat.member_id, role=seat.role,
                                   cluster_id=None)  # fmt: skip
        for seat in (plan.head, *plan.deputies):
            await leaders.set_role(session=session, member_id=seat.member_id, role=seat.role,
                                   cluster_id=plan.cluster_id)  # fmt: skip
        notify = NotifyService(session, self._catalogs, now)
        for seat in plan.seats:
            await notify.send(
                key=f"year:{report.closed}:seat:{seat.member_id}",
                recipients=await leaders.recipients(session=session, member_ids=[seat.member_id]),
                compose=lambda t, seat=seat: seat_text(t, plan, seat, report.closed),  # type: ignore[misc]
            )
        report.queued += notify.queued
        if plan.copy_table:
            old = await find_table(session=session, cluster_id=plan.cluster_id, year=report.closed)
            new = await find_table(session=session, cluster_id=plan.cluster_id, year=report.opened)
            if old is not None and old.id is not None and new is None:
                table = await read_table(session=session, table_id=old.id)
                await apply_table(session=session, cluster_id=plan.cluster_id,
                                  year=report.opened, table=table, admin=True)  # fmt: skip
        await leaders.open_registrations(
            session=session, cluster_id=plan.cluster_id, year=report.opened, now=now
        )
        report.queued += await self._greet(session, report, plan)
        return True

    async def _greet(
        self, session: AsyncSession, report: TurnReport, plan: ClusterPlan | None
    ) -> int:
        """Queue the new year's message to a cluster's members (None: everyone not yet told).

        One key per account for the whole province: nobody is greeted twice.
        """
        rules, activities = self._province.year, self._province.activities
        texts = {
            t.locale: new_year_text(
                t, report.closed, rules.last_day(report.closed),
                activities.deadline(report.opened), plan,
            )
            for t in self._catalogs.all()
        }  # fmt: skip
        return await fan_out_to_members(
            session=session, key_prefix=f"year:{report.closed}:greeting", texts=texts,
            default_locale=self._catalogs.default_locale, not_before=self._clock.now(),
            roles=EVERYONE, unit_cluster_id=plan.cluster_id if plan else None,
        )  # fmt: skip


class YearTurnService(TurnSteps):
    """Plans and runs the turn from the CLI and the console: a transaction per cluster."""

    def __init__(
        self, sessions: SessionFactory, catalogs: Catalogs, province: ProvinceConfig, clock: Clock
    ) -> None:
        super().__init__(catalogs, province, clock)
        self._sessions = sessions

    async def preview(self, closed: int, opened: int) -> TurnReport:
        """Return what the turn would do (or, once begun, its stored plan); change nothing."""
        async with self._sessions() as session:
            return await self.preview_in(session, closed, opened)

    async def run(
        self, closed: int, opened: int, between: Callable[[str], Awaitable[None]] | None = None
    ) -> TurnReport:
        """Do every step not done yet; `between` is awaited after each cluster's commit."""
        async with self._sessions() as session, session.begin():
            report = await self._begin(session, closed, opened)
        if report.finished_before:
            return report
        for plan in report.clusters:
            if cluster_step(plan) in report.done_before:
                continue
            async with self._sessions() as session, session.begin():
                if await self._cluster(session, report, plan):
                    report.done_now.append(cluster_step(plan))
            if between is not None:
                await between(plan.code)
        async with self._sessions() as session, session.begin():
            await self._finish(session, report)
        return report
