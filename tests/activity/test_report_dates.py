"""Reading the dates members type when they report an activity."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from domain.activity.dates import earliest_report_day, parse_report_date, phase_open
from domain.calendar.occasions import phases
from domain.calendar.typed import Refusal

# A Tuesday in Đợt II; 24/11 is also Vietnam Cultural Day, which changes nothing here.
LATE_YEAR = date(2026, 11, 24)
# In Đợt I, before 19/5: a bare "19/5" is still to come.
EARLY_YEAR = date(2026, 3, 10)

Expected = tuple[date, int] | Refusal

LATE_YEAR_CASES: list[tuple[str, Expected]] = [
    ("hôm nay", (date(2026, 11, 24), 2)),
    ("Hôm Nay", (date(2026, 11, 24), 2)),
    ("hom nay", (date(2026, 11, 24), 2)),
    ("today", (date(2026, 11, 24), 2)),
    ("Today.", (date(2026, 11, 24), 2)),
    ("hôm qua", (date(2026, 11, 23), 2)),
    ("hom qua", (date(2026, 11, 23), 2)),
    ("  hôm   qua ", (date(2026, 11, 23), 2)),
    ("yesterday", (date(2026, 11, 23), 2)),
    ("hôm kia", (date(2026, 11, 22), 2)),
    ("19/5", (date(2026, 5, 19), 1)),
    ("19/05/2026", (date(2026, 5, 19), 1)),
    ("19-05-2026", (date(2026, 5, 19), 1)),
    ("19.05.2026", (date(2026, 5, 19), 1)),
    ("2026-05-19", (date(2026, 5, 19), 1)),
    ("2026/5/19", (date(2026, 5, 19), 1)),
    ("19/05/26", (date(2026, 5, 19), 1)),
    (" 19 / 5 / 2026 ", (date(2026, 5, 19), 1)),
    ("ngày 19/5", (date(2026, 5, 19), 1)),
    ("Ngày 19 tháng 5", (date(2026, 5, 19), 1)),
    ("19 tháng 5 năm 2026", (date(2026, 5, 19), 1)),
    ("ngay 19 thang 5 nam 2026", (date(2026, 5, 19), 1)),
    ("19 thg 5", (date(2026, 5, 19), 1)),
    ("NGÀY 2 THÁNG 9", (date(2026, 9, 2), 2)),
    ("ngày 2 tháng 9, năm 2026", (date(2026, 9, 2), 2)),
    ("30/6", (date(2026, 6, 30), 1)),
    ("1/7", (date(2026, 7, 1), 2)),
    ("24/11", (date(2026, 11, 24), 2)),
    ("31/12/2025", (date(2025, 12, 31), 2)),
    ("1/1/2025", (date(2025, 1, 1), 1)),
    ("1/1/25", (date(2025, 1, 1), 1)),
    ("", Refusal.EMPTY),
    ("   ", Refusal.EMPTY),
    ("abc", Refusal.UNREADABLE),
    ("19", Refusal.UNREADABLE),
    ("ngày mai", Refusal.UNREADABLE),
    ("19 tháng", Refusal.UNREADABLE),
    ("19/5/202", Refusal.UNREADABLE),
    ("19/5/2026/1", Refusal.UNREADABLE),
    ("19 5 2026", Refusal.UNREADABLE),
    ("31/4", Refusal.INVALID_DATE),
    ("ngày 31 tháng 4", Refusal.INVALID_DATE),
    ("29/2/2025", Refusal.INVALID_DATE),
    ("32/1", Refusal.INVALID_DATE),
    ("0/5", Refusal.INVALID_DATE),
    ("15/13", Refusal.INVALID_DATE),
    ("2026-13-01", Refusal.INVALID_DATE),
    ("25/11", Refusal.FUTURE),
    ("25/12/2026", Refusal.FUTURE),
    ("1/1/2027", Refusal.FUTURE),
    ("19/5/99", Refusal.FUTURE),  # two-digit years are 2000+, so this is 2099
    ("31/12/2024", Refusal.TOO_OLD),
    ("29/2/2024", Refusal.TOO_OLD),
    ("19/5/1890", Refusal.TOO_OLD),
]

EARLY_YEAR_CASES: list[tuple[str, Expected]] = [
    ("19/5", Refusal.FUTURE),  # not quietly last year's 19/5
    ("ngày 19 tháng 5", Refusal.FUTURE),
    ("11/3", Refusal.FUTURE),
    ("31/3", Refusal.FUTURE),
    ("19/5/2025", (date(2025, 5, 19), 1)),
    ("19/5/25", (date(2025, 5, 19), 1)),
    ("10/3", (date(2026, 3, 10), 1)),
    ("hôm nay", (date(2026, 3, 10), 1)),
    ("hôm qua", (date(2026, 3, 9), 1)),
    ("hôm kia", (date(2026, 3, 8), 1)),
    ("3/2", (date(2026, 2, 3), 1)),
    ("1/1", (date(2026, 1, 1), 1)),
    ("2/9/2025", (date(2025, 9, 2), 2)),
    ("1/1/2025", (date(2025, 1, 1), 1)),
    ("31/12/2024", Refusal.TOO_OLD),
    ("29/2/2024", Refusal.TOO_OLD),
    ("29/2", Refusal.INVALID_DATE),  # 2026 is not a leap year
]


def _check(text: str, today: date, expected: Expected) -> None:
    result = parse_report_date(text, today)
    if isinstance(expected, Refusal):
        assert (result.day, result.refusal, result.phase) == (None, expected, None)
        assert not result.ok
    else:
        day, phase_number = expected
        assert (result.day, result.refusal) == (day, None)
        assert result.ok
        assert result.phase is not None
        assert (result.phase.number, result.phase.year) == (phase_number, day.year)


@pytest.mark.parametrize(("text", "expected"), LATE_YEAR_CASES)
def test_late_in_the_year(text: str, expected: Expected) -> None:
    _check(text, LATE_YEAR, expected)


@pytest.mark.parametrize(("text", "expected"), EARLY_YEAR_CASES)
def test_early_in_the_year(text: str, expected: Expected) -> None:
    _check(text, EARLY_YEAR, expected)


def test_relative_words_cross_the_new_year() -> None:
    result = parse_report_date("hôm kia", date(2027, 1, 1))
    assert result.day == date(2026, 12, 30)
    assert result.phase is not None and result.phase.number == 2


def test_decomposed_unicode_reads_the_same() -> None:
    # Some phone keyboards send NFD text, with the tone marks as separate characters.
    text = unicodedata.normalize("NFD", "Ngày 19 tháng 5 năm 2026")
    assert parse_report_date(text, LATE_YEAR).day == date(2026, 5, 19)


def test_earliest_report_day() -> None:
    assert earliest_report_day(LATE_YEAR) == date(2025, 1, 1)
    assert earliest_report_day(date(2027, 1, 1)) == date(2026, 1, 1)


def test_phase_open() -> None:
    first, second = phases(2026)
    assert phase_open(first, date(2026, 6, 30))
    assert not phase_open(first, date(2026, 7, 1))
    assert phase_open(first, date(2026, 7, 10), grace_days=10)
    assert not phase_open(first, date(2026, 7, 11), grace_days=10)
    assert phase_open(second, date(2027, 1, 5), grace_days=5)
    assert not phase_open(second, date(2027, 1, 6), grace_days=5)
    with pytest.raises(ValueError, match="grace_days"):
        phase_open(first, date(2026, 6, 1), grace_days=-1)
