"""Reply latency while updates arrive at a steady 100 per second.

100 users take turns, so each sends one `/trogiup` a second; every send waits for its reply
with `emulator.wait_messages`. Latency is from `send_text` to the reply's arrival; also shown
from the moment the send was scheduled, which adds any lag of the sender itself (the emulator
and the sender share this process's event loop; the bot runs as `python -m bot run`, in a
process of its own, as in updates_per_second).
"""

from __future__ import annotations

import asyncio
import time
from contextlib import AsyncExitStack

from bench.chat.processes import bot_process
from bench.chat.updates import UNPACED
from bench.common import Options, Result, Row, migrated_database, percentile
from bench.harness import TEXT, Harness
from bench.seed import seed
from emulator.telegram import TelegramEmulator
from emulator.telegram_store import EmuUser

RATE = 100.0
USERS = 100


class Steady:
    """Send at a fixed rate and keep each reply's latency, in seconds."""

    def __init__(self, harness: Harness) -> None:
        self.harness = harness
        self.latencies: list[float] = []
        self.from_schedule: list[float] = []
        self.sent_at: list[float] = []

    async def _one(self, user: EmuUser, scheduled: float) -> None:
        emu = self.harness.emu
        sent = time.perf_counter()
        self.sent_at.append(sent)
        await emu.send_text(user, TEXT)
        await emu.wait_messages(user.id, self.harness.replies_per_update, timeout=30)
        arrived = time.perf_counter()
        self.latencies.append(arrived - sent)
        self.from_schedule.append(arrived - scheduled)

    async def run(self, seconds: float) -> None:
        users = self.harness.users
        start = time.perf_counter() + 0.05
        tasks = []
        for i in range(int(RATE * seconds)):
            scheduled = start + i / RATE
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(self._one(users[i % len(users)], scheduled)))
        await asyncio.gather(*tasks)

    @property
    def achieved_rate(self) -> float:
        return (len(self.sent_at) - 1) / (max(self.sent_at) - min(self.sent_at))


async def run(options: Options) -> Result:
    """Measure p50 and p99 reply latency at 100 updates per second."""
    seconds = 5.0 if options.quick else 10.0
    url = await migrated_database(options.workdir, "latency")
    world = await seed(url, members=USERS)
    p50: list[float] = []
    p99: list[float] = []
    p99_scheduled: list[float] = []
    rates: list[float] = []
    worst: list[float] = []
    async with AsyncExitStack() as stack:
        emu = await stack.enter_async_context(TelegramEmulator())
        await stack.enter_async_context(bot_process(url, emu, **UNPACED))  # as in updates.py
        harness = Harness(emu, world.chats)
        await harness.warm_up()
        for user in harness.users:  # move every chat's cursor past the warm-up replies
            await emu.wait_messages(user.id, harness.replies_per_update, timeout=5)
        for _ in range(options.runs):
            steady = Steady(harness)
            await steady.run(seconds)
            p50.append(1000 * percentile(steady.latencies, 0.50))
            p99.append(1000 * percentile(steady.latencies, 0.99))
            p99_scheduled.append(1000 * percentile(steady.from_schedule, 0.99))
            worst.append(1000 * max(steady.latencies))
            rates.append(steady.achieved_rate)
    result = Result(
        "latency_p99_at_100_per_second",
        f"{int(RATE * seconds):,} `{TEXT}` at a steady {RATE:.0f}/s from {USERS} users "
        f"for {seconds:.0f} s per run; latency = `send_text` → reply in the emulator",
    )
    result.rows = [
        Row("p50 latency", "ms", p50, digits=1),
        Row("p99 latency", "ms", p99, "< 100 ms", below=100, digits=1),
        Row("p99 from the scheduled send", "ms", p99_scheduled, digits=1),
        Row("slowest reply", "ms", worst, digits=1),
        Row("achieved send rate", "updates/s", rates, digits=1),
    ]
    result.notes.append(
        "TELEGRAM_MAX_RATE=1000 and no pace per chat, as in updates_per_second: at the "
        "default 30/s the reply "
        "limiter lets at most 30 replies a second out, so 100 updates/s would queue without end"
    )
    return result
