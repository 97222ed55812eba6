"""Shared helpers of the report and registration tests: the bots' clock, known people, photos."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from zoneinfo import ZoneInfo

import pytest

from bot.app import BotApp
from domain.roles import Role
from emulator.telegram import TelegramEmulator
from emulator.zalo import ZaloEmulator
from storage.db.engine import SessionFactory
from storage.membership.models import Member
from tests.membership.orgdata import Org, seed_org
from tests.support.drivers import Seen, TelegramDriver, ZaloDriver
from tests.support.fakeclock import FakeClock

VN = ZoneInfo("Asia/Ho_Chi_Minh")
Person = TelegramDriver | ZaloDriver


def fix_clock(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> FakeClock:
    """Make every bot the drivers start use one clock, standing at `moment` until moved."""
    clock = FakeClock(moment)
    monkeypatch.setattr("tests.support.drivers.BotApp", partial(BotApp, clock=clock))
    return clock


def user_id(channel: str, role: Role) -> str:
    """Return the channel account of the seeded person with `role`."""
    number = 7000 + list(Role).index(role)
    return str(number) if channel == "telegram" else f"z{number}"


async def seed(sessions: SessionFactory, channels: dict[Role, str]) -> Org:
    """Seed the test organisation with one person per role on the given channels."""
    accounts = {role: (channel, user_id(channel, role)) for role, channel in channels.items()}
    return await seed_org(sessions, accounts=accounts)


def person(
    channel: str, role: Role, telegram: TelegramEmulator | None, zalo: ZaloEmulator | None
) -> Person:
    """Return a driver speaking as the seeded person with `role` on `channel`."""
    if channel == "telegram":
        assert telegram is not None
        return TelegramDriver(telegram, int(user_id(channel, role)), "vi")
    assert zalo is not None
    driver = ZaloDriver(zalo)
    driver.user = zalo.user("Người thử", user_id=user_id(channel, role))
    return driver


async def send_photo(driver: Person) -> list[Seen]:
    """Send a photo (a PNG on Telegram, a URL on Zalo) and return the answer."""
    if isinstance(driver, TelegramDriver):
        await driver.emu.send_photo(driver.user)
    else:
        await driver.emu.send_image(driver.user, "https://photo.zalo.example/hoat-dong-1.jpg")
    return await driver._collect(1)


async def inbox(driver: Person, count: int = 1) -> list[Seen]:
    """Wait for messages the bot sends without being asked (notifications)."""
    return await driver._collect(count)


async def move(sessions: SessionFactory, member_id: int, unit_id: int, role: Role) -> None:
    """Move a member to another unit and role, as an admin's import would."""
    async with sessions() as session, session.begin():
        row = await session.get(Member, member_id)
        assert row is not None
        row.unit_id, row.role = unit_id, role.value
        session.add(row)
