"""A flood of updates from many people within the platforms' limits: nothing lost, each chat
answered in order, and never a 429 (the emulators enforce the limits and answer 429 past them)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from bot.app import BotApp
from bot.config import Settings
from emulator.telegram import TelegramEmulator
from emulator.telegram_faults import RateLimits
from emulator.zalo import ZaloEmulator
from emulator.zalo_quota import SendQuota
from tests.support.drivers import channel_settings

# Alone on the machine (`make test` runs it after the parallel pass): a flood paced against
# the platforms' limits in real time.
pytestmark = [pytest.mark.serial, pytest.mark.slow]

USERS, EACH = 20, 25  # 500 updates
# Production's pace: about one message a second per chat after a short burst.
PACED = {"outbox_chat_interval_seconds": 1.0}


def _commands() -> list[tuple[int, str]]:
    """Each person's numbered messages, interleaved as people typing at once would send them."""
    return [(user, f"/lenh{n}") for n in range(EACH) for user in range(USERS)]


def _in_order(texts: list[str]) -> bool:
    return all(f"/lenh{n}" in text for n, text in enumerate(texts))


async def _flooded(
    send: Callable[[int, str], Awaitable[object]],
    answers: Callable[[int], Awaitable[list[str]]],
) -> list[list[str]]:
    for user, text in _commands():
        await send(user, text)
    return list(await asyncio.gather(*(answers(user) for user in range(USERS))))


async def test_a_telegram_flood_is_answered_in_order_without_a_429(settings: Settings) -> None:
    async with TelegramEmulator() as emu:
        emu.rate_limits = RateLimits()  # 30/s overall, ~1/s per chat with a short burst
        users = [emu.user(7000 + i) for i in range(USERS)]
        app = BotApp(channel_settings(settings, telegram=emu).model_copy(update=PACED))
        await app.start()
        try:

            async def answers(user: int) -> list[str]:
                messages = await emu.wait_messages(users[user].id, EACH, timeout=120)
                return [str(message["text"]) for message in messages]

            got = await _flooded(lambda user, text: emu.send_text(users[user], text), answers)
            await asyncio.sleep(0.5)  # nothing more comes
        finally:
            await app.stop()
        assert emu.rate_limits.hits == []
        assert [status for _, status, _ in emu.errors] == []
        for user, texts in zip(users, got, strict=True):
            assert _in_order(texts), texts
            assert len(emu.messages(user.id)) == EACH  # one answer per message, none doubled
        emu.assert_no_violations()


async def test_a_zalo_flood_is_answered_in_order_none_lost(settings: Settings) -> None:
    async with ZaloEmulator() as emu:
        quota = SendQuota(30, 1.0)  # ZALO_MAX_RATE=30 as the quota; Zalo has none per chat
        emu.faults = quota
        users = [emu.user(f"Người {i}") for i in range(USERS)]
        fast = PACED | {"zalo_max_rate": 30}
        app = BotApp(channel_settings(settings, zalo=emu).model_copy(update=fast))
        await app.start()
        try:

            async def answers(user: int) -> list[str]:
                messages = await emu.wait_messages(users[user].chat_id, EACH, timeout=120)
                return [str(message["text"]) for message in messages]

            got = await _flooded(lambda user, text: emu.send_text(users[user], text), answers)
            await asyncio.sleep(0.5)
        finally:
            await app.stop()
        assert quota.hits == []
        for user, texts in zip(users, got, strict=True):
            assert _in_order(texts), texts
            assert len(emu.messages(user.chat_id)) == EACH
        emu.assert_no_violations()
