"""Read the money amount a member types when pledging, exactly, in whole đồng."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import Context, Decimal, Inexact, InvalidOperation, Overflow, localcontext
from enum import StrEnum

from babel.numbers import format_currency

from domain.text import fold

# Longer text is a sentence, not an amount; the cap also bounds the precision needed below.
_MAX_CHARS = 64
# Trapping Inexact turns any rounding into an error, so no result is ever approximate.
_EXACT = Context(prec=120, traps=[Inexact, InvalidOperation, Overflow])

# Keys are written without diacritics because the input is folded the same way.
_BIG_UNITS = {"k": 10**3, "nghin": 10**3, "ngan": 10**3, "tr": 10**6, "trieu": 10**6}
_BIG_UNITS |= {"cu": 10**6, "ty": 10**9, "ti": 10**9}  # "củ" is everyday slang for triệu
_SCALES = {"tram": 100, "chuc": 10, "muoi": 10}
# "mười" (ten) is in _SCALES: folded, it is spelled like "mươi" (-ty); tư and lăm are
# the forms 4 and 5 take after mươi ("hai mươi lăm").
_NUMBER_WORDS = dict(mot=1, hai=2, ba=3, bon=4, tu=4, nam=5, lam=5, sau=6, bay=7, tam=8, chin=9)
_CURRENCY = frozenset({"d", "dong", "vnd", "₫"})
_HALF = "ruoi"
_SIGNS = frozenset({"+", "-"})
_KEYWORDS = frozenset({*_BIG_UNITS, *_SCALES, *_CURRENCY, *_SIGNS, _HALF})
# English units, read only for members who chose English: in a Vietnamese amount "m" or "mil"
# mean nothing, or something else.
_EN_UNITS = {"thousand": 10**3, "thousands": 10**3, "million": 10**6, "millions": 10**6}
_EN_UNITS |= {"mil": 10**6, "mn": 10**6, "m": 10**6, "billion": 10**9, "billions": 10**9}
_EN_UNITS |= {"bn": 10**9}
_EN_KEYWORDS = _KEYWORDS | frozenset(_EN_UNITS)

_DAY_SALARY = re.compile(r"(?:1|mot) ngay luong")
_EN_DAY_SALARY = re.compile(r"(?:1|one|a) day'?s? salary")
# "500 000": a space may group thousands, but only between a short head and 3-digit groups.
_SPACE_GROUPS = re.compile(r"(?<![0-9.,])[0-9]{1,3}(?: [0-9]{3})+(?![0-9])")
_TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[a-z]+|\S")
_SEPARATOR = re.compile(r"[.,]")


class AmountRefusal(StrEnum):
    """Why a typed amount was not accepted."""

    EMPTY = "empty"
    NOT_A_NUMBER = "not_a_number"
    ZERO = "zero"
    NEGATIVE = "negative"
    FRACTION_OF_DONG = "fraction_of_dong"
    AMBIGUOUS = "ambiguous"


@dataclass(frozen=True, slots=True)
class AmountParse:
    """The outcome of reading an amount: exactly one of `amount`, `refusal`, `day_salary`."""

    amount: int | None = None
    refusal: AmountRefusal | None = None
    day_salary: bool = False

    def __post_init__(self) -> None:
        outcomes = sum((self.amount is not None, self.refusal is not None, self.day_salary))
        if outcomes != 1:
            raise ValueError("an AmountParse holds exactly one outcome")
        if self.amount is not None and self.amount <= 0:
            raise ValueError("an accepted amount is a positive number of đồng")


@dataclass(frozen=True, slots=True)
class _Num:
    value: Decimal
    digits: str  # the integer digits without thousands separators
    fraction: str = ""  # digits after the decimal mark, as typed
    grouped: bool = False  # typed with thousands separators
    dot_thousands: bool = False  # "1.500": one dot then three digits, 1500 or 1.5 by language
    word: bool = False  # spelled out, e.g. "hai"


_Token = _Num | str
_Outcome = Decimal | AmountRefusal


def format_amount(amount: int) -> str:
    """Format whole đồng the canonical Vietnamese way, e.g. "500.000 ₫" (NBSP before ₫)."""
    return format_currency(Decimal(amount), "VND", locale="vi")


def parse_amount(text: str, *, english: bool = False) -> AmountParse:
    """Read a typed amount as whole đồng, or say why it cannot be taken as one.

    `english`: the member reads the bot in English, so "1.5 million", "500 thousand" and
    "1.5m" are understood too; the Vietnamese forms keep working.
    """
    norm = _normalize(text)
    if not norm:
        return AmountParse(refusal=AmountRefusal.EMPTY)
    if _DAY_SALARY.fullmatch(norm) or (english and _EN_DAY_SALARY.fullmatch(norm)):
        return AmountParse(day_salary=True)
    if len(norm) > _MAX_CHARS:
        return AmountParse(refusal=AmountRefusal.NOT_A_NUMBER)
    units = _BIG_UNITS | _EN_UNITS if english else _BIG_UNITS
    tokens = _tokenize(
        _SPACE_GROUPS.sub(lambda m: m[0].replace(" ", ""), norm),
        _EN_KEYWORDS if english else _KEYWORDS,
    )
    if isinstance(tokens, AmountRefusal):
        return AmountParse(refusal=tokens)
    if english and _two_readings(tokens):
        return AmountParse(refusal=AmountRefusal.AMBIGUOUS)
    negative = bool(tokens) and tokens[0] == "-"
    if tokens and tokens[0] in _SIGNS:
        tokens = tokens[1:]
    if tokens and tokens[0] in _CURRENCY:
        tokens = tokens[1:]
    elif tokens and tokens[-1] in _CURRENCY:
        tokens = tokens[:-1]
    try:
        with localcontext(_EXACT):
            value = _evaluate(tokens, units)
    except (Inexact, InvalidOperation, Overflow):
        value = AmountRefusal.NOT_A_NUMBER
    if isinstance(value, AmountRefusal):
        return AmountParse(refusal=value)
    if value == 0:
        return AmountParse(refusal=AmountRefusal.ZERO)
    if negative:
        return AmountParse(refusal=AmountRefusal.NEGATIVE)
    if value != value.to_integral_value():
        return AmountParse(refusal=AmountRefusal.FRACTION_OF_DONG)
    return AmountParse(amount=int(value))


def _normalize(text: str) -> str:
    # Folding case and diacritics lets "Triệu", "trieu" and "TRIỆU" share one vocabulary.
    return fold(text).replace("\u2212", "-")


def _two_readings(tokens: list[_Token]) -> bool:
    """Tell whether English words around a number leave it two readings a member might mean.

    In English the dot is the decimal mark, so "1.500 million" (or "1.500k") would be 1,5
    triệu, while the Vietnamese habit reads "1.500" as one thousand five hundred; and "1 million
    200" would be 1,000,200 while "1 triệu 200" is 1,2 triệu. Either guess may be 1000 times
    off, so such amounts are refused and the member asked to write them out.
    """
    english_at = [i for i, token in enumerate(tokens) if token in _EN_UNITS]
    for before, token in itertools.pairwise(tokens):
        if token in (*_EN_UNITS, "k") and isinstance(before, _Num) and before.dot_thousands:
            return True
    if english_at:
        rest = [t for t in tokens[english_at[-1] + 1 :] if t not in _CURRENCY]
        return bool(rest) and not any(token in _BIG_UNITS for token in rest)
    return False


def _tokenize(norm: str, keywords: frozenset[str]) -> list[_Token] | AmountRefusal:
    tokens: list[_Token] = []
    for raw in _TOKEN.findall(norm):
        if raw[0] in "0123456789":  # str.isdigit would let other scripts' digits in
            number = _read_number(raw)
            if isinstance(number, AmountRefusal):
                return number
            tokens.append(number)
        elif raw in _NUMBER_WORDS:
            value = _NUMBER_WORDS[raw]
            tokens.append(_Num(Decimal(value), str(value), word=True))
        elif raw in keywords:
            tokens.append(raw)
        else:
            return AmountRefusal.NOT_A_NUMBER
    return tokens


def _read_number(raw: str) -> _Num | AmountRefusal:
    # A separator followed by exactly three digits groups thousands, whichever mark it is;
    # any other separator is the decimal mark, and it must come last and differ from the
    # grouping mark ("1.000,5" is fine, "1.000.5" and "1.000,000" are not).
    groups = _SEPARATOR.split(raw)
    whole, fraction, grouping = groups[0], "", ""
    for sep, group in zip(_SEPARATOR.findall(raw), groups[1:], strict=True):
        if fraction:
            return AmountRefusal.AMBIGUOUS
        if len(group) == 3 and grouping in ("", sep):
            grouping, whole = sep, whole + group
        elif sep == grouping or len(group) == 3:
            return AmountRefusal.AMBIGUOUS
        else:
            fraction = group
    value = Decimal(f"{whole}.{fraction}" if fraction else whole)
    dotted = raw.count(".") == 1 and "," not in raw and len(groups) == 2 and len(groups[1]) == 3
    return _Num(value, whole, fraction, grouped=bool(grouping), dot_thousands=dotted)


def _evaluate(tokens: list[_Token], units: dict[str, int]) -> _Outcome:
    groups: list[tuple[list[_Token], int]] = []
    pending: list[_Token] = []
    half = False
    for token in tokens:
        if half:
            return AmountRefusal.NOT_A_NUMBER  # rưỡi ends the amount
        if isinstance(token, str) and token in units:
            groups.append((pending, units[token]))
            pending = []
        elif token == _HALF:
            if pending or not groups:
                return AmountRefusal.NOT_A_NUMBER  # rưỡi halves the unit right before it
            half = True
        elif isinstance(token, _Num) or token in _SCALES:
            pending.append(token)
        else:
            return AmountRefusal.NOT_A_NUMBER
    numbers = [t for t in tokens if isinstance(t, _Num)]
    # A decimal like "1,5 triệu" is clear alone; combined with more parts it is a guess.
    if any(n.fraction for n in numbers) and (len(numbers) > 1 or len(groups) > 1 or half):
        return AmountRefusal.AMBIGUOUS
    if not groups:
        return _bare(pending)
    total, previous = Decimal(0), 0
    for expr, unit in groups:
        if previous and unit >= previous:
            return AmountRefusal.NOT_A_NUMBER
        count = _small(expr)
        if count is None:
            return AmountRefusal.NOT_A_NUMBER
        if previous and count >= previous // unit:
            return AmountRefusal.AMBIGUOUS  # "1 triệu 2000 nghìn" overflows its slot
        total, previous = total + count * unit, unit
    if half:
        return total + Decimal(previous) / 2
    if pending:
        tail = _tail(pending)
        if isinstance(tail, AmountRefusal):
            return tail
        total += tail * (previous // 1000)
    return total


def _bare(expr: list[_Token]) -> _Outcome:
    # Plain digits with no unit mean đồng; spelled-out numbers without a unit ("năm trăm")
    # are how people say "năm trăm nghìn" aloud, so taking them as đồng would be a guess.
    if not expr:
        return AmountRefusal.NOT_A_NUMBER
    first = expr[0]
    if len(expr) == 1 and isinstance(first, _Num) and not first.word:
        if first.fraction and not first.fraction.strip("0"):
            return AmountRefusal.AMBIGUOUS  # "500.00": a cents habit or a missing zero
        return first.value
    return AmountRefusal.NOT_A_NUMBER if _small(expr) is None else AmountRefusal.AMBIGUOUS


def _tail(expr: list[_Token]) -> _Outcome:
    # A short number after a unit continues it digit by digit, as people write it:
    # "1tr5" is 1,5 triệu, "1tr25" 1,25 triệu, "1tr05" 1,05 triệu, "1 triệu 200" 1,2 triệu.
    first = expr[0]
    if len(expr) == 1 and isinstance(first, _Num):
        if first.grouped or first.fraction or len(first.digits) > 3:
            return AmountRefusal.AMBIGUOUS
        return Decimal(first.digits.ljust(3, "0"))
    count = _small(expr)
    if count is None:
        return AmountRefusal.NOT_A_NUMBER
    return AmountRefusal.AMBIGUOUS if count >= 1000 else count


def _small(expr: list[_Token]) -> Decimal | None:
    """Return the value of a count below a big unit ("hai trăm năm mươi"), None if malformed."""
    total, last_scale = Decimal(0), 0
    pending: Decimal | None = None
    for token in expr:
        if isinstance(token, _Num):
            if pending is not None:
                return None
            pending = token.value
            continue
        scale = _SCALES[token]
        # "mười" alone is ten, while "hai mươi" is twenty: the folded spelling is the same.
        multiplier = Decimal(1) if pending is None and token == "muoi" else pending
        if multiplier is None or (last_scale and scale >= last_scale):
            return None
        total, pending, last_scale = total + multiplier * scale, None, scale
    if pending is not None:
        if last_scale and pending >= last_scale:
            return None
        total += pending
    return total if expr else None
