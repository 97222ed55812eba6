"""What both outbox benchmarks share: queue a broadcast, time its arrival at the emulator.

The bot is measured as it runs, `python -m bot run` in a process of its own
(`bench.chat.processes`), the emulator in this one. This process queues each broadcast straight
into the database, as the scheduler or an announcement of another process would, so nothing
wakes the child's outbox sender: it finds the rows at its next idle look, every
`IDLE_POLL` seconds here (OUTBOX_IDLE_POLL_SECONDS). Rates are measured from the commit of the
rows to the last arrival at the emulator, so that look (10 ms on average) counts against us.
Before each broadcast this process collects and freezes its heap (`gc.freeze`), so that the
emulator's record of earlier runs is not scanned by a full collection while it answers, and
waits `QUIET` seconds, so that the limiter's one-second window no longer holds the last
broadcast's sends (queued back to back, a broadcast waited up to half a second for them).

What must be looked into (statements per message, where the time goes when a target is
missed) is measured in a second, in-process run (`inside_bot`): the bot shares this process's
CPU with the emulator there, so it is slower than the measured run.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from bench.chat.processes import bot_process
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
from storage.calendar.reminders import fan_out_to_members
from storage.db.engine import SessionFactory, create_engine, create_session_factory
from storage.db.times import utcnow
from storage.outbox.models import OutboxStatus
from storage.outbox.queries import next_due, status_counts

IDLE_POLL = 0.02  # seconds between the child's looks at an idle outbox
QUIET = 1.5  # seconds between broadcasts: longer than the limiter's one-second window


@dataclass(frozen=True)
class Broadcast:
    """One broadcast's arrival times (monotonic) at the emulator, from its rows' commit."""

    committed: float
    times: list[float]

    @property
    def rate(self) -> float:
        """Messages per second, from the commit of the rows to the last arrival."""
        return len(self.times) / (max(self.times) - self.committed)

    @property
    def spread_rate(self) -> float:
        """Messages per second from the first arrival to the last: (n − 1) ÷ their span."""
        return (len(self.times) - 1) / (max(self.times) - min(self.times))

    @property
    def mean_in_window(self) -> float:
        """Mean arrivals in a one-second window sliding from the commit to the last arrival."""
        end = max(self.times) - 1.0
        if end <= self.committed:
            return self.rate
        inside = sum(max(0.0, min(at, end) - max(at - 1.0, self.committed)) for at in self.times)
        return inside / (end - self.committed)

    @property
    def busiest_second(self) -> int:
        return max_in_window(self.times)


@dataclass(frozen=True)
class Target:
    """Where broadcasts go: the bot's database, its emulator, and how to wake it (in-process)."""

    sessions: SessionFactory
    emu: TelegramEmulator
    wake: Callable[[], None] | None = None


class Arrivals:
    """Collect the sendMessage calls carrying one marker, incrementally: when and to whom."""

    def __init__(self, emu: TelegramEmulator, marker: str) -> None:
        self.emu, self.marker = emu, marker
        self.seen = len(emu.calls)
        self.times: list[float] = []
        self.chats: list[str] = []

    def count(self) -> int:
        calls = self.emu.calls
        for index in range(self.seen, len(calls)):
            at, method, params = calls[index]
            if method == "sendMessage" and self.marker in str(params.get("text", "")):
                self.times.append(at)
                self.chats.append(str(params.get("chat_id")))
        self.seen = len(calls)
        return len(self.times)


async def _seeded(options: Options, name: str, members: int) -> tuple[str, list[str]]:
    url = await migrated_database(options.workdir, name)
    return url, (await seed(url, members=members)).chats


@asynccontextmanager
async def outbox_process(
    options: Options, name: str, members: int, **knobs: Any
) -> AsyncIterator[Target]:
    """Seed `members` members; run `python -m bot run` with `knobs` against an emulator here."""
    url, chats = await _seeded(options, name, members)
    engine = create_engine(url)
    try:
        async with TelegramEmulator() as emu:
            for chat in chats:
                emu.user(int(chat))
            settings = {"outbox_idle_poll_seconds": IDLE_POLL} | knobs
            async with bot_process(url, emu, **settings) as child:

                def started() -> bool:
                    running = any(method == "getUpdates" for _, method, _ in emu.calls)
                    return running or child.returncode is not None

                await until(started, within=60, what="the bot to start")
                if child.returncode is not None:
                    raise RuntimeError(f"the bot stopped at once: {child.returncode}")
                target = Target(create_session_factory(engine), emu)
                await until_settled(target.sessions)
                yield target
            emu.assert_no_violations()
    finally:
        await engine.dispose()


@asynccontextmanager
async def inside_bot(
    options: Options, name: str, members: int, **knobs: Any
) -> AsyncIterator[tuple[BotApp, Target]]:
    """The same in this process, to look inside (slower: the emulator shares the CPU)."""
    url, chats = await _seeded(options, name, members)
    async with TelegramEmulator() as emu:
        for chat in chats:
            emu.user(int(chat))
        app = BotApp(settings_for(url, emu, **knobs))
        await app.start()
        try:
            await until_settled(app.sessions)
            yield app, Target(app.sessions, emu, app.outbox_sender.wake)
        finally:
            await app.stop()
        emu.assert_no_violations()


async def until_settled(sessions: SessionFactory, within: float = 60) -> None:
    """Return once no outbox message is waiting or in hand."""
    deadline = time.monotonic() + within
    while True:
        async with sessions() as session:
            if await next_due(session=session) is None:
                return
        if time.monotonic() > deadline:
            raise TimeoutError(f"the outbox did not settle within {within:.0f}s")
        await asyncio.sleep(0.05)


async def broadcast(target: Target, marker: str) -> Broadcast:
    """Queue one message to every member, wait for every arrival; check each came once."""
    # The limiter's window still holds the end of the last broadcast's sends: a broadcast
    # queued at once would wait for them to leave it, which is the limit at work, not the speed.
    await asyncio.sleep(QUIET)
    arrivals = Arrivals(target.emu, marker)
    # The emulator keeps every call of the earlier runs; a full collection of that heap during
    # the broadcast stalled it (and every arrival) for up to 0.4 s. Telegram has no such pause.
    gc.collect()
    gc.freeze()
    async with target.sessions() as session, session.begin():
        queued = await fan_out_to_members(
            session=session, key_prefix=marker, texts={"vi": f"Thông báo thử ({marker})"},
            default_locale="vi", not_before=utcnow(), roles=(Role.MEMBER,),
        )  # fmt: skip
    committed = time.monotonic()
    if target.wake is not None:
        target.wake()
    await until(lambda: arrivals.count() >= queued, within=300, what=f"{queued} messages")
    result = Broadcast(committed, list(arrivals.times))
    await until_settled(target.sessions)
    async with target.sessions() as session:
        outcome = await status_counts(session=session, key_prefix=f"{marker}:")
    if outcome != {OutboxStatus.SENT.value: queued}:
        raise AssertionError(f"{marker}: expected {queued} sent, the outbox says {outcome}")
    arrivals.count()  # any repeat sent before the outcomes were all recorded
    if len(arrivals.chats) != queued or len(set(arrivals.chats)) != queued:
        raise AssertionError(
            f"{marker}: {queued} queued, the emulator got {len(arrivals.chats)} messages "
            f"for {len(set(arrivals.chats))} chats"
        )
    return result


SENDING, COMMITTING = "sending", "committing a group of outcomes"


def sender_phases(app: BotApp) -> Phases:
    """Start timing the outbox sender's phases: leasing a batch, sending, group commits."""
    timing = Phases()
    timing.wrap("leasing a batch of 50", sender, "claim_due")
    assert app.telegram is not None
    timing.wrap(SENDING, app.telegram, "deliver")
    timing.wrap(COMMITTING, app.outbox_sender, "_commit_group")
    return timing
