"""The rules of an absence: its dates as typed, and which spans are accepted."""

from __future__ import annotations

from datetime import date

import pytest

from domain.membership.absence import (
    Span,
    SpanProblem,
    is_away,
    read_end,
    read_start,
    span_problem,
)

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1/12", date(2026, 12, 1)),
        ("01/12/2026", date(2026, 12, 1)),
        ("hôm nay", TODAY),
        ("20/11", date(2026, 11, 20)),  # begun ten days ago: this year's
        ("5/1", date(2027, 1, 5)),  # typed in late November: the coming January
        ("5/1/2026", date(2026, 1, 5)),  # a year typed is kept (and refused later as too old)
        ("31/11", None),
        ("mai", None),
    ],
)
def test_the_first_day_as_typed(typed: str, expected: date | None) -> None:
    assert read_start(typed, TODAY) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("31/12", date(2026, 12, 31)),
        ("15/1", date(2027, 1, 15)),  # after a start in December: next January
        ("20/11/2026", date(2026, 11, 20)),  # typed with its year: before the start, refused
        ("29/2", None),  # 2026 has none
    ],
)
def test_the_last_day_as_typed(typed: str, expected: date | None) -> None:
    assert read_end(typed, date(2026, 12, 1), TODAY) == expected


@pytest.mark.parametrize(
    ("start", "end", "problem"),
    [
        (date(2026, 12, 1), date(2026, 12, 31), None),
        (date(2026, 12, 1), date(2026, 11, 20), SpanProblem.END_BEFORE_START),
        (date(2026, 12, 1), date(2027, 12, 1), SpanProblem.TOO_LONG),
        (date(2026, 12, 1), date(2027, 11, 30), None),  # 365 days: within a year
        (date(2026, 11, 1), date(2026, 11, 29), SpanProblem.PAST),
        (date(2026, 9, 1), date(2026, 12, 31), SpanProblem.TOO_OLD),
        (date(2028, 1, 1), date(2028, 1, 31), SpanProblem.TOO_FAR),
        (TODAY, TODAY, None),  # one day, today
    ],
)
def test_which_spans_make_an_absence(start: date, end: date, problem: SpanProblem | None) -> None:
    assert span_problem(Span(start, end), TODAY) == problem


def test_away_on_the_first_and_the_last_day_only_within() -> None:
    spans = [Span(date(2026, 12, 1), date(2026, 12, 31))]
    assert is_away(spans, date(2026, 12, 1)) and is_away(spans, date(2026, 12, 31))
    assert not is_away(spans, date(2026, 11, 30)) and not is_away(spans, date(2027, 1, 1))
    assert not is_away([], date(2026, 12, 1))
