"""Telling a member, without the database, that their message could not be stored."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.i18n import Catalogs
from bot.inbox.worker import OUTAGE
from domain.messages import ChatKind, Incoming

REMEMBERED = 10_000  # keys told already; a redelivery of one is not told twice

Tell = Callable[[str, str], Awaitable[None]]  # (chat id, text): the channel's own send


class OutageNotice:
    """Tell each member once per update, never a group, in the member's language."""

    def __init__(self, catalogs: Catalogs, tell: Tell) -> None:
        self._catalogs = catalogs
        self._tell = tell
        self._told: set[str] = set()  # platforms deliver an unstored update again

    async def __call__(self, incoming: Incoming) -> None:
        """Send the notice for `incoming`, unless it was sent or the chat is a group."""
        if incoming.key in self._told or incoming.chat_kind is ChatKind.GROUP:
            return
        if len(self._told) > REMEMBERED:
            self._told.clear()
        self._told.add(incoming.key)
        t = self._catalogs.pick(incoming.language_hint)
        await self._tell(incoming.chat_id, t._(OUTAGE))
