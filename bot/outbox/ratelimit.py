"""Sending limits shared by replies and the outbox: an overall rate and a pace per chat."""

from __future__ import annotations

import asyncio
import bisect
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

CHAT_BURST = 3  # messages a private chat may get at once before the pace per chat applies
GROUP_LIMIT = (20, 60.0)  # Telegram: at most 20 messages a minute in one group


class SlidingWindow:
    """At most `rate` messages arriving in any `period` seconds, whatever the network does.

    A token bucket (aiolimiter, python-telegram-bot's limiter) lets a full bucket go at once and
    refill meanwhile, so a one-second window may see nearly twice the rate; Telegram counts
    windows. Arrival lies between a request's start and its end, so a request may start only
    when fewer than `rate` others are in flight or ended less than `period` ago: then no
    `period`-long window can hold more than `rate` arrivals.

    Waiters are served in order, urgent ones (a member's reply) before the others (broadcasts).
    """

    def __init__(self, rate: int, period: float) -> None:
        self.rate = rate
        self.period = period
        self._ended: list[float] = []  # sorted end times within the last period
        self._in_flight = 0
        self._urgent: deque[tuple[int, asyncio.Future[None]]] = deque()
        self._normal: deque[tuple[int, asyncio.Future[None]]] = deque()
        self._timer: asyncio.TimerHandle | None = None

    @property
    def idle(self) -> bool:
        """Tell whether forgetting this window would change nothing."""
        self._forget(time.monotonic())
        return not (self._ended or self._in_flight or self._urgent or self._normal)

    @asynccontextmanager
    async def slot(self, weight: int = 1, *, urgent: bool = False) -> AsyncIterator[None]:
        """Hold room for `weight` messages while they are sent."""
        weight = min(max(1, weight), self.rate)
        await self._acquire(weight, urgent)
        try:
            yield
        finally:
            self._in_flight -= weight
            ended = time.monotonic()
            for _ in range(weight):
                bisect.insort(self._ended, ended)
            self._grant()

    async def _acquire(self, weight: int, urgent: bool) -> None:
        if not self._urgent and not self._normal and self._fits(weight, time.monotonic()):
            self._in_flight += weight  # the usual case: no queue, no future
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (weight, future)
        (self._urgent if urgent else self._normal).append(entry)
        self._grant()
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self._in_flight -= weight  # granted just as it was cancelled: give it back
            else:
                for queue in (self._urgent, self._normal):
                    if entry in queue:
                        queue.remove(entry)
            self._grant()
            raise

    def _forget(self, now: float) -> None:
        del self._ended[: bisect.bisect_right(self._ended, now - self.period)]

    def _fits(self, weight: int, now: float) -> bool:
        self._forget(now)
        return len(self._ended) + self._in_flight + weight <= self.rate

    def _grant(self) -> None:
        """Let the first waiters go while they fit; else look again when room is due."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        now = time.monotonic()
        while True:
            queue = self._urgent or self._normal
            if not queue:
                return
            weight, future = queue[0]
            if future.done():  # cancelled meanwhile
                queue.popleft()
                continue
            if not self._fits(weight, now):
                break
            queue.popleft()
            self._in_flight += weight
            future.set_result(None)
        if self._ended:  # else room comes when a message in flight ends, which grants
            delay = max(self._ended[0] + self.period - now, 0.001)
            self._timer = asyncio.get_running_loop().call_later(delay, self._grant)


class ChannelLimiter:
    """One channel's limits, shared by its replies and its outbox: overall and per chat."""

    def __init__(
        self,
        rate: float,
        chat_interval: float = 1.0,
        *,
        is_group: Callable[[str], bool] = lambda chat_id: False,
        chat_burst: int = CHAT_BURST,
    ) -> None:
        self.overall = SlidingWindow(max(1, int(rate)), 1.0)
        self.chat_interval = chat_interval
        self.chat_burst = chat_burst
        self.is_group = is_group
        self._chats: dict[str, SlidingWindow] = {}

    @asynccontextmanager
    async def slot(self, chat_id: str, *, urgent: bool = False) -> AsyncIterator[None]:
        """Hold room for one message to `chat_id` while it is sent."""
        if self.chat_interval <= 0:
            async with self.overall.slot(urgent=urgent):
                yield
            return
        # The chat's turn first: a message waiting for its chat does not hold overall room.
        async with self._chat(chat_id).slot(urgent=urgent), self.overall.slot(urgent=urgent):
            yield

    def _chat(self, chat_id: str) -> SlidingWindow:
        window = self._chats.get(chat_id)
        if window is None:
            if len(self._chats) > 10_000:  # forget chats nobody wrote to lately
                self._chats = {k: w for k, w in self._chats.items() if not w.idle}
            if self.is_group(chat_id):
                window = SlidingWindow(*GROUP_LIMIT)
            else:
                burst = self.chat_burst
                window = SlidingWindow(burst, burst * self.chat_interval)
            self._chats[chat_id] = window
        return window
