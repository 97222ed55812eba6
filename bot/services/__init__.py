"""Services: the operations handlers call; they own the queries, the core owns the transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.core.types import Incoming
from bot.services.people import PeopleService


@dataclass(frozen=True, slots=True)
class Services:
    people: PeopleService

    @classmethod
    def bind(cls, session: AsyncSession, incoming: Incoming) -> Services:
        """Return the services working inside one update's transaction."""
        return cls(people=PeopleService(session, incoming))
