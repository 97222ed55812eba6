"""The outbox with Telegram's limits on: 300 queued messages at TELEGRAM_MAX_RATE=30.

The bot runs as `python -m bot run` (`bench.outbox.broadcast`). Rates come from the emulator's
record of when each sendMessage request arrived. The limit is a sliding one-second window, so the
rate judged is the mean number of arrivals in a one-second window sliding from the commit of
the queued rows to the last arrival (its maximum is the limit's measure); messages ÷ (last
arrival − commit) is shown too: it may exceed 30 when the first second goes out at once,
though no one-second window holds more than 30.
"""

from __future__ import annotations

import itertools

from bench.common import Options, Result, Row, max_in_window
from bench.outbox.broadcast import Broadcast, broadcast, inside_bot, outbox_process, sender_phases
from bench.profiling import diagnose

MESSAGES = 300
RATE = 30


async def _diagnose(options: Options, result: Result) -> None:
    """Say what dominates, in this process (slower: the emulator shares the CPU)."""
    async with inside_bot(options, "outbox_limited_inside", MESSAGES, telegram_max_rate=RATE) as (
        app,
        target,
    ):
        extra = itertools.count()

        async def again() -> Broadcast:
            return await broadcast(target, f"limited-extra-{next(extra)}")

        result.notes.append(
            "In this process (the emulator beside the bot, so slower than measured): "
            + await diagnose(again, sender_phases(app))
        )


async def run(options: Options) -> Result:
    """Broadcast to 300 members, `options.runs` times, with the default limits."""
    runs: list[Broadcast] = []
    async with outbox_process(options, "outbox_limited", MESSAGES, telegram_max_rate=RATE) as t:
        for turn in range(options.runs):
            runs.append(await broadcast(t, f"limited-{turn}"))
        everything = [at for at, method, _ in t.emu.calls if method == "sendMessage"]
    result = Result(
        "outbox_rate_limited",
        f"{MESSAGES} messages queued with `fan_out_to_members` by the bench process, "
        f"TELEGRAM_MAX_RATE={RATE}, OUTBOX_CHAT_INTERVAL_SECONDS=1 and OUTBOX_CONCURRENCY=8 "
        "(the defaults); the bot in its own process, polling its idle outbox every 20 ms",
    )
    result.rows = [
        Row("mean in a sliding 1 s window", "msg/s", [b.mean_in_window for b in runs],
            f"≥ {0.95 * RATE:g}/s (95%)", at_least=0.95 * RATE, digits=2),
        Row("messages ÷ (last arrival − commit)", "msg/s", [b.rate for b in runs], digits=2),
        Row("most in any 1 s window", "msg", [b.busiest_second for b in runs],
            f"≤ {RATE}", at_most=RATE),
    ]  # fmt: skip
    above = [b.busiest_second for b in runs if b.busiest_second > RATE]
    result.notes.append(
        f"busiest 1 s window over all {len(everything)} sends of the benchmark, across runs: "
        f"{max_in_window(everything)}; runs above {RATE}: {len(above)}; every run checked: "
        "each message `sent` once in the database and received once by the emulator"
    )
    if result.missed:
        await _diagnose(options, result)
    return result
