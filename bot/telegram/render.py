"""Render a channel-neutral `Reply` for Telegram: HTML text, inline keyboard, documents."""

from __future__ import annotations

import html
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from domain.messages import Choice, Reply
from domain.textsplit import split_text

TEXT_LIMIT = 4096  # characters after entity parsing, per the Bot API
LABEL_LIMIT = 64  # a longer button label is cut by the apps anyway
_PAIR_LABEL = 16  # labels this short sit two to a row


@dataclass(frozen=True, slots=True)
class TelegramMessage:
    html: str
    markup: InlineKeyboardMarkup | None


def render(reply: Reply) -> list[TelegramMessage]:
    """Return the messages to send for `reply`; the keyboard rides on the last one."""
    # Split the plain text first: the limit counts characters after HTML is parsed.
    chunks = split_text(reply.text, TEXT_LIMIT)
    messages = [TelegramMessage(html.escape(chunk, quote=False), None) for chunk in chunks]
    if reply.choices:
        markup = keyboard(reply.choices)
        if messages:
            messages[-1] = TelegramMessage(messages[-1].html, markup)
        else:
            messages.append(TelegramMessage("…", markup))
    return messages


def keyboard(choices: list[Choice]) -> InlineKeyboardMarkup:
    """Lay the options out as buttons: short ones two to a row, long ones alone."""
    rows: list[list[InlineKeyboardButton]] = []
    for choice in choices:
        button = InlineKeyboardButton(choice.label[:LABEL_LIMIT], callback_data=choice.token)
        last = rows[-1] if rows else None
        if (
            last is not None
            and len(last) == 1
            and len(choice.label) <= _PAIR_LABEL
            and len(last[0].text) <= _PAIR_LABEL
        ):
            last.append(button)
        else:
            rows.append([button])
    return InlineKeyboardMarkup(rows)
