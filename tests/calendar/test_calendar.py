"""The emulation calendar: phases, anniversaries and working days."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.i18n import Catalogs
from domain.calendar.occasions import (
    DEFAULT_ANNIVERSARIES,
    Anniversary,
    days_left,
    english_ordinal,
    is_working_day,
    load_anniversaries,
    nearest,
    occurrences,
    ordinal,
    phase_of,
    phases,
    previous_working_day,
    title_en,
    title_vi,
    upcoming,
    vn_date,
)
from tests.support.shipped import ANNIVERSARIES, own_anniversaries, own_anniversary

BY_KEY = {anniversary.key: anniversary for anniversary in DEFAULT_ANNIVERSARIES}
SHIPPED = ANNIVERSARIES  # the national ones and the province's own, from config/calendar.yaml
OWN = own_anniversary()
FIRST_OWN = own_anniversaries()[0]


# --- phases -----------------------------------------------------------------------------


def test_phases_split_the_year_at_july() -> None:
    first, second = phases(2026)
    assert (first.number, first.year, first.start, first.end) == (
        1,
        2026,
        date(2026, 1, 1),
        date(2026, 6, 30),
    )
    assert (second.number, second.year, second.start, second.end) == (
        2,
        2026,
        date(2026, 7, 1),
        date(2026, 12, 31),
    )


@pytest.mark.parametrize(
    ("day", "number"),
    [
        (date(2026, 1, 1), 1),
        (date(2026, 6, 30), 1),
        (date(2026, 7, 1), 2),
        (date(2026, 12, 31), 2),
        (date(2027, 1, 1), 1),
        (date(2028, 2, 29), 1),
        (date(2030, 7, 1), 2),
    ],
)
def test_phase_of_edges(day: date, number: int) -> None:
    phase = phase_of(day)
    assert (phase.number, phase.year) == (number, day.year)
    assert phase.contains(day)
    assert phase == phases(day.year)[number - 1]


def test_days_left_counts_to_the_last_day() -> None:
    first, second = phases(2026)
    assert days_left(first, date(2026, 6, 30)) == 0
    assert days_left(first, date(2026, 6, 29)) == 1
    assert days_left(first, date(2026, 1, 1)) == 180
    assert days_left(second, date(2026, 11, 24)) == 37
    assert days_left(first, date(2026, 7, 15)) == 0  # an ended phase has no days left


# --- anniversaries ----------------------------------------------------------------------

TITLES_2026 = [
    (
        "party_founding",
        96,
        "Kỷ niệm 96 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2026)",
        "96th anniversary of the Founding of the Communist Party of Vietnam"
        " (03/02/1930 - 03/02/2026)",
    ),
    (
        "reunification",
        51,
        "Kỷ niệm 51 năm Ngày giải phóng hoàn toàn miền Nam, thống nhất đất nước"
        " (30/4/1975 - 30/4/2026)",
        "51st anniversary of the Liberation of the South and national reunification"
        " (30/4/1975 - 30/4/2026)",
    ),
    (
        "ho_chi_minh_birthday",
        136,
        "Kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 - 19/5/2026)",
        "136th anniversary of the Birthday of President Hồ Chí Minh (19/5/1890 - 19/5/2026)",
    ),
    (
        "august_revolution",
        81,
        "Kỷ niệm 81 năm Cách mạng tháng Tám thành công (19/8/1945 - 19/8/2026)",
        "81st anniversary of the Success of the August Revolution (19/8/1945 - 19/8/2026)",
    ),
    (
        "national_day",
        81,
        "Kỷ niệm 81 năm Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam"
        " (02/9/1945 - 02/9/2026)",
        "81st anniversary of the National Day of the Socialist Republic of Vietnam"
        " (02/9/1945 - 02/9/2026)",
    ),
]


@pytest.mark.parametrize(("key", "number", "vi", "en"), TITLES_2026)
def test_titles_in_2026(key: str, number: int, vi: str, en: str) -> None:
    anniversary = BY_KEY[key]
    assert ordinal(anniversary, 2026) == number
    assert title_vi(anniversary, 2026) == vi
    assert title_en(anniversary, 2026) == en


def test_defaults_are_the_five_national_ones_of_the_plan() -> None:
    assert [(a.day, a.month, a.origin_year) for a in DEFAULT_ANNIVERSARIES] == [
        (3, 2, 1930),
        (30, 4, 1975),
        (19, 5, 1890),
        (19, 8, 1945),
        (2, 9, 1945),
    ]
    assert all(a.national for a in DEFAULT_ANNIVERSARIES)  # no province is baked into code


def test_the_shipped_calendar_adds_the_provinces_own_day() -> None:
    national = [(a.key, a.day, a.month, a.origin_year) for a in SHIPPED if a.national]
    assert national == [(a.key, a.day, a.month, a.origin_year) for a in DEFAULT_ANNIVERSARIES]
    # The demo province (two provinces merged) keeps both liberation days, each named "tỉnh …".
    days = [(a.day, a.month, a.origin_year) for a in own_anniversaries()]
    assert days == [(17, 3, 1975), (31, 3, 1975)]
    assert all(a.name_vi.startswith("Ngày giải phóng tỉnh ") for a in own_anniversaries())
    assert title_vi(OWN, 2026) == f"Kỷ niệm 51 năm {OWN.name_vi} (31/3/1975 - 31/3/2026)"
    assert title_vi(OWN, 2026, in_sentence=True).startswith("kỷ niệm 51 năm ")
    assert title_en(OWN, 2026) == (
        f"51st anniversary of the {OWN.name_en} (31/3/1975 - 31/3/2026)"
    )


def test_titles_need_no_change_in_a_new_year() -> None:
    party = BY_KEY["party_founding"]
    assert title_vi(party, 2030) == (
        "Kỷ niệm 100 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2030)"
    )
    assert title_en(BY_KEY["national_day"], 2027).startswith("82nd anniversary of the ")


def test_no_anniversary_before_the_first_year() -> None:
    with pytest.raises(ValueError, match="no anniversary"):
        ordinal(BY_KEY["national_day"], 1945)


@pytest.mark.parametrize(
    ("number", "spelled"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (10, "10th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (100, "100th"),
        (101, "101st"),
        (102, "102nd"),
        (111, "111th"),
        (112, "112th"),
        (113, "113th"),
        (121, "121st"),
        (1011, "1011th"),
    ],
)
def test_english_ordinal(number: int, spelled: str) -> None:
    assert english_ordinal(number) == spelled


def test_occurrences_across_the_new_year() -> None:
    found = occurrences(SHIPPED, date(2026, 8, 20), date(2027, 4, 30))
    assert [(day, a.key) for day, a in found] == [
        (date(2026, 9, 2), "national_day"),
        (date(2027, 2, 3), "party_founding"),
        (date(2027, 3, 17), FIRST_OWN.key),
        (date(2027, 3, 31), OWN.key),
        (date(2027, 4, 30), "reunification"),
    ]


def test_occurrences_skip_the_origin_year() -> None:
    found = occurrences(DEFAULT_ANNIVERSARIES, date(1945, 1, 1), date(1945, 12, 31))
    assert [a.key for _, a in found] == ["party_founding", "ho_chi_minh_birthday"]


def test_upcoming_includes_today_and_wraps_the_year() -> None:
    assert [(d, a.key) for d, a in upcoming(SHIPPED, date(2026, 9, 2))] == [
        (date(2026, 9, 2), "national_day"),
        (date(2027, 2, 3), "party_founding"),
        (date(2027, 3, 17), FIRST_OWN.key),
    ]
    many = upcoming(SHIPPED, date(2026, 11, 24), count=17)
    assert len(many) == 17
    assert many[-1] == (date(2029, 3, 31), OWN)
    assert upcoming((), date(2026, 1, 1)) == []
    assert upcoming(DEFAULT_ANNIVERSARIES, date(2026, 1, 1), count=0) == []


@pytest.mark.parametrize(
    ("day", "key"),
    [
        (date(2026, 5, 10), "ho_chi_minh_birthday"),
        (date(2026, 5, 25), "ho_chi_minh_birthday"),
        (date(2026, 4, 15), "reunification"),  # 15 days to 30/4, 15 since 31/3: the coming one
        (date(2026, 8, 24), "august_revolution"),
        (date(2026, 8, 26), "national_day"),  # 7 days either side: the coming one
        (date(2026, 10, 10), "national_day"),  # 38 days after
        (date(2026, 12, 25), "party_founding"),  # 40 days before, in the next year
        (date(2026, 1, 10), "party_founding"),
        (date(2026, 10, 20), None),
        (date(2026, 12, 10), None),
    ],
)
def test_nearest(day: date, key: str | None) -> None:
    found = nearest(SHIPPED, day)
    assert (found.key if found else None) == key


def test_nearest_respects_the_window() -> None:
    assert nearest(DEFAULT_ANNIVERSARIES, date(2026, 7, 1), within_days=30) is None
    assert (
        nearest(DEFAULT_ANNIVERSARIES, date(2026, 7, 1), within_days=60)
        == BY_KEY[
            "ho_chi_minh_birthday"  # 43 days before, 19/8 is 49 after
        ]
    )


# --- configuration ----------------------------------------------------------------------

GIA_LAI = {
    "key": "gia_lai_liberation",
    "date": "17/03",
    "origin_year": 1975,
    "name_vi": "Ngày giải phóng tỉnh Gia Lai",
    "name_en": "Liberation of Gia Lai province",
    "national": False,
}


def test_load_anniversaries() -> None:
    national = {**GIA_LAI, "key": "national_day", "date": " 2/9 ", "national": True}
    loaded = load_anniversaries([GIA_LAI, national])
    assert loaded[0] == Anniversary(
        "gia_lai_liberation",
        3,
        17,
        1975,
        "Ngày giải phóng tỉnh Gia Lai",
        "Liberation of Gia Lai province",
        False,
    )
    assert (loaded[1].month, loaded[1].day, loaded[1].national) == (9, 2, True)
    assert title_vi(loaded[0], 2026) == (
        "Kỷ niệm 51 năm Ngày giải phóng tỉnh Gia Lai (17/3/1975 - 17/3/2026)"
    )
    assert load_anniversaries([]) == ()
    without_flag = {k: v for k, v in GIA_LAI.items() if k != "national"}
    assert load_anniversaries([without_flag])[0].national is False


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"date": "30/02"}, "not a real day and month"),
        ({"date": "31/04"}, "not a real day and month"),
        ({"date": "1/13"}, "not a real day and month"),
        ({"date": "29/02"}, "leap years"),
        ({"date": "17-03"}, "DD/MM"),
        ({"date": "17/3/1975"}, "DD/MM"),
        ({"date": ""}, "'date' is missing"),
        ({"key": " "}, "'key' is missing"),
        ({"name_vi": None}, "'name_vi' is missing"),
        ({"name_en": ""}, "'name_en' is missing"),
        ({"origin_year": 2101}, "outside 1000-2100"),
        ({"origin_year": 999}, "outside 1000-2100"),
        ({"origin_year": "1975"}, "whole number"),
        ({"origin_year": True}, "whole number"),
        ({"national": "yes"}, "true or false"),
    ],
)
def test_load_anniversaries_refuses_bad_entries(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        load_anniversaries([{**GIA_LAI, **change}])


def test_load_anniversaries_refuses_duplicates_and_non_mappings() -> None:
    with pytest.raises(ValueError, match="duplicate key 'gia_lai_liberation'"):
        load_anniversaries([GIA_LAI, GIA_LAI])
    with pytest.raises(ValueError, match="#2: expected a mapping"):
        load_anniversaries([GIA_LAI, ["17/03"]])  # type: ignore[list-item]


# --- working days -----------------------------------------------------------------------
# What holidays 0.109 gives for VN in 2026 (the lunar ones move every year):
#   01/01 New Year's Day; 16/02-20/02 Tết (eve, 1st-4th day; Tết is Tue 17/02);
#   26/04 Hung Kings' Commemoration Day (Sun) and 27/04 observed; 30/04 Liberation Day;
#   01/05 Labour Day; 31/08 day off (substituted from 22/08); 01/09-02/09 National Day;
#   24/11 Vietnam Cultural Day.


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 1),
        date(2026, 2, 16),
        date(2026, 2, 17),
        date(2026, 2, 20),
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 9, 2),
        date(2026, 5, 2),  # Saturday
        date(2026, 5, 3),  # Sunday
        date(2027, 2, 8),  # Tết 2027 (1st day: Sat 6/2)
        date(2027, 9, 2),
        date(2030, 2, 4),  # Tết 2030 (1st day: Sat 2/2)
        date(2030, 4, 30),
    ],
)
def test_not_working_days(day: date) -> None:
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [date(2026, 2, 13), date(2026, 2, 23), date(2026, 4, 29), date(2026, 5, 4), date(2030, 5, 2)],
)
def test_working_days(day: date) -> None:
    assert is_working_day(day)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 4, 29), date(2026, 4, 29)),  # a working day stays put
        (date(2026, 4, 30), date(2026, 4, 29)),
        (date(2026, 5, 1), date(2026, 4, 29)),
        (date(2026, 5, 3), date(2026, 4, 29)),  # Sunday after the 30/4-1/5 break
        (date(2026, 2, 17), date(2026, 2, 13)),  # Tết: back to the Friday before the eve
        (date(2026, 2, 22), date(2026, 2, 13)),
        (date(2026, 1, 1), date(2025, 12, 31)),  # across the new year
    ],
)
def test_previous_working_day(day: date, expected: date) -> None:
    assert previous_working_day(day) == expected


@pytest.mark.parametrize(
    ("day", "first_day_off"),
    [
        (date(2026, 9, 2), date(2026, 9, 1)),
        (date(2027, 2, 8), date(2027, 2, 5)),  # Tết 2027: Sat 6/2
        (date(2030, 2, 4), date(2030, 2, 1)),  # Tết 2030: Sat 2/2
    ],
)
def test_previous_working_day_lands_before_the_break(day: date, first_day_off: date) -> None:
    # Extra days off around Tết and 2/9 are decreed year by year (31/8/2026 was swapped for
    # 22/8), so the package's answer can move between releases; only the shape is stable.
    found = previous_working_day(day)
    assert found < first_day_off
    assert (first_day_off - found).days <= 10
    assert is_working_day(found) and found.weekday() < 5


@pytest.mark.parametrize(
    ("day", "written"),
    [
        (date(1930, 2, 3), "03/02/1930"),
        (date(1890, 5, 19), "19/5/1890"),
        (date(1945, 9, 2), "02/9/1945"),
        (date(2026, 1, 15), "15/01/2026"),
        (date(2026, 12, 31), "31/12/2026"),
    ],
)
def test_dates_are_written_in_decree_30_style(day: date, written: str) -> None:
    assert vn_date(day) == written
    assert Catalogs().pick("vi").date(day) == written
