"""Messages to people other than the writer, queued in the outbox in their own language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogs, Translator
from storage.membership.org import Recipient
from storage.outbox.queries import enqueue

Compose = Callable[[Translator], str]  # builds the text in the recipient's language


class NotifyService:
    """Queue messages in the same transaction as the change they report."""

    def __init__(self, session: AsyncSession, catalogs: Catalogs, now: datetime) -> None:
        self._session = session
        self._catalogs = catalogs
        self._now = now
        self.queued = 0

    def translator(self, locale: str | None) -> Translator:
        """Return the translator of `locale` (the default one for None), e.g. for group posts."""
        return self._catalogs.pick(locale)

    async def send(self, *, key: str, recipients: list[Recipient], compose: Compose) -> int:
        """Queue one message per recipient account; a key already queued is not queued again."""
        added = 0
        for recipient in recipients:
            text = compose(self._catalogs.pick(recipient.locale))
            if await enqueue(
                session=self._session,
                key=f"{key}:{recipient.channel}:{recipient.chat_id}",
                channel=recipient.channel,
                chat_id=recipient.chat_id,
                text=text,
                member_id=recipient.member_id,
                not_before=self._now,
            ):
                added += 1
        self.queued += added
        return added
