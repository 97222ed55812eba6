"""What every feature service holds: the update's session, outbox, moment and province."""

from __future__ import annotations

from datetime import date, datetime
from functools import cached_property

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogs
from bot.outbox.queue import NotifyService
from bot.services.access import ClusterAccess
from domain.config import ProvinceConfig
from storage.year.turns import is_closed


class FeatureService:
    """A service bound to one update's transaction."""

    def __init__(
        self, session: AsyncSession, notify: NotifyService, now: datetime, province: ProvinceConfig
    ) -> None:
        self._session = session
        self._notify = notify
        self._now = now
        self._province = province

    @cached_property
    def access(self) -> ClusterAccess:
        """Return the one rule of who may see or act on which clusters, in this transaction."""
        return ClusterAccess(self._session)

    @property
    def today(self) -> date:
        """Return the update's date in the province's zone (not the server's)."""
        return self._now.astimezone(self._province.tz).date()

    async def closed_for_good(self, year: int) -> date | None:
        """Return the last day a closed `year` took work, once that day is past; else None."""
        rules = self._province.year
        if year >= self.today.year or rules.accepts(year, self.today):
            return None  # no query on the usual path: this year's work, or within the grace
        return rules.last_day(year) if await is_closed(session=self._session, year=year) else None


class BulkService(FeatureService):
    """A service that words and queues messages to many people itself, in bulk (not through
    `notify`, one at a time): it holds the catalogs and counts the rows it queued."""

    def __init__(
        self,
        session: AsyncSession,
        notify: NotifyService,
        now: datetime,
        province: ProvinceConfig,
        catalogs: Catalogs,
    ) -> None:
        super().__init__(session, notify, now, province)
        self._catalogs = catalogs
        self.queued = 0  # outbox rows queued in bulk, to wake the sender
