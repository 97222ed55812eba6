"""The outbox under fire: 429s, 502s and timeouts lose nothing and never break the rate limits."""

from __future__ import annotations

import asyncio
import time
from collections import Counter, deque

import pytest
from sqlmodel import select

from bot.app import BotApp
from bot.config import Settings
from domain.roles import Role
from emulator.telegram import TelegramEmulator
from emulator.telegram_faults import RateLimits
from emulator.zalo import ZaloEmulator, random_faults
from storage.calendar.reminders import fan_out_to_members
from storage.outbox.models import Outbox
from tests.membership.orgdata import seed_many
from tests.support.drivers import channel_settings

# Alone on the machine (`make test` runs it after the parallel pass): broadcasts paced
# against the platforms' limits in real time.
pytestmark = pytest.mark.serial

FAST = {
    "outbox_retry_base_seconds": 0.05,
    "http_timeout_seconds": 1.0,
    "outbox_chat_interval_seconds": 1.0,  # the pace per chat on, as in production
}


async def _broadcast(app: BotApp, key: str) -> int:
    async with app.sessions() as session, session.begin():
        queued = await fan_out_to_members(
            session=session, key_prefix=key, texts={"vi": "Tin nhắn thử", "en": "Test message"},
            default_locale="vi", not_before=app.clock.now(), roles=(Role.MEMBER,),
        )  # fmt: skip
    app.outbox_sender.wake()
    return queued


async def _settled(app: BotApp, within: float) -> list[Outbox]:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        async with app.sessions() as session:
            rows = list((await session.exec(select(Outbox))).all())
        if rows and all(row.status not in ("pending", "sending") for row in rows):
            return rows
        await asyncio.sleep(0.1)
    raise TimeoutError(Counter(row.status for row in rows))


def _max_in_window(times: list[float], window: float) -> int:
    best, recent = 0, deque[float]()
    for moment in sorted(times):
        recent.append(moment)
        while recent[0] <= moment - window:
            recent.popleft()
        best = max(best, len(recent))
    return best


@pytest.mark.slow
async def test_telegram_broadcast_through_faults_within_limits(settings: Settings) -> None:
    async with TelegramEmulator() as emu:
        chats = await seed_many_app_free(settings, count=150, channel="telegram")
        for chat in chats:
            emu.user(int(chat))
        emu.rate_limits = RateLimits()  # answers 429 if the bot ever goes too fast
        emu.faults.rate_limit(0.05, retry_after=1, methods={"sendMessage"})
        emu.faults.bad_gateway(0.05, methods={"sendMessage"})
        emu.faults.hang(0.03, seconds=2.0, methods={"sendMessage"})  # past the 1 s timeout
        app = BotApp(channel_settings(settings, telegram=emu).model_copy(update=FAST))
        await app.start()
        try:
            assert await _broadcast(app, "t1") == 150
            rows = await _settled(app, within=60)
        finally:
            await app.stop()
        assert Counter(row.status for row in rows) == {"sent": 150}
        assert all(len(emu.messages(int(chat))) == 1 for chat in chats)  # nothing lost or doubled
        kinds = Counter(kind for _, kind in emu.faults.injected)
        assert kinds["429"] and kinds["502"] and kinds["hang"], kinds
        sends = [at for at, method, _ in emu.calls if method == "sendMessage"]
        assert _max_in_window(sends, 1.0) <= 30
        assert emu.rate_limits.hits == []  # Telegram's own limits were never hit


async def test_zalo_broadcast_through_faults_within_limits(settings: Settings) -> None:
    async with ZaloEmulator() as emu:
        chats = await seed_many_app_free(settings, count=60, channel="zalo")
        emu.faults = random_faults(quota=0.05, server=0.05, retry_after=0.2, seed=7,
                                   methods=frozenset({"sendMessage"}))  # fmt: skip
        app = BotApp(
            channel_settings(settings, zalo=emu).model_copy(update=FAST | {"zalo_max_rate": 20})
        )
        assert app.zalo is not None
        app.zalo.poll_timeout = 1
        await app.start()
        try:
            assert await _broadcast(app, "z1") == 60
            rows = await _settled(app, within=60)
        finally:
            await app.stop()
        assert Counter(row.status for row in rows) == {"sent": 60}
        assert all(len(emu.messages(chat)) >= 1 for chat in chats)
        sends = [at for at, method, _ in emu.calls if method == "sendMessage"]
        assert _max_in_window(sends, 1.0) <= 20


async def test_a_recipient_who_blocked_the_bot_is_marked_unreachable(settings: Settings) -> None:
    async with TelegramEmulator() as emu:
        chats = await seed_many_app_free(settings, count=3, channel="telegram")
        for chat in chats:
            emu.user(int(chat))
        emu.block(int(chats[1]))
        app = BotApp(channel_settings(settings, telegram=emu).model_copy(update=FAST))
        await app.start()
        try:
            await _broadcast(app, "b1")
            rows = await _settled(app, within=20)
        finally:
            await app.stop()
    by_chat = {row.chat_id: row for row in rows}
    assert by_chat[chats[1]].status == "unreachable" and by_chat[chats[1]].attempts == 1
    assert by_chat[chats[0]].status == by_chat[chats[2]].status == "sent"


async def test_zalo_403_is_retried_before_a_person_counts_as_unreachable(
    settings: Settings,
) -> None:
    async with ZaloEmulator() as emu:
        chats = await seed_many_app_free(settings, count=3, channel="zalo")
        emu.block(chats[1])
        # Zalo's table names 403 "Internal server error": a passing one must not cost a member.
        emu.inject_error(403, times=1, method="sendMessage")
        app = BotApp(channel_settings(settings, zalo=emu).model_copy(update=FAST))
        assert app.zalo is not None
        app.zalo.poll_timeout = 1
        await app.start()
        try:
            await _broadcast(app, "z403")
            rows = await _settled(app, within=20)
        finally:
            await app.stop()
    by_chat = {row.chat_id: row for row in rows}
    assert by_chat[chats[1]].status == "unreachable" and by_chat[chats[1]].attempts == 3
    assert by_chat[chats[0]].status == by_chat[chats[2]].status == "sent"
    assert all(len(emu.messages(chat)) == 1 for chat in (chats[0], chats[2]))


async def seed_many_app_free(settings: Settings, *, count: int, channel: str) -> list[str]:
    """Seed members through a short-lived app (migrated database, no channels started)."""
    app = BotApp(settings)
    try:
        return await seed_many(app.sessions, count=count, channel=channel)
    finally:
        await app.engine.dispose()
