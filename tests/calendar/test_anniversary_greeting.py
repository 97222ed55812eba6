"""On an anniversary every member reads its slogan, in the standard form, in their language."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.app import BotApp
from bot.config import Settings
from domain.roles import Role
from emulator.telegram import TelegramEmulator
from emulator.zalo import ZaloEmulator
from storage.membership.models import Cluster, Identity, Member, Unit
from tests.support.drivers import CHANNELS, TelegramDriver, ZaloDriver, channel_settings
from tests.support.fakeclock import FakeClock
from tests.support.shipped import own_anniversaries

VN = ZoneInfo("Asia/Ho_Chi_Minh")
GREETING = "anniversary-party_founding:greeting:2027-02-03:0"
SLOGAN_VI = (
    "Nhiệt liệt chào mừng Kỷ niệm 97 năm Ngày thành lập Đảng Cộng sản Việt Nam "
    "(03/02/1930 - 03/02/2027)!"
)
SLOGAN_EN = (
    "Warmly celebrating the 97th anniversary of the Founding of the Communist Party of Vietnam "
    "(03/02/1930 - 03/02/2027)!"
)


@dataclass
class World:
    app: BotApp
    telegram: TelegramEmulator
    zalo: ZaloEmulator

    def texts(self, channel: str, chat: str) -> list[str]:
        """Return what the person in `chat` received, in order."""
        if channel == "telegram":
            return [m["text"] for m in self.telegram.messages(int(chat))]
        return [m["text"] for m in self.zalo.messages(chat)]


@asynccontextmanager
async def _bot(channel: str, settings: Settings, clock: FakeClock) -> AsyncIterator[World]:
    async with TelegramEmulator() as telegram, ZaloEmulator() as zalo:
        pointed = (
            channel_settings(settings, telegram=telegram)
            if channel == "telegram"
            else channel_settings(settings, zalo=zalo)
        )
        app = BotApp(pointed, clock=clock)
        if app.zalo is not None:
            app.zalo.poll_timeout = 2
        await app.start()
        await app.outbox_sender.stop()  # the test drains the outbox itself, at the fake time
        try:
            yield World(app, telegram, zalo)
        finally:
            await app.stop()
        telegram.assert_no_violations()
        zalo.assert_no_violations()


async def _seed(app: BotApp, channel: str, chats: dict[str, str | None]) -> None:
    async with app.sessions() as session, session.begin():
        cluster = Cluster(code="cum-1", name="Cụm thi đua số 1")
        session.add(cluster)
        await session.flush()
        unit = Unit(code="dv-1", name="Đơn vị 1", cluster_id=cluster.id or 0, headcount=20)
        session.add(unit)
        await session.flush()
        for chat, locale in chats.items():
            member = Member(full_name=f"Người {chat}", role=Role.MEMBER.value, locale=locale,
                            unit_id=unit.id)  # fmt: skip
            session.add(member)
            await session.flush()
            session.add(Identity(member_id=member.id or 0, channel=channel,
                                 external_user_id=chat, chat_id=chat))  # fmt: skip


@pytest.mark.parametrize("channel", CHANNELS)
async def test_members_read_the_slogan_on_the_day(channel: str, settings: Settings) -> None:
    clock = FakeClock(datetime(2027, 2, 3, 7, 0, tzinfo=VN))  # an hour before the greeting
    chats = {"700001": None, "700002": "en"}
    async with _bot(channel, settings, clock) as world:
        await _seed(world.app, channel, chats)
        for chat in chats:
            world.telegram.user(int(chat))
        clock.set(datetime(2027, 2, 3, 8, 0, tzinfo=VN))
        assert dict(await world.app.reminders.run_due())[GREETING] == "sent"
        while await world.app.outbox_sender.drain_once():
            pass
        received = {chat: world.texts(channel, chat) for chat in chats}
    assert received == {"700001": [SLOGAN_VI], "700002": [SLOGAN_EN]}


@pytest.mark.parametrize("channel", CHANNELS)
async def test_the_calendar_and_the_week_before_read_as_sentences(
    channel: str, settings: Settings
) -> None:
    """/lich: the days left before the title (no two brackets in a row); the reminder a week
    before says «kỷ niệm» in lower case inside its sentence; the province's own days both show."""
    clock = FakeClock(datetime(2027, 3, 10, 7, 0, tzinfo=VN))  # a week before the first own day
    first, last = own_anniversaries()
    async with _bot(channel, settings, clock) as world:
        leader = "700003"
        await _seed(world.app, channel, {leader: None})
        async with world.app.sessions() as session, session.begin():
            row = (await session.exec(select(Member))).one()
            row.role, row.cluster_id = (
                Role.LEADER.value,
                (await session.exec(select(Cluster.id))).one(),
            )
        driver: TelegramDriver | ZaloDriver
        if channel == "telegram":
            driver = TelegramDriver(world.telegram, int(leader), "vi")
        else:
            driver = ZaloDriver(world.zalo)
            driver.user = world.zalo.user("Người dùng", user_id=leader)
        shown = (await driver.send("/lich"))[0].text
        day = f"{first.day:02d}/{first.month}"
        assert (
            f"• {day}/2027, còn 7 ngày: Kỷ niệm 52 năm {first.name_vi} ({day}/1975 - {day}/2027)"
        ) in shown.splitlines()
        assert f"Kỷ niệm 52 năm {last.name_vi}" in shown
        assert ") (" not in shown and "))" not in shown
        clock.set(datetime(2027, 3, 10, 8, 0, tzinfo=VN))
        await world.app.reminders.run_due()
        while await world.app.outbox_sender.drain_once():
            pass
        told = world.texts(channel, leader)
    assert any(t.startswith(f"Còn 7 ngày nữa đến kỷ niệm 52 năm {first.name_vi} ") for t in told)
