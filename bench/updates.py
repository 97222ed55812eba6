"""Conversational updates end to end, and a bare python-telegram-bot echo bot beside it.

Both bots run at once, each against its own emulator in this process, and take turns:
100 users send 10 `/trogiup` each, all at once, and the clock stops when every reply has
arrived. Ours goes emulator → PTB long polling → core → SQLite → reply; the echo bot is an
`Application` with one MessageHandler answering the text.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from contextlib import AsyncExitStack

from bench.common import (
    Options,
    Result,
    Row,
    count_statements,
    migrated_database,
    settings_for,
    until,
)
from bench.echo import start_echo, stop_echo
from bench.profiling import Phases, diagnose
from bench.seed import seed
from bot.app import BotApp
from emulator.telegram import TelegramEmulator

HANDLE, REPLY = "Core.handle (one transaction)", "sending the reply"
USERS = 100
PER_USER = 10
TEXT = "/trogiup"
REPLIES_WITHIN = 300.0


class Harness:
    """One emulator with its users, and how many bot messages one update gets."""

    def __init__(self, emu: TelegramEmulator, chats: list[str]) -> None:
        self.emu = emu
        self.emu.record_calls = False  # nothing here reads them
        self.users = [emu.user(int(chat)) for chat in chats]
        self.replies_per_update = 1

    def replies(self) -> int:
        history = self.emu.store.history
        return sum(len(history.get(user.id, ())) for user in self.users)

    async def burst(self, per_user: int) -> float:
        """Send `per_user` updates from every user at once; return updates per second."""
        users = self.users
        expected = self.replies() + len(users) * per_user * self.replies_per_update
        started = time.perf_counter()
        for _ in range(per_user):
            for user in users:
                await self.emu.send_text(user, TEXT)
        await until(lambda: self.replies() >= expected, within=REPLIES_WITHIN, what="replies")
        return len(users) * per_user / (time.perf_counter() - started)

    async def warm_up(self) -> None:
        """One update per user; learn how many messages answer one update."""
        before = self.replies()
        await self.burst(1)
        await asyncio.sleep(0.3)  # a second message per update would arrive by now
        self.replies_per_update = max(1, round((self.replies() - before) / len(self.users)))


async def at_default_rate(options: Options, per_user: int = 3) -> float:
    """Return ours's updates per second with TELEGRAM_MAX_RATE left at its default (30)."""
    # A database of its own: a new emulator numbers updates from 1 again, and the bot would
    # drop them as repeats of the updates it already handled.
    url = await migrated_database(options.workdir, "updates-default-rate")
    chats = (await seed(url, members=USERS)).chats
    async with TelegramEmulator() as emu:
        app = BotApp(settings_for(url, emu))
        await app.start()
        try:
            harness = Harness(emu, chats)
            await harness.warm_up()
            return await harness.burst(per_user)
        finally:
            await app.stop()


async def run(options: Options) -> Result:
    """Measure updates per second, ours and the echo bot's, in alternating turns."""
    url = await migrated_database(options.workdir, "updates")
    world = await seed(url, members=USERS)
    ours_values: list[float] = []
    echo_values: list[float] = []
    async with AsyncExitStack() as stack:
        emu = await stack.enter_async_context(TelegramEmulator())
        echo_emu = await stack.enter_async_context(TelegramEmulator())
        # Replies go through python-telegram-bot's limiter at TELEGRAM_MAX_RATE (see the note).
        app = BotApp(settings_for(url, emu, telegram_max_rate=1000))
        await app.start()
        stack.push_async_callback(app.stop)
        echo = await start_echo(echo_emu)
        stack.push_async_callback(stop_echo, echo)
        ours, bare = Harness(emu, world.chats), Harness(echo_emu, world.chats)
        await ours.warm_up()
        await bare.warm_up()
        for turn in range(options.runs):  # alternate who goes first, against drifting load
            first, second = (ours, bare) if turn % 2 == 0 else (bare, ours)
            rates = {id(first): await first.burst(PER_USER),
                     id(second): await second.burst(PER_USER)}  # fmt: skip
            ours_values.append(rates[id(ours)])
            echo_values.append(rates[id(bare)])
        ratios = [100 * o / e for o, e in zip(ours_values, echo_values, strict=True)]
        result = Result("updates_per_second", f"{USERS * PER_USER:,} `{TEXT}` from {USERS} users, "
                        "sent at once; clock stops at the last reply")  # fmt: skip
        statements = count_statements(app.engine)
        await ours.burst(1)
        result.rows = [
            Row("thidua-bot", "updates/s", ours_values, "≥ 500/s", at_least=500),
            Row("bare PTB echo bot", "updates/s", echo_values),
            Row("ratio ours / echo (per turn)", "%", ratios, "≥ 60%", at_least=60),
            Row("thidua-bot at the default TELEGRAM_MAX_RATE=30 (1 run of 300)", "updates/s",
                [await at_default_rate(options)]),
        ]  # fmt: skip
        result.notes.append(
            f"ours answers each `{TEXT}` with {ours.replies_per_update} message(s) and runs "
            f"{statements() / USERS:.1f} SQL statements for it, in one transaction; both bots "
            "handle one update at a time (python-telegram-bot's default); ours runs with "
            "TELEGRAM_MAX_RATE=1000, because replies go through python-telegram-bot's limiter "
            "set to that rate, and the default of 30 caps them (last row)"
        )
        if result.missed:
            timing = Phases()
            timing.wrap(HANDLE, app.core, "handle")
            assert app.telegram is not None
            timing.wrap(REPLY, app.telegram, "send")
            result.notes.append(await diagnose(lambda: ours.burst(PER_USER), timing))
            each = timing.mean(HANDLE) + timing.mean(REPLY)
            result.notes.append(
                f"Updates are handled one at a time, so {1000 * each:.1f} ms of core and reply "
                f"per update cap ours near {1 / each:,.0f}/s; the echo bot spends "
                f"{1000 / statistics.median(echo_values):.1f} ms per update in all."
            )
    return result
