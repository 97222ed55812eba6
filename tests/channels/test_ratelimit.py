"""The sliding window never lets more than `rate` arrivals into any window, whatever the delays."""

from __future__ import annotations

import asyncio
import random
import time

import pytest

from bot.outbox.ratelimit import ChannelLimiter, SlidingWindow

# Alone on the machine (`make test` runs it after the parallel pass): it times its windows
# to the hundredth of a second.
pytestmark = pytest.mark.serial


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


async def test_a_chat_gets_a_short_burst_then_its_pace() -> None:
    limiter = ChannelLimiter(rate=1000, chat_interval=0.05, chat_burst=3)
    times: list[float] = []
    for _ in range(6):
        async with limiter.slot("42"):
            times.append(time.monotonic())
    assert times[2] - times[0] < 0.03  # the burst goes at once
    # then no three in any 0.15 s: one every 0.05 s on average
    assert all(c - a >= 0.145 for a, c in zip(times, times[3:], strict=False))


async def test_a_group_gets_at_most_twenty_a_minute() -> None:
    limiter = ChannelLimiter(rate=1000, chat_interval=0.05, is_group=lambda c: c.startswith("-"))
    sent = 0

    async def send() -> None:
        nonlocal sent
        async with limiter.slot("-100"):
            sent += 1

    tasks = [asyncio.create_task(send()) for _ in range(21)]
    await asyncio.sleep(0.2)
    assert sent == 20  # the 21st waits for the minute to pass
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def test_replies_go_ahead_of_waiting_broadcasts() -> None:
    window = SlidingWindow(rate=2, period=0.1)
    order: list[str] = []

    async def send(name: str, urgent: bool) -> None:
        async with window.slot(urgent=urgent):
            order.append(name)

    broadcasts = [asyncio.create_task(send(f"b{i}", False)) for i in range(6)]
    await asyncio.sleep(0)  # two go, four wait for room
    await asyncio.gather(*broadcasts[:2])
    reply = asyncio.create_task(send("reply", True))
    await asyncio.gather(reply, *broadcasts)
    assert order[:2] == ["b0", "b1"]
    assert order[2] == "reply"  # ahead of the four broadcasts queued before it


async def test_a_cancelled_waiter_gives_its_room_back() -> None:
    window = SlidingWindow(rate=1, period=0.05)
    async with window.slot():
        waiter = asyncio.create_task(_hold(window))
        await asyncio.sleep(0.01)
        waiter.cancel()
        await asyncio.gather(waiter, return_exceptions=True)
    await asyncio.sleep(0.06)
    assert window.idle
    async with window.slot():  # nothing leaked: room is there again
        pass


async def _hold(window: SlidingWindow) -> None:
    async with window.slot():
        await asyncio.sleep(1)
