"""Services: the operations handlers call; they own the queries, the core owns the transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.core.types import Incoming
from bot.i18n import Catalogs
from bot.province import Province
from bot.services.membership import MembershipService
from bot.services.notify import NotifyService
from bot.services.people import PeopleService


@dataclass(frozen=True, slots=True)
class Services:
    people: PeopleService
    notify: NotifyService
    membership: MembershipService

    @classmethod
    def bind(
        cls,
        session: AsyncSession,
        incoming: Incoming,
        catalogs: Catalogs,
        now: datetime,
        province: Province,
    ) -> Services:
        """Return the services working inside one update's transaction."""
        notify = NotifyService(session, catalogs, now)
        return cls(
            people=PeopleService(session, incoming),
            notify=notify,
            membership=MembershipService(session, incoming, notify, now),
        )
