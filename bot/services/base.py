"""What every feature service holds: the update's session, outbox, moment and province."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.outbox.queue import NotifyService
from domain.config import ProvinceConfig


class FeatureService:
    """A service bound to one update's transaction."""

    def __init__(
        self, session: AsyncSession, notify: NotifyService, now: datetime, province: ProvinceConfig
    ) -> None:
        self._session = session
        self._notify = notify
        self._now = now
        self._province = province

    @property
    def today(self) -> date:
        """Return the update's date in the province's zone (not the server's)."""
        return self._now.astimezone(self._province.tz).date()
