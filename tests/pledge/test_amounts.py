"""Amount parsing: what members really type becomes exact whole đồng, or a clear refusal."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.pledge.amounts import AmountParse, AmountRefusal, format_amount, parse_amount
from domain.pledge.rules import MAX_REASONABLE

R = AmountRefusal
NBSP = "\u00a0"

CASES: list[tuple[str, int | AmountRefusal]] = [
    # Plain digits and the ways people group thousands.
    ("500000", 500_000),
    ("500.000", 500_000),
    ("500,000", 500_000),
    ("500 000", 500_000),
    ("1 000 000", 1_000_000),
    ("1.000.000.000", 1_000_000_000),
    ("500,000,000", 500_000_000),
    ("  500.000  ", 500_000),
    ("５００.０００", 500_000),
    # Currency marks, before or after.
    ("500.000đ", 500_000),
    ("500.000 đ", 500_000),
    ("500.000 VNĐ", 500_000),
    ("500.000vnd", 500_000),
    ("500.000 đồng", 500_000),
    ("500.000 dong", 500_000),
    (f"500.000{NBSP}₫", 500_000),
    ("500.000₫", 500_000),
    ("VND 500.000", 500_000),
    ("50 nghìn đồng", 50_000),
    # Thousands.
    ("500k", 500_000),
    ("500K", 500_000),
    ("500 k", 500_000),
    ("500 nghìn", 500_000),
    ("500 ngàn", 500_000),
    ("500 ngan", 500_000),
    ("500 nghin", 500_000),
    ("1,5k", 1_500),
    ("1k5", 1_500),
    ("20k500", 20_500),
    # Millions, with decimals and with the digits that continue the unit.
    ("1tr", 1_000_000),
    ("1 triệu", 1_000_000),
    ("1 trieu", 1_000_000),
    ("1 TRIỆU", 1_000_000),
    ("5 củ", 5_000_000),
    ("1,5 triệu", 1_500_000),
    ("1.5tr", 1_500_000),
    ("1tr5", 1_500_000),
    ("1tr2", 1_200_000),
    ("1tr25", 1_250_000),
    ("1tr05", 1_050_000),
    ("1 triệu 200", 1_200_000),
    ("1 triệu 200 nghìn", 1_200_000),
    ("1tr200k", 1_200_000),
    ("1 triệu 200 nghìn 500", 1_200_500),
    ("2 triệu rưỡi", 2_500_000),
    ("2tr ruoi", 2_500_000),
    ("500 nghìn rưỡi", 500_500),
    ("1 triệu hai", 1_200_000),
    ("1 triệu 2 trăm", 1_200_000),
    ("1 triệu rưỡi đồng", 1_500_000),
    # Hundreds and spelled-out numbers, with a unit.
    ("2 trăm nghìn", 200_000),
    ("2 trăm ngàn", 200_000),
    ("hai trăm nghìn", 200_000),
    ("năm trăm nghìn", 500_000),
    ("mười nghìn", 10_000),
    ("mười lăm nghìn", 15_000),
    ("hai mươi lăm nghìn", 25_000),
    ("hai trăm năm mươi nghìn", 250_000),
    ("2 chục nghìn", 20_000),
    ("một triệu", 1_000_000),
    # Billions.
    ("1 tỷ", 1_000_000_000),
    ("1 tỉ", 1_000_000_000),
    ("1ty", 1_000_000_000),
    ("1 tỷ 2", 1_200_000_000),
    ("1 tỷ 500 triệu", 1_500_000_000),
    # Signs.
    ("+500k", 500_000),
    ("-500k", R.NEGATIVE),
    ("- 500.000 đ", R.NEGATIVE),
    ("−500k", R.NEGATIVE),
    ("-1.5", R.NEGATIVE),
    # Zero, in every costume.
    ("0", R.ZERO),
    ("0đ", R.ZERO),
    ("0k", R.ZERO),
    ("-0", R.ZERO),
    ("0.000", R.ZERO),
    # Nothing, or not an amount.
    ("", R.EMPTY),
    ("   ", R.EMPTY),
    (NBSP, R.EMPTY),
    ("abc", R.NOT_A_NUMBER),
    ("đ", R.NOT_A_NUMBER),
    ("k", R.NOT_A_NUMBER),
    ("rưỡi", R.NOT_A_NUMBER),
    ("500 rưỡi", R.NOT_A_NUMBER),
    ("1 triệu rưỡi 200", R.NOT_A_NUMBER),
    ("1k 2tr", R.NOT_A_NUMBER),
    ("1e5", R.NOT_A_NUMBER),
    ("500k/tháng", R.NOT_A_NUMBER),
    ("ủng hộ 500k", R.NOT_A_NUMBER),
    ("2 ngày lương", R.NOT_A_NUMBER),
    ("٥٠٠", R.NOT_A_NUMBER),
    ("1" * 100, R.NOT_A_NUMBER),
    # Fractions of a đồng.
    ("1.5", R.FRACTION_OF_DONG),
    ("1,5", R.FRACTION_OF_DONG),
    ("1.2345k", R.FRACTION_OF_DONG),
    ("1.000,5", R.FRACTION_OF_DONG),
    ("1.000.000,5", R.FRACTION_OF_DONG),
    ("1,000,000.5", R.FRACTION_OF_DONG),
    # Readable, but any reading would be a guess.
    ("năm trăm", R.AMBIGUOUS),
    ("2 trăm", R.AMBIGUOUS),
    ("hai", R.AMBIGUOUS),
    ("500.00", R.AMBIGUOUS),
    ("1.000.5", R.AMBIGUOUS),
    ("1.000,000", R.AMBIGUOUS),
    ("1,5.000", R.AMBIGUOUS),
    ("1 triệu 2000 nghìn", R.AMBIGUOUS),
    ("1tr2000", R.AMBIGUOUS),
    ("1,5 triệu 200", R.AMBIGUOUS),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[repr(text) for text, _ in CASES])
def test_real_world_amounts(text: str, expected: int | AmountRefusal) -> None:
    result = parse_amount(text)
    if isinstance(expected, AmountRefusal):
        assert result == AmountParse(refusal=expected)
    else:
        assert result == AmountParse(amount=expected)


# For a member who reads the bot in English: English words, with Vietnamese forms still read.
# Where English and Vietnamese habits give different amounts, the answer is a refusal.
ENGLISH: list[tuple[str, int | AmountRefusal]] = [
    ("1.5 million", 1_500_000),
    ("1.5 Million", 1_500_000),
    ("1.50 million", 1_500_000),
    ("2 million", 2_000_000),
    ("2 millions", 2_000_000),
    ("500 thousand", 500_000),
    ("500k", 500_000),
    ("1.5m", 1_500_000),
    ("1.5M", 1_500_000),
    ("2 mil", 2_000_000),
    ("1,500,000", 1_500_000),
    ("1,500,000 VND", 1_500_000),
    ("VND 1.5 million", 1_500_000),
    ("1.5 million dong", 1_500_000),
    ("1 million 200 thousand", 1_200_000),
    ("2 million 500k", 2_500_000),
    ("1 billion", 1_000_000_000),
    ("1.2 bn", 1_200_000_000),
    ("1,500 million", 1_500_000_000),  # a comma and three digits group thousands either way
    # The Vietnamese forms still work.
    ("1,5 triệu", 1_500_000),
    ("1.500.000", 1_500_000),
    ("1tr5", 1_500_000),
    ("500 nghìn", 500_000),
    # In English the dot is the decimal mark, in Vietnamese it groups thousands.
    ("1.500 million", R.AMBIGUOUS),
    ("1.500k", R.AMBIGUOUS),
    ("1.500m", R.AMBIGUOUS),
    # "1 triệu 200" is 1,2 triệu; "1 million 200" would be 1,000,200 in English.
    ("1 million 200", R.AMBIGUOUS),
    ("1m5", R.AMBIGUOUS),
    ("1.2345678 million", R.FRACTION_OF_DONG),
    ("0 million", R.ZERO),
    ("-2 million", R.NEGATIVE),
    ("million", R.NOT_A_NUMBER),
    ("two million", R.NOT_A_NUMBER),
    ("1.5 millions of dong", R.NOT_A_NUMBER),
]


@pytest.mark.parametrize(("text", "expected"), ENGLISH, ids=[repr(text) for text, _ in ENGLISH])
def test_english_amounts(text: str, expected: int | AmountRefusal) -> None:
    result = parse_amount(text, english=True)
    if isinstance(expected, AmountRefusal):
        assert result == AmountParse(refusal=expected)
    else:
        assert result == AmountParse(amount=expected)


@pytest.mark.parametrize("text", ["1.5 million", "2 million", "500 thousand", "1.5m", "2 bn"])
def test_english_words_are_not_read_for_vietnamese_members(text: str) -> None:
    assert parse_amount(text) == AmountParse(refusal=R.NOT_A_NUMBER)


@pytest.mark.parametrize("text", ["one day's salary", "1 day salary", "a day's salary"])
def test_a_days_salary_in_english(text: str) -> None:
    assert parse_amount(text, english=True) == AmountParse(day_salary=True)
    assert parse_amount(text) == AmountParse(refusal=R.NOT_A_NUMBER)


@given(st.integers(min_value=1, max_value=MAX_REASONABLE // 1000).map(lambda k: k * 1000))
def test_thousands_in_english_round_trip(n: int) -> None:
    assert parse_amount(f"{n // 1000} thousand", english=True).amount == n
    assert parse_amount(f"{n:,}", english=True).amount == n


@pytest.mark.parametrize(
    "text",
    ["một ngày lương", "1 ngày lương", "mot ngay luong", "1 ngay luong", " Một  Ngày Lương "],
)
def test_a_days_salary_is_flagged_for_the_caller(text: str) -> None:
    assert parse_amount(text) == AmountParse(day_salary=True)


def test_format_is_the_canonical_vietnamese_form() -> None:
    assert format_amount(500_000) == f"500.000{NBSP}₫"
    assert format_amount(MAX_REASONABLE) == f"10.000.000.000{NBSP}₫"


def test_a_parse_holds_exactly_one_outcome() -> None:
    with pytest.raises(ValueError):
        AmountParse()
    with pytest.raises(ValueError):
        AmountParse(amount=5, refusal=R.ZERO)
    with pytest.raises(ValueError):
        AmountParse(amount=0)


AMOUNTS = st.integers(min_value=1, max_value=MAX_REASONABLE)


@given(AMOUNTS)
def test_formatted_amounts_round_trip(n: int) -> None:
    assert parse_amount(format_amount(n)).amount == n


@given(AMOUNTS)
def test_plain_and_dotted_digits_round_trip(n: int) -> None:
    assert parse_amount(str(n)).amount == n
    assert parse_amount(f"{n:,}".replace(",", ".")).amount == n
    assert parse_amount(f"{n:,}").amount == n


@given(st.integers(min_value=1, max_value=MAX_REASONABLE // 1000).map(lambda k: k * 1000))
def test_thousands_written_with_k_round_trip(n: int) -> None:
    assert parse_amount(f"{n // 1000}k").amount == n


@given(st.text(max_size=40))
def test_any_text_gets_an_answer_never_an_exception(text: str) -> None:
    result = parse_amount(text)
    assert result.amount is None or result.amount > 0
