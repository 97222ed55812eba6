"""Render a channel-neutral `Reply` for Telegram: HTML text, inline keyboard, documents."""

from __future__ import annotations

import html
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo

from domain.messages import Choice, LinkButton, Reply
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
    # A button cut to fit a phone is spelled out in full above the buttons.
    cut = [f"• {choice.full}" for choice in reply.choices if choice.full]
    text = "\n\n".join([reply.text, "\n".join(cut)]) if cut else reply.text
    # Split the plain text first: the limit counts characters after HTML is parsed.
    chunks = split_text(text, TEXT_LIMIT)
    messages = [TelegramMessage(html.escape(chunk, quote=False), None) for chunk in chunks]
    if reply.choices or reply.link:
        markup = keyboard(reply.choices, reply.link)
        if messages:
            messages[-1] = TelegramMessage(messages[-1].html, markup)
        else:
            messages.append(TelegramMessage("…", markup))
    return messages


def keyboard(choices: list[Choice], link: LinkButton | None = None) -> InlineKeyboardMarkup:
    """Lay the options out as buttons: short ones two to a row, long ones alone; links first."""
    rows: list[list[InlineKeyboardButton]] = []
    if link is not None:
        rows.append([InlineKeyboardButton(link.label[:LABEL_LIMIT], url=link.url)])
        if link.web_app:
            rows.append([InlineKeyboardButton(link.label[:LABEL_LIMIT] + " ⧉",
                                              web_app=WebAppInfo(link.web_app))])  # fmt: skip
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
