"""Numbers and dates written the Vietnamese way, for documents (always in Vietnamese)."""

from __future__ import annotations

from datetime import date

from babel.numbers import format_decimal

from domain.calendar.occasions import vn_date


def number(value: int | float) -> str:
    """1500000 -> "1.500.000"; 45.5 -> "45,5"."""
    return format_decimal(value, format="#,##0.##", locale="vi")


def money(amount: int) -> str:
    """1500000 -> "1.500.000 đồng"."""
    return f"{number(amount)} đồng"


def rate(done: int, total: int) -> str | None:
    """Return `done` as a share of `total` with one decimal ("45,5%"), None with no total."""
    if total <= 0:
        return None
    # Rounded down: 99,96% never reads as 100% while someone is still missing.
    tenths = max(done, 0) * 1000 // total
    return f"{format_decimal(tenths / 10, format='#,##0.#', locale='vi')}%"


def day(value: date) -> str:
    """Return the date in Decree 30's style: 03/02/2026, 19/5/2026."""
    return vn_date(value)
