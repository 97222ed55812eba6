"""Conversational updates end to end, beside a bare python-telegram-bot echo bot.

All bots run at once, each in a process of its own against its own emulator in this process
(`bench.chat.processes`), and take turns: the echo bot, ours on SQLite and ours on PostgreSQL (when
`make bench` started one). In a turn
100 users send 10 `/trogiup` each, all at once, and the clock stops when every reply has
arrived; then 100 members who have not pledged yet send a one-line pledge (`/ungho 500k`),
all at once, and confirm it ("1") once asked, which writes the pledge. Ours is
`python -m bot run`: emulator → long polling → inbox → core → database → reply; the echo bot
is an `Application` with one MessageHandler answering the text.
"""

from __future__ import annotations

from contextlib import AsyncExitStack

from bench.chat.processes import bot_process, echo_process
from bench.common import (
    Options,
    Result,
    Row,
    count_statements,
    migrated_database,
    migrated_postgres,
    postgres_server,
    settings_for,
)
from bench.harness import PLEDGE, TEXT, Harness
from bench.profiling import Phases, diagnose
from bench.seed import seed
from bot.app import BotApp
from emulator.telegram import TelegramEmulator

HANDLE, REPLY = "Core.handle (one transaction)", "sending the reply"
USERS = 100
PER_USER = 10
# Like the echo bot, no pace per chat and no overall cap: 10 commands a person at once would
# otherwise wait ~1 s each for their chat (Telegram's pace), and 30/s would cap the rest.
UNPACED = {"telegram_max_rate": 1000, "outbox_chat_interval_seconds": 0}


async def at_default_rate(options: Options, per_user: int = 3) -> float:
    """Return ours's updates per second with the default limits (30/s, ~1/s per chat)."""
    # A database of its own: a new emulator numbers updates from 1 again, and the bot would
    # drop them as repeats of the updates it already handled.
    url = await migrated_database(options.workdir, "updates-default-rate")
    chats = (await seed(url, members=USERS)).chats
    async with TelegramEmulator() as emu, bot_process(url, emu):
        harness = Harness(emu, chats[:USERS])
        await harness.warm_up()
        return await harness.burst(per_user)


async def _ours(stack: AsyncExitStack, url: str, members: int) -> Harness:
    chats = (await seed(url, members=members)).chats
    emu = await stack.enter_async_context(TelegramEmulator())
    await stack.enter_async_context(bot_process(url, emu, **UNPACED))
    harness = Harness(emu, chats[:USERS], pledgers=chats[USERS:])
    await harness.warm_up()
    return harness


async def _inside(options: Options, result: Result) -> None:
    """Count ours's statements, and say what dominates when a target was missed.

    In this process, where the engine and the core can be looked into; the emulator shares
    the CPU here, so these runs are slower than the measured ones.
    """
    url = await migrated_database(options.workdir, "updates-inside")
    chats = (await seed(url, members=2 * USERS)).chats
    async with TelegramEmulator() as emu:
        app = BotApp(settings_for(url, emu, **UNPACED))
        await app.start()
        try:
            ours = Harness(emu, chats[:USERS], pledgers=chats[USERS:])
            await ours.warm_up()
            statements = count_statements(app.engine)
            await ours.burst(PER_USER)
            per_help = statements() / (USERS * PER_USER)
            await ours.pledge_round(USERS)
            per_pledge = (statements() - per_help * USERS * PER_USER) / (2 * USERS)
            result.notes.append(
                f"ours answers each `{TEXT}` with {ours.replies_per_update} message(s) and runs "
                f"{per_help:.1f} SQL statements for it (storing, leasing and settling it in the "
                f"inbox included), and {per_pledge:.1f} per pledge update; updates of different "
                "chats are handled side by side (INBOX_CONCURRENCY), one chat's in order; ours "
                "runs with TELEGRAM_MAX_RATE=1000 and OUTBOX_CHAT_INTERVAL_SECONDS=0, because "
                "replies go through the channel's limiter, and the defaults cap them (last row)"
            )
            if not result.missed:
                return
            timing = Phases()
            timing.wrap(HANDLE, app.core, "handle_once")
            assert app.telegram is not None
            timing.wrap(REPLY, app.telegram, "send")
            result.notes.append(
                "In this process (the emulator beside the bot, so slower than measured): "
                + await diagnose(lambda: ours.burst(PER_USER), timing)
            )
        finally:
            await app.stop()


def _ratios(ours: list[float], echo: list[float]) -> list[float]:
    return [100 * o / e for o, e in zip(ours, echo, strict=True)]


async def run(options: Options) -> Result:
    """Measure updates per second, the echo bot's and ours, in alternating turns."""
    members = USERS * (options.runs + 3)  # /trogiup users, then 100 new pledgers per turn
    backends = {"SQLite": await migrated_database(options.workdir, "updates")}
    if postgres_server() is not None:
        backends["PostgreSQL"] = await migrated_postgres("bench_updates")
    helps: dict[str, list[float]] = {name: [] for name in backends}
    pledges: dict[str, list[float]] = {name: [] for name in backends}
    echo_values: list[float] = []
    async with AsyncExitStack() as stack:
        bots = {name: await _ours(stack, url, members) for name, url in backends.items()}
        echo_emu = await stack.enter_async_context(TelegramEmulator())
        await stack.enter_async_context(echo_process(echo_emu))
        bare = Harness(echo_emu, bots["SQLite"].chats)
        await bare.warm_up()
        for turn in range(options.runs):  # alternate who goes first, against drifting load
            order = ["echo", *backends] if turn % 2 == 0 else [*reversed(backends), "echo"]
            for name in order:
                if name == "echo":
                    echo_values.append(await bare.burst(PER_USER))
                    continue
                harness = bots[name]
                helps[name].append(await harness.burst(PER_USER))
                pledges[name].append(await harness.pledge_round(USERS))
        result = Result("updates_per_second", f"{USERS * PER_USER:,} `{TEXT}` from {USERS} "
                        f"users, sent at once, and {USERS} one-line pledges (`{PLEDGE}`, then "
                        "\"1\" to confirm: 2 updates each) per turn; clock stops at the last "
                        "reply; each bot in its own process")  # fmt: skip
        rows = [Row("bare PTB echo bot", "updates/s", echo_values)]
        for name in backends:
            rows += [
                Row(f"`{TEXT}`, ours on {name}", "updates/s", helps[name],
                    *(("≥ 500/s", 500) if name == "SQLite" else ("", None))),
                Row(f"`{TEXT}`, ratio ours on {name} / echo (per turn)", "%",
                    _ratios(helps[name], echo_values),
                    *(("≥ 60%", 60) if name == "SQLite" else ("", None))),
                Row(f"one-line pledge, ours on {name}", "updates/s", pledges[name],
                    "≥ 300/s", at_least=300),
                Row(f"one-line pledge, ratio ours on {name} / echo", "%",
                    _ratios(pledges[name], echo_values)),
            ]  # fmt: skip
        rows.append(
            Row("`/trogiup` at the default limits (30/s, ~1/s per chat; 1 run of 300)",
                "updates/s", [await at_default_rate(options)])
        )  # fmt: skip
        result.rows = rows
        if "PostgreSQL" not in backends:
            result.notes.append(
                "PostgreSQL: not measured (no server: run `make bench`, which starts one, or "
                "set BENCH_POSTGRES_URL)"
            )
        else:
            result.notes.append(
                "PostgreSQL: a throwaway server started by `make bench` (scripts/pg-temp.sh: "
                "fsync, synchronous_commit and full_page_writes off, as for the tests)"
            )
    await _inside(options, result)
    return result
