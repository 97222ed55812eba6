"""Text helpers every layer shares: folding Vietnamese for matching, marking messages."""

from __future__ import annotations

import re
import unicodedata
from typing import Protocol


def _fold_slowly(text: str) -> str:
    # NFKD also turns NBSP and full-width digits into their plain forms; "đ" has no
    # decomposition, so it is mapped by hand; Cf drops zero-width characters phones insert.
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if unicodedata.category(c) not in ("Mn", "Cf"))
    return kept.replace("đ", "d")


# Each Latin letter with its marks (Vietnamese's among them), each combining mark and each
# zero-width character, folded once: a name is then folded by one `str.translate`, faster
# (a province's people are searched by folded name). What the table leaves outside ASCII
# goes the slow way, so both ways give the same answer.
_FOLDED = {
    code: _fold_slowly(chr(code))
    for ranges in ((0x80, 0x250), (0x300, 0x370), (0x1E00, 0x1F00), (0x2000, 0x2070))
    for code in range(*ranges)
    if chr(code).casefold() == chr(code)
}
_FOLDED[0xFEFF] = ""


def fold(text: str) -> str:
    """Lower-case, strip diacritics and collapse spaces: 'Tiếng  Việt' matches 'tieng viet'."""
    lowered = text.casefold()
    quick = lowered.translate(_FOLDED)
    return " ".join((quick if quick.isascii() else _fold_slowly(lowered)).split())


LABEL_LIMIT = 30  # characters a phone shows on a button before it cuts the label itself


def short_label(text: str, limit: int = LABEL_LIMIT) -> str:
    """Cut a label to `limit` characters at a word, marking the cut with "…"."""
    text = re.sub(r"[ \t\r\n]+", " ", text).strip()  # a no-break space (500.000 ₫) stays
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    head = text[:cut] if cut >= limit // 2 else text[: limit - 1]
    return head.rstrip(" ,.:;-–—(") + "…"


def short_labels(labels: list[str], limit: int = LABEL_LIMIT) -> list[str]:
    """Cut every label, then number the ones that came out alike, so each stays unique."""
    cut = [short_label(label, limit) for label in labels]
    seen: dict[str, int] = {}
    for label in cut:
        seen[label] = seen.get(label, 0) + 1
    return [
        label if seen[label] == 1 else short_label(f"{number}. {full}", limit)
        for number, (label, full) in enumerate(zip(cut, labels, strict=True), start=1)
    ]


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated later, where the language is known."""
    return message


class Translates(Protocol):
    """Anything that translates one sentence (the core's per-update translator)."""

    def _(self, message: str) -> str: ...
