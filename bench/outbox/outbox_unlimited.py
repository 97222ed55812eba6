"""The outbox with the limits off (paid broadcasts): 3,000 messages as fast as it goes.

TELEGRAM_MAX_RATE=1000 (the most Telegram allows with paid broadcasts),
OUTBOX_CHAT_INTERVAL_SECONDS=0 and OUTBOX_CONCURRENCY=32; the bot runs as `python -m bot run`
and the rate is measured from the commit of the queued rows to the last arrival at the
emulator (`bench.outbox.broadcast`). Statements per message, and where the time goes when the
target is missed, come from a second run in this process, slower for sharing the CPU.
"""

from __future__ import annotations

import itertools

from bench.common import Options, Result, Row, count_statements
from bench.outbox.broadcast import (
    COMMITTING,
    SENDING,
    Broadcast,
    broadcast,
    inside_bot,
    outbox_process,
    sender_phases,
)
from bench.profiling import diagnose

MESSAGES = 3000
KNOBS = {"telegram_max_rate": 1000, "outbox_chat_interval_seconds": 0, "outbox_concurrency": 32}


async def _inside(options: Options, result: Result) -> None:
    """Count the sender's statements per message; say what dominates when the target was missed.

    In this process, where the engine and the sender can be looked into; the emulator shares
    the CPU here, so these runs are slower than the measured ones.
    """
    async with inside_bot(options, "outbox_unlimited_inside", MESSAGES, **KNOBS) as (app, target):
        statements = count_statements(app.engine)
        inside = await broadcast(target, "unlimited-count")
        result.notes.append(
            f"the outbox sender runs {statements() / MESSAGES:.2f} SQL statements per message "
            "(counting an executemany as one: a SELECT and an UPDATE per batch of 50 leased, "
            "one executemany per group commit of outcomes); the next batch is leased as soon "
            "as the current one is all under way; in this process, beside the emulator, the "
            f"same broadcast went at {inside.rate:,.0f} msg/s"
        )
        if not result.missed:
            return
        extra = itertools.count()

        async def again() -> Broadcast:
            return await broadcast(target, f"unlimited-extra-{next(extra)}")

        timing = sender_phases(app)
        result.notes.append(
            "In this process (the emulator beside the bot, so slower than measured): "
            + await diagnose(again, timing)
        )
        slots, unrecorded = KNOBS["outbox_concurrency"], app.outbox_sender.unrecorded
        sending = timing.mean(SENDING)
        result.notes.append(
            f"A slot is held while a message is sent ({1000 * sending:.1f} ms here), so {slots} "
            f"slots allow {slots / sending:,.0f} msg/s; at most {unrecorded} messages may be "
            "sent and not yet recorded, each until its group commit "
            f"({1000 * timing.mean(COMMITTING):.1f} ms a commit here)."
        )


async def run(options: Options) -> Result:
    """Broadcast to 3,000 members, `options.runs` times, with the limits off."""
    runs: list[Broadcast] = []
    async with outbox_process(options, "outbox_unlimited", MESSAGES, **KNOBS) as target:
        for turn in range(options.runs):
            runs.append(await broadcast(target, f"unlimited-{turn}"))
    result = Result(
        "outbox_unlimited",
        f"{MESSAGES:,} messages queued with `fan_out_to_members` by the bench process, "
        + ", ".join(f"{knob.upper()}={value}" for knob, value in KNOBS.items())
        + "; the bot in its own process (`python -m bot run`), polling its idle outbox every "
        "20 ms (OUTBOX_IDLE_POLL_SECONDS=0.02)",
    )
    result.rows = [
        Row("achieved rate (rows committed → last arrival)", "msg/s",
            [b.rate for b in runs], "≥ 1,000/s", at_least=1000),
        Row("first arrival → last, (n − 1) ÷ span", "msg/s", [b.spread_rate for b in runs]),
        Row("most in any 1 s window", "msg", [b.busiest_second for b in runs]),
    ]  # fmt: skip
    result.notes.append(
        "every run checked: each message `sent` once in the database and received once by "
        "the emulator"
    )
    await _inside(options, result)
    return result
