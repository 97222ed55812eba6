"""Sending limits the outbox sender keeps: a pace per chat, and an overall rate per channel."""

from __future__ import annotations

import asyncio
import bisect
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class ChatPacer:
    """Keep at least `interval` seconds between two messages to one chat (Telegram: ~1/s)."""

    def __init__(self, interval: float = 1.0) -> None:
        self.interval = interval
        self._next: dict[tuple[str, str], float] = {}
        self._lock = asyncio.Lock()

    async def wait(self, channel: str, chat_id: str) -> None:
        """Return when a message to this chat may go."""
        async with self._lock:
            now = time.monotonic()
            if len(self._next) > 10_000:  # forget chats whose slot has long passed
                self._next = {k: v for k, v in self._next.items() if v > now}
            slot = max(now, self._next.get((channel, chat_id), 0.0))
            self._next[(channel, chat_id)] = slot + self.interval
        if slot > now:
            await asyncio.sleep(slot - now)


class SlidingWindow:
    """At most `rate` messages arriving in any `period` seconds, whatever the network does.

    A token bucket (aiolimiter, python-telegram-bot's limiter) lets a full bucket go at once and
    refill meanwhile, so a one-second window may see nearly twice the rate; Telegram counts
    windows. Arrival lies between a request's start and its end, so a request may start only
    when fewer than `rate` others are in flight or ended less than `period` ago: then no
    `period`-long window can hold more than `rate` arrivals.
    """

    def __init__(self, rate: int, period: float) -> None:
        self.rate = rate
        self.period = period
        self._ended: list[float] = []  # sorted end times within the last period
        self._in_flight = 0
        self._lock = asyncio.Lock()

    @asynccontextmanager
    async def slot(self, weight: int = 1) -> AsyncIterator[None]:
        """Hold room for `weight` messages while they are sent."""
        weight = min(max(1, weight), self.rate)
        async with self._lock:
            while True:
                now = time.monotonic()
                cut = bisect.bisect_right(self._ended, now - self.period)
                del self._ended[:cut]
                if len(self._ended) + self._in_flight + weight <= self.rate:
                    break
                oldest = self._ended[0] + self.period - now if self._ended else 0.005
                await asyncio.sleep(max(oldest, 0.001))
            self._in_flight += weight
        try:
            yield
        finally:
            self._in_flight -= weight
            ended = time.monotonic()
            for _ in range(weight):
                bisect.insort(self._ended, ended)


class ChannelLimits:
    """An overall messages-per-second limit for each channel."""

    def __init__(self, rates: dict[str, float]) -> None:
        self._windows = {
            channel: SlidingWindow(max(1, int(rate)), 1.0)
            for channel, rate in rates.items()
            if rate > 0
        }

    @asynccontextmanager
    async def slot(self, channel: str, weight: int = 1) -> AsyncIterator[None]:
        """Hold room for `weight` messages on `channel` while they are sent."""
        window = self._windows.get(channel)
        if window is None:
            yield
            return
        async with window.slot(weight):
            yield
