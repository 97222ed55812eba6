"""Decide each due occasion once, and fan it out to the outbox in the same transaction."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogs
from bot.reminders import nudges, scoring
from bot.reminders.checks import CHECKS, ClusterCheck
from bot.reminders.nudges import NudgeKind
from bot.reminders.plan import Occasion, OccasionKind, next_allowed, plan_year
from bot.reminders.texts import reminder_text, with_missing
from domain.calendar.config import Audience
from domain.clock import Clock
from domain.config import ProvinceConfig
from domain.roles import Role
from storage.calendar.reminders import (
    claim_occasion,
    count_recipients,
    decided,
    fan_out_to_groups,
    fan_out_to_members,
    skip_occasions,
)
from storage.db.engine import SessionFactory
from storage.membership import org

log = logging.getLogger(__name__)
EVERYONE = (Role.MEMBER, Role.REPORTER, Role.DEPUTY, Role.LEADER, Role.ADMIN)


class Reminders:
    """The calendar's reminders: what is due now, and who receives it."""

    def __init__(
        self,
        sessions: SessionFactory,
        catalogs: Catalogs,
        province: ProvinceConfig,
        clock: Clock,
        *,
        on_outbox: Callable[[], None] = lambda: None,
        checks: list[ClusterCheck] | None = None,
    ) -> None:
        self.sessions = sessions
        self.catalogs = catalogs
        self.province = province
        self.clock = clock
        self.on_outbox = on_outbox
        self.on_run: Callable[[list[tuple[str, str]]], None] | None = None  # for metrics
        self.checks = CHECKS if checks is None else checks
        self.config = province.calendar
        self.activities = province.activities
        self.scoring = scoring.scoring_config(province)

    def occasions(self, around: datetime) -> list[Occasion]:
        """Return the occasions of last year, this year and next year."""
        year = around.astimezone(self.province.tz).year
        found: list[Occasion] = []
        for each in (year - 1, year, year + 1):
            deadline = self.activities.deadline(each)
            found += plan_year(self.config, each, self.province.tz, deadline)
            found += scoring.occasions(self.config, self.scoring, each, self.province.tz)
        return found

    async def run_due(self) -> list[tuple[str, str]]:
        """Fan out every due occasion not yet decided; too late ones are recorded as skipped."""
        now = self.clock.now()
        due = [o for o in self.occasions(now) if o.fire_at <= now]
        async with self.sessions() as session:
            done = await decided(session=session, occasion_ids=[o.id for o in due])
        grace = timedelta(hours=self.config.grace_hours)
        undecided = [o for o in due if o.id not in done]
        late = [o.id for o in undecided if now - o.fire_at > grace]
        skipped: list[str] = []
        if late:  # a first start: a year of them, in one statement
            async with self.sessions() as session, session.begin():
                skipped = await skip_occasions(session=session, occasion_ids=late, now=now)
        decisions = [(id, "skipped") for id in skipped]
        for id in skipped:
            log.info("reminder %s: skipped", id)
        for occasion in (o for o in undecided if now - o.fire_at <= grace):
            async with self.sessions() as session, session.begin():
                if not await claim_occasion(
                    session=session, occasion_id=occasion.id, status="sent", now=now
                ):
                    continue  # another process decided it
                queued = await self._fan_out(session, occasion, now)
                await count_recipients(session=session, occasion_id=occasion.id, recipients=queued)
            decisions.append((occasion.id, "sent"))
            log.info("reminder %s: sent", occasion.id)
        if any(status == "sent" for _, status in decisions):
            self.on_outbox()
        if self.on_run is not None:
            self.on_run(decisions)
        return decisions

    async def _fan_out(self, session: AsyncSession, occasion: Occasion, now: datetime) -> int:
        not_before = next_allowed(now, self.config, self.province.tz)
        # Members away today (on leave, on a course…) get no reminder: nudges leave them out
        # when choosing whom to nudge, the rest here.
        today = now.astimezone(self.province.tz).date()
        if occasion.scoring is not None:
            return await scoring.fan_out(
                session, self.catalogs, occasion, not_before, present_on=today
            )
        if occasion.kind is OccasionKind.NUDGE:
            return await self._nudge(session, occasion, not_before)
        key = f"rem:{occasion.id}"
        default = self.catalogs.default_locale
        texts = {t.locale: reminder_text(t, occasion) for t in self.catalogs.all()}
        queued = 0
        # Leaders first: a leader who is also in a wider audience keeps the fuller text.
        if Audience.LEADERS in occasion.audience:
            for cluster in await org.list_clusters(session=session):
                queued += await fan_out_to_members(
                    session=session, key_prefix=key, default_locale=default,
                    texts=await self._leader_texts(session, occasion, cluster.id, cluster.name),
                    not_before=not_before, roles=(Role.LEADER, Role.DEPUTY),
                    led_cluster_id=cluster.id, present_on=today,
                )  # fmt: skip
        roles: tuple[Role, ...] = ()
        if Audience.REPORTERS in occasion.audience:
            roles = (Role.REPORTER,)
        if Audience.MEMBERS in occasion.audience:
            roles = EVERYONE
        if roles:
            queued += await fan_out_to_members(
                session=session, key_prefix=key, texts=texts, default_locale=default,
                not_before=not_before, roles=roles, present_on=today,
            )  # fmt: skip
        if Audience.GROUPS in occasion.audience:
            queued += await fan_out_to_groups(
                session=session, key_prefix=key, text=texts[default], not_before=not_before
            )
        return queued

    async def _nudge(self, session: AsyncSession, occasion: Occasion, not_before: datetime) -> int:
        today = occasion.fire_at.date()
        registration = self.activities.deadline(today.year)
        kinds = [NudgeKind.PLEDGE, NudgeKind.REPORT] if occasion.phase else [NudgeKind.REGISTER]
        queued = 0
        for cluster in await org.list_clusters(session=session):
            for kind in kinds:
                member_ids = await nudges.who(session, cluster.id, kind, today, registration)
                queued += await nudges.send(
                    session, self.catalogs, kind=kind, member_ids=member_ids, today=today,
                    registration=registration, not_before=not_before,
                )  # fmt: skip
        return queued

    async def _leader_texts(
        self, session: AsyncSession, occasion: Occasion, cluster_id: int, cluster_name: str
    ) -> dict[str, str]:
        texts = {}
        for t in self.catalogs.all():
            text = reminder_text(t, occasion)
            if occasion.kind is OccasionKind.DEADLINE and occasion.phase is not None:
                missing = [
                    line
                    for check in self.checks
                    if (line := await check(session, cluster_id, occasion.phase, t))
                ]
                text = with_missing(t, text, cluster_name, missing)
            texts[t.locale] = text
        return texts
