"""The memo that identifies a pledge in a bank transfer, and finding it again in a bank's text.

Banks mangle memos: they upper-case them, drop or add punctuation and spaces, glue their own
trace numbers on either side. So the code is letters and digits a person can type
(`UH 2026 4821 NGUYEN A`) and it is looked for after everything but letters and digits is blanked.
Some banks also drop every space and glue the memo to their own words
(`CHUYENTIENUH20264821NGUYENA`): there the code is only a candidate (`glued_codes`), taken when
the pledge exists, its year agrees and the name letters after it agree (`name_agrees`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.pledge.vietqr import MAX_MEMO
from domain.text import fold

PREFIX = "UH"  # “ủng hộ”
_CODE = re.compile(r"(?<![A-Z])UH ?(20\d\d) ?(\d{4,9})(?!\d)")
_GLUED = re.compile(r"UH(20\d\d)(\d{4,})")  # wherever it stands, letters glued before it
MAX_DIGITS = 9  # a pledge number is written with 4 to 9 digits


@dataclass(frozen=True, slots=True)
class PledgeCode:
    year: int
    pledge_id: int


@dataclass(frozen=True, slots=True)
class GluedCode:
    """A code read inside other words: true only if the pledge and the name letters agree."""

    year: int
    pledge_id: int
    after: str  # the letters and digits that follow the number ("NGUYENA", "", "123")


def ascii_upper(text: str) -> str:
    """Return `text` folded to upper-case ASCII letters, digits and single spaces."""
    return " ".join(re.sub(r"[^A-Z0-9]+", " ", fold(text).upper()).split())


def memo(year: int, pledge_id: int, name: str) -> str:
    """Return the transfer memo of a pledge: code, then the surname and the given initial."""
    code = f"{PREFIX} {year} {pledge_id:04d}"
    words = ascii_upper(name).split()
    short = f"{words[0]} {words[-1][0]}" if len(words) > 1 else "".join(words)
    return f"{code} {short}"[:MAX_MEMO].rstrip() if short else code


def find_code(text: str) -> PledgeCode | None:
    """Return the pledge code written somewhere in a bank's description, if there is one."""
    found = _CODE.search(ascii_upper(text))
    if found is None:
        found = _CODE.search(re.sub(r"[^A-Z0-9]", "", fold(text).upper()))
    return PledgeCode(int(found.group(1)), int(found.group(2))) if found else None


def glued_codes(text: str) -> list[GluedCode]:
    """Return every way a code could stand in `text` once all but letters and digits is gone.

    A run of digits after the year may be the number with a bank's digits glued on ("…0005123"),
    so each length from 4 digits on is a candidate; the caller keeps those a pledge confirms.
    """
    glued = re.sub(r"[^A-Z0-9]", "", fold(text).upper())
    found: list[GluedCode] = []
    for hit in _GLUED.finditer(glued):
        digits = hit.group(2)
        for size in range(4, min(len(digits), MAX_DIGITS) + 1):
            after = digits[size:] + glued[hit.end() :]
            found.append(GluedCode(int(hit.group(1)), int(digits[:size]), after))
    return found


def name_agrees(after: str, name: str) -> bool:
    """Tell whether the letters after a glued code are the memo's name, or no name at all.

    "NGUYENA" (the memo's surname and initial), "NGUYENVANAN" (the full name) and "NGUY" (a
    memo the bank cut) agree with Nguyễn Văn An; "TRANB" does not; digits or nothing do
    (the bank's own trace number, or a memo of the code alone).
    """
    letters = re.match(r"[A-Z]*", after)
    follows = letters.group(0) if letters else ""
    if not follows:
        return True
    words = ascii_upper(name).split()
    if not words:
        return False
    short = words[0] + words[-1][0] if len(words) > 1 else words[0]
    full = "".join(words)
    return follows.startswith((short, full)) or short.startswith(follows)
