"""Close a pressed inline button: stop its spinner and take the keyboard away, once."""

from __future__ import annotations

import logging
from collections import OrderedDict

from telegram import CallbackQuery, Message
from telegram.error import BadRequest

log = logging.getLogger(__name__)

REMEMBERED = 10_000  # keyboards recently removed; a double tap comes within seconds


class KeyboardCloser:
    """Answer each callback query and remove each keyboard at most once in this process.

    A double tap sends two queries carrying the same message, keyboard included: the second
    edit would be refused ("message is not modified"), so removed keyboards are remembered.
    """

    def __init__(self, remembered: int = REMEMBERED) -> None:
        self._removed: OrderedDict[tuple[int, int], None] = OrderedDict()
        self._remembered = remembered

    async def close(self, query: CallbackQuery) -> None:
        """Stop the spinner on the button, then remove the keyboard unless already gone."""
        try:
            await query.answer()
        except BadRequest as error:  # answered too late: the spinner has stopped by itself
            log.debug("callback query %s: %s", query.id, error)
        message = query.message
        if not isinstance(message, Message) or message.reply_markup is None:
            return
        key = (message.chat.id, message.message_id)
        if key in self._removed:
            return
        self._removed[key] = None
        if len(self._removed) > self._remembered:
            self._removed.popitem(last=False)
        try:
            await query.edit_message_reply_markup(reply_markup=None)
        except BadRequest as error:  # removed meanwhile, e.g. by another process
            log.debug("callback query %s: %s", query.id, error)
