"""Three processes on one PostgreSQL: the scheduler's leader killed mid-run, nothing lost."""

from __future__ import annotations

import asyncio
import shutil
import signal
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from emulator.telegram import TelegramEmulator
from storage.db.advisory import SCHEDULER_KEY, Leadership
from storage.db.engine import create_engine, create_session_factory
from tests.channels.test_zalo_channel import HELP
from tests.membership.orgdata import seed_many
from tests.support.ports import free_port
from tests.support.processes import ROOT, Balancer, metric, start_bot, until

# Alone on the machine (`make test` runs it after the parallel pass): three bot processes and
# 3,000 updates on one PostgreSQL, each within its lease.
pytestmark = [pytest.mark.serial, pytest.mark.slow]

MEMBERS = 2000  # each gets the reminder
SENDERS = 1000  # members who write to the bot meanwhile
EACH = 3  # updates per sender: 3,000 in all
# What a kill may leave half done in one process: the updates in hand (inbox concurrency) and
# the outbox batch it leased, whose outcomes are recorded together.
IN_HAND = 8 + 50
DAY = "Ngày thử tải"  # an anniversary of the test's own: its greeting is the reminder


def greeting_today(tmp_path: Path) -> Path:
    """Return a config folder whose one anniversary is today, its greeting due this hour.

    The scheduler's leader sends what came due at its start (`Reminders.run_due`): the greeting
    to every member, recorded once whichever process leads.
    """
    config = tmp_path / "config"
    shutil.copytree(ROOT / "config", config)
    now = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
    (config / "calendar.yaml").write_text(
        f"anniversaries:\n"
        f'  - {{key: load_test, date: "{now:%d/%m}", origin_year: 2000, national: false,\n'
        f'     name_vi: "{DAY}", name_en: "Load test day"}}\n'
        f"anniversary_greetings: {{offsets_days: [0], hour: {now.hour}, audience: [members]}}\n"
        f"quiet_from: 0\nquiet_until: 0\n",  # no quiet hours: the test runs at any time
        encoding="utf-8",
    )
    return config


@pytest.fixture
def pg_url(database_url: str) -> str:
    if not database_url.startswith("postgresql"):
        pytest.skip("several processes share one PostgreSQL (run under scripts/pg-temp.sh)")
    return database_url


async def test_three_processes_lose_their_leader_and_nothing_else(
    pg_url: str, tmp_path: Path
) -> None:
    config = greeting_today(tmp_path)
    engine = create_engine(pg_url)
    sessions = create_session_factory(engine)
    chats = await seed_many(sessions, count=MEMBERS, channel="telegram")
    senders = [int(chat) for chat in chats[:SENDERS]]
    ports = [free_port() for _ in range(3)]
    async with TelegramEmulator() as emu, Balancer(ports) as balancer:
        for chat in chats:
            emu.user(int(chat))
        bots = {
            p: await start_bot(emu, pg_url, port=p, public=balancer.port, config_dir=config)
            for p in ports
        }
        leaders: dict[int, float | None] = {}

        async def read_leaders() -> None:
            for port in bots:
                leaders[port] = await metric(port, "thidua_scheduler_leader")

        async with asyncio.timeout(60):
            while sorted(v or 0 for v in leaders.values()) != [0, 0, 1]:
                await asyncio.sleep(0.5)
                await read_leaders()
        leader = next(port for port, value in leaders.items() if value == 1)
        began = time.monotonic()
        for _ in range(EACH):
            for sender in senders:
                await emu.send_text(emu.store.users[sender], "/trogiup")
        total = SENDERS * EACH + MEMBERS

        def sent() -> int:
            return sum(1 for _, method, _ in emu.calls if method == "sendMessage")

        await until(lambda: sent() >= total // 2, within=120)
        bots[leader].send_signal(signal.SIGKILL)
        await bots.pop(leader).wait()
        at_kill = sent()
        killed_at = time.monotonic()
        async with asyncio.timeout(30):
            while True:
                if any([await metric(p, "thidua_scheduler_leader") == 1 for p in bots]):
                    break
                await asyncio.sleep(0.5)
        takeover = time.monotonic() - killed_at

        def helped(chat: int) -> int:
            return sum(1 for m in emu.messages(chat) if HELP in m.get("text", ""))

        def reminded(chat: int) -> int:
            return sum(1 for m in emu.messages(chat) if DAY in m.get("text", ""))

        await until(
            lambda: (
                all(helped(c) >= EACH for c in senders)
                and all(reminded(int(c)) >= 1 for c in chats)
            ),
            within=180,
            step=0.5,
        )
        took = time.monotonic() - began
        await asyncio.sleep(2)  # stragglers arrive before counting
        for bot in bots.values():
            bot.send_signal(signal.SIGTERM)
        for bot in bots.values():
            await bot.wait()
        answered_twice = sum(helped(c) - EACH for c in senders)
        reminded_twice = sum(reminded(int(c)) - 1 for c in chats)
        duplicates = answered_twice + reminded_twice
        emu.assert_no_violations()
    await engine.dispose()
    print(
        f"\n3 processes, {SENDERS * EACH} updates and a reminder to {MEMBERS} members in "
        f"{took:.1f} s; leader SIGKILLed after {at_kill} of {total} sends, another led "
        f"{takeover:.1f} s later; duplicates: {duplicates} ({answered_twice} answers, "
        f"{reminded_twice} reminders; at most {IN_HAND} in hand)"
    )
    assert duplicates <= IN_HAND


async def test_one_leader_at_a_time_and_the_next_when_it_goes(pg_url: str) -> None:
    engine = create_engine(pg_url)
    first, second = (
        Leadership(engine, key=SCHEDULER_KEY + 100),
        Leadership(engine, key=SCHEDULER_KEY + 100),
    )
    try:
        assert await first.try_lead() and await first.try_lead()  # taken, then still held
        assert not await second.try_lead()
        await first.resign()  # as when its process dies: the connection closes
        assert await second.try_lead()
        assert not await first.try_lead()
    finally:
        await first.close()
        await second.close()
        await engine.dispose()
