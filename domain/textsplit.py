"""Split long text into chunks a channel accepts, never inside a word."""

from __future__ import annotations

import re

# Preferred break points, best first: a blank line, a line end, a sentence end, a space.
_BREAKS = (
    re.compile(r"\n\s*\n"),
    re.compile(r"\n"),
    re.compile(r"(?<=[.!?;…])\s+"),
    re.compile(r"\s+"),
)


def split_text(text: str, limit: int) -> list[str]:
    """Split `text` into pieces of at most `limit` characters at the nicest boundary."""
    if limit < 1:
        raise ValueError("limit must be positive")
    text = text.strip()
    chunks: list[str] = []
    while len(text) > limit:
        cut = _best_cut(text, limit)
        head, text = text[:cut].rstrip(), text[cut:].lstrip()
        if head:
            chunks.append(head)
    if text:
        chunks.append(text)
    return chunks


def _best_cut(text: str, limit: int) -> int:
    window = text[: limit + 1]
    for pattern in _BREAKS:
        # The last break inside the window; a break in the first third wastes too much room.
        ends = [m.start() for m in pattern.finditer(window) if m.start() > 0]
        ends = [e for e in ends if e <= limit]
        if ends and (ends[-1] >= limit // 3 or pattern is _BREAKS[-1]):
            return ends[-1]
    # One word longer than the limit: nothing better than a hard cut.
    return limit
