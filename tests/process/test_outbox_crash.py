"""A broadcast to 2,000 people survives SIGKILL half way: everyone gets it, few get it twice."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from domain.roles import Role
from emulator.telegram import TelegramEmulator
from storage.calendar.reminders import fan_out_to_members
from storage.db.engine import create_engine, create_session_factory
from storage.db.times import utcnow
from tests.membership.orgdata import seed_many

# Alone on the machine (`make test` runs it after the parallel pass): a bot process killed
# half way through 2,000 sends must have recorded them within its lease.
pytestmark = [pytest.mark.serial, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
RECIPIENTS = 2000
CONCURRENCY = 8


async def _queue_broadcast(database_url: str) -> list[str]:
    engine = create_engine(database_url)
    sessions = create_session_factory(engine)
    chats = await seed_many(sessions, count=RECIPIENTS, channel="telegram")
    async with sessions() as session, session.begin():
        queued = await fan_out_to_members(
            session=session, key_prefix="crash", texts={"vi": "Thông báo khẩn"},
            default_locale="vi", not_before=utcnow(), roles=(Role.MEMBER,),
        )  # fmt: skip
    await engine.dispose()
    assert queued == RECIPIENTS
    return chats


async def _bot(emu: TelegramEmulator, database_url: str) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))}
    env |= {
        "DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": emu.token,
        "TELEGRAM_API_BASE_URL": emu.base_url, "TELEGRAM_MAX_RATE": "1000",
        "OUTBOX_CONCURRENCY": str(CONCURRENCY), "OUTBOX_LEASE_SECONDS": "2",
        "LOG_LEVEL": "WARNING",
    }  # fmt: skip
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def _until(condition: Callable[[], bool], *, within: float, step: float) -> None:
    async with asyncio.timeout(within):
        while True:
            if condition():
                return
            await asyncio.sleep(step)


def _sent(emu: TelegramEmulator) -> int:
    return sum(1 for _, method, _ in emu.calls if method == "sendMessage")


async def test_sigkill_half_way_then_restart(database_url: str) -> None:
    chats = await _queue_broadcast(database_url)
    async with TelegramEmulator() as emu:
        for chat in chats:
            emu.user(int(chat))
        first = await _bot(emu, database_url)
        await _until(lambda: _sent(emu) >= RECIPIENTS // 2, within=60, step=0.005)
        first.send_signal(signal.SIGKILL)
        await first.wait()
        at_kill = _sent(emu)
        second = await _bot(emu, database_url)
        await _until(
            lambda: _sent(emu) >= RECIPIENTS and all(emu.messages(int(c)) for c in chats),
            within=90,
            step=0.05,
        )
        await asyncio.sleep(1)  # let any straggler arrive before counting
        second.send_signal(signal.SIGTERM)
        _, stderr = await second.communicate()
        assert second.returncode == 0, stderr.decode()
        received = {chat: len(emu.messages(int(chat))) for chat in chats}
        emu.assert_no_violations()
    duplicates = sum(received.values()) - RECIPIENTS
    print(
        f"\nSIGKILL after {at_kill} of {RECIPIENTS} sends; after the restart every recipient "
        f"had the message; duplicates: {duplicates} (sender concurrency {CONCURRENCY}, at most "
        f"{2 * CONCURRENCY} sent and unrecorded)"
    )
    assert all(count >= 1 for count in received.values())
    # A slot frees once its message is sent; the outcomes waiting for their group commit are
    # bounded too: at most 2 × OUTBOX_CONCURRENCY messages are ever sent and not recorded.
    assert 0 <= duplicates <= 2 * CONCURRENCY
