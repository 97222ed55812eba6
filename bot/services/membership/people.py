"""People: who is writing, and their preferences."""

from __future__ import annotations

from dataclasses import replace

from sqlmodel.ext.asyncio.session import AsyncSession

from domain.messages import Incoming
from domain.people import Person
from storage.membership import people


class PeopleService:
    """Reads and changes the person behind the current update."""

    def __init__(self, session: AsyncSession, incoming: Incoming) -> None:
        self._session = session
        self._incoming = incoming

    async def current(self) -> Person | None:
        """Return the person writing, or None for someone the bot has never stored."""
        return await people.find_person(
            session=self._session,
            channel=self._incoming.channel.value,
            external_user_id=self._incoming.user_id,
        )

    async def ensure(self, person: Person | None) -> Person:
        """Return `person`, storing the writer as a guest first when unknown."""
        if person is not None:
            return person
        return await people.create_guest(
            session=self._session,
            channel=self._incoming.channel.value,
            external_user_id=self._incoming.user_id,
            chat_id=self._incoming.chat_id,
            display_name=self._incoming.display_name,
        )

    async def set_locale(self, person: Person | None, locale: str) -> Person:
        """Store the writer's language, creating their record if needed."""
        stored = await self.ensure(person)
        await people.set_locale(session=self._session, member_id=stored.member_id, locale=locale)
        return replace(stored, locale=locale)
