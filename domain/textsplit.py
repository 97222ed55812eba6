"""Split long text into chunks a channel accepts, never inside a word."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

# Preferred break points, best first: a blank line, a line end, a sentence end, a space.
_BREAKS = (
    re.compile(r"\n\s*\n"),
    re.compile(r"\n"),
    re.compile(r"(?<=[.!?;…])\s+"),
    re.compile(r"\s+"),
)

Length = Callable[[str], int]


def utf16_units(text: str) -> int:
    """Return the length of `text` in UTF-16 code units: an emoji outside the BMP counts 2."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def split_text(text: str, limit: int, length: Length = len) -> list[str]:
    """Split `text` into pieces of at most `limit` (as `length` counts) at the nicest boundary."""
    if limit < 1:
        raise ValueError("limit must be positive")
    text = text.strip()
    chunks: list[str] = []
    while length(text) > limit:
        cut = _best_cut(text, _fit(text, limit, length))
        head, text = text[:cut].rstrip(), text[cut:].lstrip()
        if head:
            chunks.append(head)
    if text:
        chunks.append(text)
    return chunks


def _fit(text: str, limit: int, length: Length) -> int:
    """Return how many characters of `text` fit in `limit` (at least one)."""
    if length is len:
        return limit
    low, high = 1, min(len(text), limit)  # every character counts at least 1
    while low < high:
        middle = (low + high + 1) // 2
        if length(text[:middle]) <= limit:
            low = middle
        else:
            high = middle - 1
    return low


def _best_cut(text: str, limit: int) -> int:
    window = text[: limit + 1]
    for pattern in _BREAKS:
        # The last break inside the window; a break in the first third wastes too much room.
        ends = [m.start() for m in pattern.finditer(window) if m.start() > 0]
        ends = [e for e in ends if e <= limit]
        if ends and (ends[-1] >= limit // 3 or pattern is _BREAKS[-1]):
            return ends[-1]
    # One word longer than the limit: a hard cut, but not between a letter and its accent
    # (decomposed text puts the accent in a character of its own).
    cut = limit
    while cut > 1 and unicodedata.combining(text[cut]):
        cut -= 1
    return cut
