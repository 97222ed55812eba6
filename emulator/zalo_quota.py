"""A sending quota for the Zalo emulator: 429 past a rate, as a busy Zalo answers.

Zalo publishes no number (ZALO.md); a deployment sets ZALO_MAX_RATE to the quota it was
given, and this hook holds the bot to such a quota: every message past it is refused.
"""

from __future__ import annotations

import math
import time
from collections import deque

from aiohttp import web

from emulator.zalo import error_response
from emulator.zalo_users import JSON

SENDING = frozenset({"sendMessage", "sendPhoto", "sendSticker"})


class SendQuota:
    """At most `count` messages in any `period` seconds, overall and to any one chat."""

    def __init__(
        self, count: int, period: float = 1.0, per_chat: tuple[int, float] | None = None
    ) -> None:
        self.limit = (count, period)
        self.per_chat = per_chat
        self.hits: list[tuple[str, str]] = []  # (method, chat_id) answered 429
        self._overall: deque[float] = deque()
        self._chats: dict[str, deque[float]] = {}

    async def __call__(self, method: str, body: JSON) -> web.Response | None:
        """Count a send now; answer 429 with retry_after when it breaks the quota."""
        if method not in SENDING:
            return None
        now, chat_id = time.monotonic(), str(body.get("chat_id", ""))
        chat_times = self._chats.setdefault(chat_id, deque())
        wait = _wait(self._overall, self.limit, now)
        if self.per_chat is not None:
            wait = max(wait, _wait(chat_times, self.per_chat, now))
        if wait > 0:
            self.hits.append((method, chat_id))
            return error_response(429, "Too Many Requests", float(math.ceil(wait)))
        self._overall.append(now)
        chat_times.append(now)
        return None


def _wait(times: deque[float], limit: tuple[int, float], now: float) -> float:
    """Return how long until one more send fits in the sliding window (0 when it fits now)."""
    count, window = limit
    while times and times[0] <= now - window:
        times.popleft()
    return 0.0 if len(times) < count else times[-count] + window - now
