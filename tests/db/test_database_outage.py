"""PostgreSQL stopped for 10 seconds under load: webhooks get 503, then nothing is lost."""

from __future__ import annotations

import asyncio
import signal

import pytest

from emulator.telegram import TelegramEmulator
from tests.channels.test_zalo_channel import HELP
from tests.support.ports import free_port
from tests.support.processes import Balancer, own_postgres, start_bot, until

# Alone on the machine (`make test` runs it after the parallel pass): it stops and starts a
# PostgreSQL server under load, timed.
pytestmark = [pytest.mark.serial, pytest.mark.slow]

SENDERS = 200
EACH = 3  # 600 updates, sent over about 15 seconds
OUTAGE = 10.0


@pytest.fixture
def on_postgresql(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("stops a PostgreSQL server of its own (run under scripts/pg-temp.sh)")


@pytest.mark.usefixtures("on_postgresql")
async def test_updates_survive_ten_seconds_without_the_database() -> None:
    ports = [free_port() for _ in range(2)]
    async with own_postgres() as pg, TelegramEmulator() as emu, Balancer(ports) as balancer:
        emu.webhook_retry_delay = 1.0
        senders = [700000 + i for i in range(SENDERS)]
        for sender in senders:
            emu.user(sender)
        # A lease longer than the outage: a live process keeps the updates it had in hand
        # (a short one would let the other process send their replies again).
        bots = [
            await start_bot(emu, pg.url, port=p, public=balancer.port, lease=30) for p in ports
        ]
        try:
            await until(lambda: bool(emu.webhook.get("url")), within=60)
            await asyncio.sleep(2)  # both processes up

            async def load() -> None:
                for _ in range(EACH):
                    for sender in senders:
                        await emu.send_text(emu.store.users[sender], "/trogiup")
                        await asyncio.sleep(15 / (SENDERS * EACH))

            sending = asyncio.create_task(load())
            await asyncio.sleep(3)
            await pg.stop()
            await asyncio.sleep(OUTAGE)
            refused = balancer.statuses[503]
            await pg.start()
            await sending

            def helped(chat: int) -> int:
                return sum(1 for m in emu.messages(chat) if HELP in m.get("text", ""))

            await until(lambda: all(helped(c) >= EACH for c in senders), within=120, step=0.5)
            await asyncio.sleep(2)  # stragglers arrive before counting
            counts = [helped(c) for c in senders]
        finally:
            for bot in bots:
                bot.send_signal(signal.SIGTERM)
            for bot in bots:
                await bot.wait()
    print(
        f"\n{SENDERS * EACH} updates, PostgreSQL stopped {OUTAGE:.0f} s: {refused} webhooks "
        f"answered 503 meanwhile; every update answered once afterwards"
    )
    assert refused > 0
    assert counts == [EACH] * SENDERS
