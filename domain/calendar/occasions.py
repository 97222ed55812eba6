"""The emulation calendar: phases, anniversaries and working days, as pure functions."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import holidays

MIN_ORIGIN_YEAR = 1000
MAX_ORIGIN_YEAR = 2100


@dataclass(frozen=True, slots=True)
class Phase:
    """One half-year phase (Đợt) of the movement; names come from the caller's translator."""

    number: int
    year: int
    start: date
    end: date

    def contains(self, day: date) -> bool:
        """Tell whether `day` falls inside this phase."""
        return self.start <= day <= self.end


def phases(year: int) -> tuple[Phase, Phase]:
    """Return Đợt I (1/1-30/6) and Đợt II (1/7-31/12) of `year`."""
    return (
        Phase(1, year, date(year, 1, 1), date(year, 6, 30)),
        Phase(2, year, date(year, 7, 1), date(year, 12, 31)),
    )


def phase_of(day: date) -> Phase:
    """Return the phase that `day` falls in."""
    first, second = phases(day.year)
    return first if day <= first.end else second


def days_left(phase: Phase, today: date) -> int:
    """Return the days from `today` to the phase's last day: 0 on that day and after it."""
    return max(0, (phase.end - today).days)


@dataclass(frozen=True, slots=True)
class Anniversary:
    """A yearly anniversary that the movement celebrates, with the year it began."""

    key: str
    month: int
    day: int
    origin_year: int
    name_vi: str
    name_en: str
    national: bool

    def on(self, year: int) -> date:
        """Return this anniversary's date in `year`."""
        return date(year, self.month, self.day)


# The national anniversaries of the plan. A province's own (the day it was liberated, say) is
# its choice, not the code's: it is listed in config/calendar.yaml beside these.
DEFAULT_ANNIVERSARIES: tuple[Anniversary, ...] = (
    Anniversary(
        "party_founding",
        2,
        3,
        1930,
        "Ngày thành lập Đảng Cộng sản Việt Nam",
        "Founding of the Communist Party of Vietnam",
        True,
    ),
    Anniversary(
        "reunification",
        4,
        30,
        1975,
        "Ngày giải phóng hoàn toàn miền Nam, thống nhất đất nước",
        "Liberation of the South and national reunification",
        True,
    ),
    # "Birthday of ..." rather than "...'s birthday" so that title_en's "of the" reads well.
    Anniversary(
        "ho_chi_minh_birthday",
        5,
        19,
        1890,
        "Ngày sinh Chủ tịch Hồ Chí Minh",
        "Birthday of President Hồ Chí Minh",
        True,
    ),
    Anniversary(
        "august_revolution",
        8,
        19,
        1945,
        "Cách mạng tháng Tám thành công",
        "Success of the August Revolution",
        True,
    ),
    Anniversary(
        "national_day",
        9,
        2,
        1945,
        "Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam",
        "National Day of the Socialist Republic of Vietnam",
        True,
    ),
)


def ordinal(anniversary: Anniversary, year: int) -> int:
    """Return how many years `year` is after the origin (2026 for 1930 gives 96)."""
    count = year - anniversary.origin_year
    if count < 1:
        raise ValueError(
            f"{anniversary.key}: no anniversary in {year} (origin {anniversary.origin_year})"
        )
    return count


def english_ordinal(number: int) -> str:
    """Spell `number` with its English suffix: 1st, 2nd, 3rd, 11th, 21st, 111th."""
    if number % 100 in (11, 12, 13):
        return f"{number}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def vn_date(value: date, *, year: bool = True) -> str:
    """Write a date as administrative documents do: 03/02/1930, 19/5/1890, 02/9/1945.

    Decree 30/2020/NĐ-CP: a day under 10 and the months 1 and 2 take a leading zero, so that
    nobody can add a digit in front of them.
    """
    text = (
        f"{value.day:02d}/{value.month:02d}"
        if value.month < 3
        else f"{value.day:02d}/{value.month}"
    )
    return f"{text}/{value.year}" if year else text


def _span(anniversary: Anniversary, year: int) -> str:
    return (
        f"({vn_date(anniversary.on(anniversary.origin_year))} - {vn_date(anniversary.on(year))})"
    )


def title_vi(anniversary: Anniversary, year: int, *, in_sentence: bool = False) -> str:
    """Return the Vietnamese title, e.g. "Kỷ niệm 96 năm ... (03/02/1930 - 03/02/2026)".

    `in_sentence`: "kỷ niệm" in lower case, as inside a sentence ("Còn 7 ngày nữa đến kỷ niệm
    …"); a title on its own, a list item and the slogan of the day keep the capital.
    """
    number = ordinal(anniversary, year)
    word = "kỷ niệm" if in_sentence else "Kỷ niệm"
    return f"{word} {number} năm {anniversary.name_vi} {_span(anniversary, year)}"


def title_en(anniversary: Anniversary, year: int) -> str:
    """Return the English title, e.g. "96th anniversary of the ... (03/02/1930 - 03/02/2026)"."""
    number = english_ordinal(ordinal(anniversary, year))
    return f"{number} anniversary of the {anniversary.name_en} {_span(anniversary, year)}"


def occurrences(
    anniversaries: Iterable[Anniversary], start: date, end: date
) -> list[tuple[date, Anniversary]]:
    """List the anniversaries falling between `start` and `end` inclusive, by date then key."""
    found = [
        (anniversary.on(year), anniversary)
        for year in range(start.year, end.year + 1)
        for anniversary in anniversaries
        # The origin year itself is the event, not an anniversary of it.
        if year > anniversary.origin_year and start <= anniversary.on(year) <= end
    ]
    return sorted(found, key=lambda item: (item[0], item[1].key))


def upcoming(
    anniversaries: Iterable[Anniversary], today: date, count: int = 3
) -> list[tuple[date, Anniversary]]:
    """Return the next `count` anniversaries from `today` on, today's own included."""
    items = tuple(anniversaries)
    if not items or count < 1:
        return []
    # Each year holds every anniversary once, so this many years always suffices.
    years = count // len(items) + 2
    return occurrences(items, today, date(min(today.year + years, 9999), 12, 31))[:count]


def nearest(
    anniversaries: Iterable[Anniversary], day: date, within_days: int = 45
) -> Anniversary | None:
    """Return the anniversary closest to `day`, before or after, if within `within_days`."""
    window = timedelta(days=within_days)
    candidates = occurrences(anniversaries, day - window, day + window)
    if not candidates:
        return None
    # On a tie the coming one wins: activities are held "chào mừng", in the run-up to it.
    return min(candidates, key=lambda item: (abs((item[0] - day).days), item[0] < day))[1]


def load_anniversaries(data: Iterable[Mapping[str, Any]]) -> tuple[Anniversary, ...]:
    """Build anniversaries from configuration dicts, refusing bad entries with ValueError."""
    loaded: list[Anniversary] = []
    for index, entry in enumerate(data):
        anniversary = _load_one(index, entry)
        if any(existing.key == anniversary.key for existing in loaded):
            raise ValueError(f"anniversary #{index + 1}: duplicate key {anniversary.key!r}")
        loaded.append(anniversary)
    return tuple(loaded)


def _load_one(index: int, entry: Mapping[str, Any]) -> Anniversary:
    where = f"anniversary #{index + 1}"
    if not isinstance(entry, Mapping):
        raise ValueError(f"{where}: expected a mapping, got {type(entry).__name__}")
    texts: dict[str, str] = {}
    for field in ("key", "date", "name_vi", "name_en"):
        value = entry.get(field)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{where}: {field!r} is missing or empty")
        texts[field] = value.strip()
    where = f"anniversary {texts['key']!r}"
    month, day = _day_month(where, texts["date"])
    origin = entry.get("origin_year")
    # bool is an int subclass; True must not pass as the year 1.
    if not isinstance(origin, int) or isinstance(origin, bool):
        raise ValueError(f"{where}: 'origin_year' must be a whole number, got {origin!r}")
    if not MIN_ORIGIN_YEAR <= origin <= MAX_ORIGIN_YEAR:
        raise ValueError(
            f"{where}: 'origin_year' {origin} is outside {MIN_ORIGIN_YEAR}-{MAX_ORIGIN_YEAR}"
        )
    national = entry.get("national", False)
    if not isinstance(national, bool):
        raise ValueError(f"{where}: 'national' must be true or false, got {national!r}")
    return Anniversary(
        texts["key"], month, day, origin, texts["name_vi"], texts["name_en"], national
    )


def _day_month(where: str, text: str) -> tuple[int, int]:
    parts = text.split("/")
    if len(parts) != 2 or not all(part.strip().isdecimal() for part in parts):
        raise ValueError(f"{where}: 'date' must be DD/MM, got {text!r}")
    day, month = (int(part) for part in parts)
    if (month, day) == (2, 29):
        # It would be skipped three years in four; ask for 28/02 or 01/03 instead.
        raise ValueError(f"{where}: 'date' 29/02 exists only in leap years")
    try:
        date(2001, month, day)
    except ValueError:
        raise ValueError(f"{where}: 'date' {text!r} is not a real day and month") from None
    return month, day


@functools.lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    # The package covers Tết and Giỗ Tổ (lunar) plus observed and substituted days off.
    return frozenset(holidays.country_holidays("VN", years=year).keys())


def is_working_day(day: date) -> bool:
    """Tell whether `day` is Monday to Friday and not a Vietnamese public holiday."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def previous_working_day(day: date) -> date:
    """Return `day` if it is a working day, else the latest working day before it."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day
