"""The outbox with the limits off (paid broadcasts): 3,000 messages as fast as it goes.

TELEGRAM_MAX_RATE=1000 (the most Telegram allows with paid broadcasts),
OUTBOX_CHAT_INTERVAL_SECONDS=0 and OUTBOX_CONCURRENCY=32; the rate is measured as in
`outbox_rate_limited`, from the emulator's arrival times.
"""

from __future__ import annotations

import itertools

from bench.broadcast import (
    RECORDING,
    SENDING,
    Broadcast,
    broadcast,
    outbox_bot,
    sender_phases,
)
from bench.common import Options, Result, Row, count_statements
from bench.profiling import diagnose

MESSAGES = 3000
KNOBS = {"telegram_max_rate": 1000, "outbox_chat_interval_seconds": 0, "outbox_concurrency": 32}


async def run(options: Options) -> Result:
    """Broadcast to 3,000 members, `options.runs` times, with the limits off."""
    runs: list[Broadcast] = []
    async with outbox_bot(options, "outbox_unlimited", MESSAGES, **KNOBS) as (app, emu):
        for turn in range(options.runs):
            runs.append(await broadcast(app, emu, f"unlimited-{turn}"))
        result = Result(
            "outbox_unlimited",
            f"{MESSAGES:,} messages queued with `fan_out_to_members`, "
            + ", ".join(f"{knob.upper()}={value}" for knob, value in KNOBS.items()),
        )
        result.rows = [
            Row("achieved rate", "msg/s", [b.rate for b in runs], "≥ 1,000/s",
                at_least=1000),
            Row("most in any 1 s window", "msg", [b.busiest_second for b in runs]),
        ]  # fmt: skip
        statements = count_statements(app.engine)
        await broadcast(app, emu, "unlimited-count")
        result.notes.append(
            f"the outbox sender runs {statements() / MESSAGES:.2f} SQL statements per message "
            "(counting an executemany as one: a SELECT and an UPDATE per batch of 50 leased, "
            "one executemany per group commit of outcomes); the next batch is leased as soon "
            "as the current one is all under way"
        )
        if result.missed:
            extra = itertools.count()

            async def again() -> Broadcast:
                return await broadcast(app, emu, f"unlimited-extra-{next(extra)}")

            timing = sender_phases(app)
            result.notes.append(await diagnose(again, timing))
            held, slots = (
                timing.mean(SENDING) + timing.mean(RECORDING),
                KNOBS["outbox_concurrency"],
            )
            result.notes.append(
                f"A slot is held while a message is sent and its outcome recorded: "
                f"{1000 * held:.0f} ms, so {slots} slots allow at most {slots / held:,.0f} msg/s "
                "(the bot and the emulator share this process's CPU, so sending takes as long "
                "as the loop is busy)."
            )
    return result
