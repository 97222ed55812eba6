"""Nudges a leader sends now: a preview of who they reach, then the sending."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogs
from bot.reminders import nudges
from bot.reminders.nudges import NudgeKind
from bot.reminders.plan import next_allowed
from bot.services.access import ClusterAccess
from domain.config import ProvinceConfig
from domain.people import Person


class NudgeService:
    """Count and send nudges for one cluster; the leader's scope is checked here again."""

    def __init__(
        self,
        session: AsyncSession,
        catalogs: Catalogs,
        now: datetime,
        province: ProvinceConfig,
        access: ClusterAccess,
    ) -> None:
        self._session = session
        self._catalogs = catalogs
        self._now = now
        self._province = province
        self._access = access
        self.queued = 0

    @property
    def _today(self) -> datetime:
        return self._now.astimezone(self._province.tz)

    async def preview(self, cluster_id: int) -> dict[NudgeKind, int]:
        """Count, per kind, the members a nudge would reach now."""
        today = self._today.date()
        registration = self._province.activities.deadline(today.year)
        return {
            kind: len(await nudges.who(self._session, cluster_id, kind, today, registration))
            for kind in NudgeKind
        }

    async def send(self, person: Person | None, cluster_id: int, kind: NudgeKind) -> int:
        """Queue the nudge and return how many went out; refused outside the person's clusters."""
        await self._access.cluster(person, cluster_id)
        today = self._today.date()
        registration = self._province.activities.deadline(today.year)
        member_ids = await nudges.who(self._session, cluster_id, kind, today, registration)
        calendar = self._province.calendar
        queued = await nudges.send(
            self._session, self._catalogs, kind=kind, member_ids=member_ids, today=today,
            registration=registration,
            not_before=next_allowed(self._now, calendar, self._province.tz),
        )  # fmt: skip
        self.queued += queued
        return queued
