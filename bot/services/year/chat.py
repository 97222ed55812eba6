"""The turn of the year from the chat: the admin's dry run and run, in the update's transaction.

The chat has one transaction per update, so the turn runs whole inside it: committed with the
reply, or rolled back with the apology and finished by the next run. The CLI and the console
run it a cluster per transaction instead (`YearTurnService`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogs
from bot.services.year.turn import TurnReport, TurnSteps
from domain.config import ProvinceConfig


@dataclass(frozen=True, slots=True)
class _At:
    """The update's moment, as the clock the turn reads."""

    moment: datetime

    def now(self) -> datetime:
        return self.moment


def year_to_close(today: date) -> int:
    """Return the year the admin closes by default: this one in December, else the last one."""
    return today.year if today.month == 12 else today.year - 1


class YearService:
    """Preview and run the turn of the year for the admin in the chat."""

    def __init__(
        self, session: AsyncSession, catalogs: Catalogs, now: datetime, province: ProvinceConfig
    ) -> None:
        self._session = session
        self._steps = TurnSteps(catalogs, province, _At(now))
        self.queued = 0  # outbox messages this update queued (the core wakes the sender)

    async def preview(self, closed: int) -> TurnReport:
        """Return what closing `closed` and opening the next would do; raise TurnRefused."""
        return await self._steps.preview_in(self._session, closed, closed + 1)

    async def run(self, closed: int) -> TurnReport:
        """Close `closed` and open the next: every step not done yet; raise TurnRefused."""
        report = await self._steps.run_in(self._session, closed, closed + 1)
        self.queued += report.queued
        return report
