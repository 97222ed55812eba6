"""The sliding window never lets more than `rate` arrivals into any window, whatever the delays."""

from __future__ import annotations

import asyncio
import itertools
import random
import time

from bot.outbox.ratelimit import ChatPacer, SlidingWindow


async def test_no_window_holds_more_than_the_rate_whatever_the_latency() -> None:
    window = SlidingWindow(rate=10, period=0.2)
    arrivals: list[float] = []
    rng = random.Random(3)

    async def send() -> None:
        async with window.slot():
            # Arrival anywhere between the start and the end of the request, as on a network.
            latency = rng.uniform(0.0, 0.03)
            share = rng.random()
            await asyncio.sleep(latency * share)
            arrivals.append(time.monotonic())
            await asyncio.sleep(latency * (1 - share))

    await asyncio.gather(*(send() for _ in range(60)))
    arrivals.sort()
    worst = max(
        sum(1 for other in arrivals if moment <= other < moment + 0.2) for moment in arrivals
    )
    assert worst <= 10  # (the speed it reaches is measured in bench/, not asserted here)


async def test_the_pacer_spaces_messages_to_one_chat() -> None:
    pacer = ChatPacer(interval=0.05)
    times: list[float] = []
    for _ in range(3):
        await pacer.wait("telegram", "42")
        times.append(time.monotonic())
    assert all(b - a >= 0.045 for a, b in itertools.pairwise(times))
