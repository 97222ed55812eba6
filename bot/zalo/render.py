"""Render a channel-neutral `Reply` for Zalo: plain text, numbered choices, a file link."""

from __future__ import annotations

import logging

from bot.zalo.client import MAX_TEXT
from domain.messages import Choice, Reply
from domain.textsplit import split_text, utf16_units

log = logging.getLogger(__name__)


def render(reply: Reply, file_url: str | None = None) -> list[str]:
    """Return the texts to send for `reply`, each within Zalo's 2000 UTF-16 code units."""
    # Zalo shows no markup and has no buttons: layout only, the core already translated.
    blocks = [reply.text.strip()]
    if reply.choices:
        # The hint right under the options, so that a split keeps them together.
        blocks.append(f"{numbered(reply.choices)}\n{reply.choice_hint.strip()}".rstrip())
    if reply.link is not None:
        blocks.append(f"{reply.link.label}: {reply.link.url}")  # Zalo has no link buttons
    if reply.file is not None:
        if file_url:
            blocks.append(f"{reply.file.filename}: {file_url}")
        else:
            # Zalo takes no uploads; without a published link the file cannot be offered.
            log.warning("zalo reply file %s dropped: no URL to link to", reply.file.filename)
    # Zalo counts as JavaScript does, in UTF-16 code units: an emoji takes two.
    return split_text("\n\n".join(block for block in blocks if block), MAX_TEXT, utf16_units)


def numbered(choices: list[Choice]) -> str:
    """Lay the options out one a line: "1. Tiếng Việt", "2. English"."""
    # Numbered lines have room for the whole label: a cut one is shown in full.
    return "\n".join(
        f"{number}. {choice.full or choice.label}" for number, choice in enumerate(choices, 1)
    )
