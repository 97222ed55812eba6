"""Where a heading block's lines break: chosen here, so that Word never leaves one word alone.

The issuer's blocks sit in narrow columns of the template. Left to the word processor, a long
name wraps wherever the column ends: «KHỐI CÁC CƠ QUAN ĐẢNG, MẶT TRẬN VÀ ĐOÀN THỂ» over a lone
«TỈNH». These functions break the text themselves ("\n", a line break in the document) at a
budget of characters that the template's column holds in capitals.
"""

from __future__ import annotations

from itertools import combinations, pairwise

_DASHES = ("-", "–")
_LEADS = ("của", "CỦA")  # stays with the name it introduces


def _words(text: str) -> list[str]:
    """Split at spaces, but keep a dash with both its neighbours («KHEN - THƯỞNG» never breaks)
    and «của» with the name after it."""
    words: list[str] = []
    glue = False
    for word in text.split():
        if words and (glue or word in _DASHES):
            words[-1] = f"{words[-1]} {word}"
        else:
            words.append(word)
        glue = word in _DASHES or word in _LEADS
    return words


def greedy(text: str, width: int) -> str:
    """Fill each line as far as it goes: the council's name, whose first line is its body
    («HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG») and the rest its place («TỈNH GIA LAI»)."""
    lines: list[str] = []
    for word in _words(text):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def balanced(text: str, width: int) -> str:
    """Break into as few lines as fit `width`, of lengths as even as can be (a name's block)."""
    words = _words(text)
    for count in range(1, min(len(words), 4) + 1):
        best: list[str] | None = None
        for cuts in combinations(range(1, len(words)), count - 1):
            bounds = (0, *cuts, len(words))
            lines = [" ".join(words[a:b]) for a, b in pairwise(bounds)]
            if max(map(len, lines)) <= width and (
                best is None or max(map(len, lines)) < max(map(len, best))
            ):
                best = lines
        if best is not None:
            return "\n".join(best)
    return greedy(text, width)  # too long for four lines: let it run on


def phrases(parts: list[str], width: int) -> str:
    """Set a title made of phrases: as many whole phrases on a line as fit, a phrase too long
    for a line broken evenly on its own («Sơ kết … năm 2026» over «của Khối …»)."""
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1]) + 1 + len(part) <= width:
            lines[-1] = f"{lines[-1]} {part}"
        else:
            lines.extend(balanced(part, width).split("\n"))
    return "\n".join(lines)
