"""Text helpers every layer shares: folding Vietnamese for matching, marking messages."""

from __future__ import annotations

import unicodedata
from typing import Protocol


def fold(text: str) -> str:
    """Lower-case, strip diacritics and collapse spaces: 'Tiếng  Việt' matches 'tieng viet'."""
    # NFKD also turns NBSP and full-width digits into their plain forms; "đ" has no
    # decomposition, so it is mapped by hand; Cf drops zero-width characters phones insert.
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(c for c in decomposed if unicodedata.category(c) not in ("Mn", "Cf"))
    return " ".join(kept.replace("đ", "d").split())


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated later, where the language is known."""
    return message


class Translates(Protocol):
    """Anything that translates one sentence (the core's per-update translator)."""

    def _(self, message: str) -> str: ...
