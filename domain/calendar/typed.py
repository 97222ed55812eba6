"""Read a date typed in a message ("19/5", "19/5/2026", "hôm qua"), for every feature."""

from __future__ import annotations

import re
from datetime import date, timedelta
from enum import StrEnum

from domain.text import fold


class Refusal(StrEnum):
    """Why a typed date was not read or not accepted."""

    EMPTY = "empty"
    UNREADABLE = "unreadable"
    INVALID_DATE = "invalid_date"
    FUTURE = "future"
    TOO_OLD = "too_old"


# Keys are compared without diacritics, so "hôm qua", "hom qua" and "hôm  qua" all match.
_RELATIVE: dict[str, int] = {
    "hom nay": 0,
    "today": 0,
    "hom qua": 1,
    "yesterday": 1,
    "hom kia": 2,
    "day before yesterday": 2,
}
_SEP = r"\s*[/.\-]\s*"
# Year first (2026-05-19, 2026/5/19) is unambiguous: four digits cannot be a day.
_ISO = re.compile(rf"(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})")
_NUMERIC = re.compile(rf"(\d{{1,2}}){_SEP}(\d{{1,2}})(?:{_SEP}(\d{{4}}|\d{{2}}))?")
# "thg" is the common phone shorthand for "tháng".
_WORDS = re.compile(r"(\d{1,2}) (?:thang|thg) (\d{1,2})(?: nam (\d{4}|\d{2}))?")
_PREFIX = re.compile(r"^ngay\s+")


def _fold(text: str) -> str:
    """Lower-case, drop diacritics and punctuation noise, and collapse spaces."""
    bare = fold(text)
    bare = bare.replace(",", " ").strip().rstrip(".!?").strip()
    return " ".join(bare.split())


def read_date(text: str, today: date) -> tuple[date | None, Refusal | None, bool]:
    """Read a typed date ("19/5", "19/5/2026", "hôm qua"), relative to `today`, whatever it is.

    Return the day (or why none was read) and whether the person typed its year: a missing year
    means this year, and a feature that looks ahead may read it otherwise.
    """
    folded = _fold(text)
    if not folded:
        return None, Refusal.EMPTY, False
    if folded in _RELATIVE:
        return today - timedelta(days=_RELATIVE[folded]), None, True
    folded = _PREFIX.sub("", folded)
    if match := _ISO.fullmatch(folded):
        year, month, day = (int(group) for group in match.groups())
        return _build(year, month, day, year_given=True)
    match = _NUMERIC.fullmatch(folded) or _WORDS.fullmatch(folded)
    if match is None:
        return None, Refusal.UNREADABLE, False
    day_text, month_text, year_text = match.groups()
    if year_text is None:
        year = today.year
    elif len(year_text) == 2:
        year = 2000 + int(year_text)
    else:
        year = int(year_text)
    return _build(year, int(month_text), int(day_text), year_given=year_text is not None)


def _build(
    year: int, month: int, day: int, *, year_given: bool
) -> tuple[date | None, Refusal | None, bool]:
    try:
        return date(year, month, day), None, year_given
    except ValueError:
        return None, Refusal.INVALID_DATE, year_given
