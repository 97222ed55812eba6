"""The outbox with Telegram's limits on: 300 queued messages at TELEGRAM_MAX_RATE=30.

Rates come from the emulator's record of when each sendMessage request arrived. The limit is
a sliding one-second window, so the rate judged is the mean number of arrivals in a
one-second window sliding from the outbox sender's wake to the last arrival (its maximum is the
limit's measure); messages ÷ (last arrival − wake) is shown too: it may exceed 30 when the
first second goes out at once, though no one-second window holds more than 30.
"""

from __future__ import annotations

import itertools

from bench.broadcast import Broadcast, broadcast, outbox_bot, sender_phases
from bench.common import Options, Result, Row, max_in_window
from bench.profiling import diagnose

MESSAGES = 300
RATE = 30


async def run(options: Options) -> Result:
    """Broadcast to 300 members, `options.runs` times, with the default limits."""
    runs: list[Broadcast] = []
    bot = outbox_bot(options, "outbox_limited", MESSAGES, telegram_max_rate=RATE)
    async with bot as (app, emu):
        for turn in range(options.runs):
            runs.append(await broadcast(app, emu, f"limited-{turn}"))
        everything = [at for at, method, _ in emu.calls if method == "sendMessage"]
        result = Result(
            "outbox_rate_limited",
            f"{MESSAGES} messages queued with `fan_out_to_members`, TELEGRAM_MAX_RATE={RATE}, "
            "OUTBOX_CHAT_INTERVAL_SECONDS=1 and OUTBOX_CONCURRENCY=8 (the defaults)",
        )
        result.rows = [
            Row("mean in a sliding 1 s window", "msg/s", [b.mean_in_window for b in runs],
                f"≥ {0.95 * RATE:g}/s (95%)", at_least=0.95 * RATE, digits=2),
            Row("messages ÷ (last arrival − wake)", "msg/s", [b.rate for b in runs], digits=2),
            Row("most in any 1 s window", "msg", [b.busiest_second for b in runs],
                f"≤ {RATE}", at_most=RATE),
        ]  # fmt: skip
        above = [b.busiest_second for b in runs if b.busiest_second > RATE]
        result.notes.append(
            f"busiest 1 s window over all {len(everything)} sends of the benchmark, across runs: "
            f"{max_in_window(everything)}; runs above {RATE}: {len(above)}"
        )
        if result.missed:
            extra = itertools.count()

            async def again() -> Broadcast:
                return await broadcast(app, emu, f"limited-extra-{next(extra)}")

            result.notes.append(await diagnose(again, sender_phases(app)))
    return result
