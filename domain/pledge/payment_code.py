"""The memo that identifies a pledge in a bank transfer, and finding it again in a bank's text.

Banks mangle memos: they upper-case them, drop or add punctuation and spaces, glue their own
trace numbers on either side. So the code is letters and digits a person can type
(`UH 2026 4821 NGUYEN A`) and it is looked for after everything but letters and digits is blanked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.pledge.vietqr import MAX_MEMO
from domain.text import fold

PREFIX = "UH"  # “ủng hộ”
_CODE = re.compile(r"(?<![A-Z])UH ?(20\d\d) ?(\d{4,9})(?!\d)")


@dataclass(frozen=True, slots=True)
class PledgeCode:
    year: int
    pledge_id: int


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
