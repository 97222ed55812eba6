"""What both outbox benchmarks share: queue a broadcast, time its arrival at the emulator."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from bench.common import (
    Options,
    max_in_window,
    migrated_database,
    settings_for,
    until,
)
from bench.profiling import Phases
from bench.seed import seed
from bot.app import BotApp
from bot.outbox import sender
from domain.roles import Role
from emulator.telegram import TelegramEmulator
from storage.models import OutboxStatus
from storage.outbox import next_due, status_counts
from storage.reminders import fan_out_to_members


@dataclass(frozen=True)
class Broadcast:
    """One broadcast's arrival times (monotonic) at the emulator, from the outbox sender's wake."""

    woken: float
    times: list[float]

    @property
    def rate(self) -> float:
        """Messages per second, from waking the outbox sender to the last arrival."""
        return len(self.times) / (max(self.times) - self.woken)

    @property
    def mean_in_window(self) -> float:
        """Mean arrivals in a one-second window sliding from the wake to the last arrival."""
        end = max(self.times) - 1.0
        if end <= self.woken:
            return self.rate
        inside = sum(max(0.0, min(at, end) - max(at - 1.0, self.woken)) for at in self.times)
        return inside / (end - self.woken)

    @property
    def busiest_second(self) -> int:
        return max_in_window(self.times)


class Arrivals:
    """Collect the arrival times of sendMessage calls carrying one marker, incrementally."""

    def __init__(self, emu: TelegramEmulator, marker: str) -> None:
        self.emu, self.marker = emu, marker
        self.seen = len(emu.calls)
        self.times: list[float] = []

    def count(self) -> int:
        calls = self.emu.calls
        for index in range(self.seen, len(calls)):
            at, method, params = calls[index]
            if method == "sendMessage" and self.marker in str(params.get("text", "")):
                self.times.append(at)
        self.seen = len(calls)
        return len(self.times)


@asynccontextmanager
async def outbox_bot(options: Options, name: str, members: int, **knobs: Any) -> AsyncIterator[
    tuple[BotApp, TelegramEmulator]
]:  # fmt: skip
    """Seed `members` members, start an emulator knowing them and the bot with `knobs`."""
    url = await migrated_database(options.workdir, name)
    world = await seed(url, members=members)
    async with TelegramEmulator() as emu:
        for chat in world.chats:
            emu.user(int(chat))
        app = BotApp(settings_for(url, emu, **knobs))
        await app.start()
        try:
            await until_settled(app)
            yield app, emu
        finally:
            await app.stop()
        emu.assert_no_violations()


async def until_settled(app: BotApp, within: float = 60) -> None:
    """Return once no outbox message is waiting or in hand."""
    deadline = time.monotonic() + within
    while True:
        async with app.sessions() as session:
            if await next_due(session=session) is None:
                return
        if time.monotonic() > deadline:
            raise TimeoutError(f"the outbox did not settle within {within:.0f}s")
        await asyncio.sleep(0.05)


async def broadcast(app: BotApp, emu: TelegramEmulator, marker: str) -> Broadcast:
    """Queue one message to every member, wake the outbox sender, wait for every arrival."""
    async with app.sessions() as session, session.begin():
        queued = await fan_out_to_members(
            session=session, key_prefix=marker, texts={"vi": f"Thông báo thử ({marker})"},
            default_locale="vi", not_before=app.clock.now(), roles=(Role.MEMBER,),
        )  # fmt: skip
    arrivals = Arrivals(emu, marker)
    woken = time.monotonic()
    app.outbox_sender.wake()
    await until(lambda: arrivals.count() >= queued, within=300, what=f"{queued} messages")
    result = Broadcast(woken, arrivals.times)
    await until_settled(app)
    async with app.sessions() as session:
        outcome = await status_counts(session=session, key_prefix=f"{marker}:")
    if outcome != {OutboxStatus.SENT.value: queued}:
        raise AssertionError(f"{marker}: expected {queued} sent, the outbox says {outcome}")
    return result


SENDING, RECORDING = "sending", "recording the outcome (waiting for its group commit)"


def sender_phases(app: BotApp) -> Phases:
    """Start timing the outbox sender's phases: leasing a batch, sending, recording."""
    timing = Phases()
    timing.wrap("leasing a batch of 50", sender, "claim_due")
    assert app.telegram is not None
    timing.wrap(SENDING, app.telegram, "deliver")
    timing.wrap(RECORDING, app.outbox_sender, "_settle")
    return timing
