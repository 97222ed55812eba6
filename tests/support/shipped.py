"""What the shipped configuration (config/*.yaml) says, for tests that show it to members.

The province's own names (its campaign, its own anniversary) are configuration, not code:
tests read them from the files the bot reads, so a province that changes them keeps a green
suite and no test names a province.
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from bot.province import load_province
from domain.calendar.occasions import Anniversary

CONFIG = Path(__file__).resolve().parents[2] / "config"
SHIPPED = load_province(CONFIG, ZoneInfo("Asia/Ho_Chi_Minh"))
ANNIVERSARIES = SHIPPED.calendar.loaded_anniversaries()


def campaign_name(year: int) -> str:
    """Return the configured campaign's name in `year`, as members read it."""
    return SHIPPED.campaign.name.format(year=year)


def own_anniversaries() -> list[Anniversary]:
    """Return the province's own anniversaries (the ones not national), in calendar order."""
    own = [anniversary for anniversary in ANNIVERSARIES if not anniversary.national]
    return sorted(own, key=lambda anniversary: (anniversary.month, anniversary.day))


def own_anniversary() -> Anniversary:
    """Return the last in the year of the province's own anniversaries."""
    return own_anniversaries()[-1]
