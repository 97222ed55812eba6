"""Make emulated Bot API calls fail like a busy Telegram: flood limits, 502s and hangs."""

from __future__ import annotations

import asyncio
import inspect
import math
import random
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

FaultHook = Callable[[str, dict[str, Any]], Awaitable[web.Response | None] | web.Response | None]

# Methods that deliver a message and so count against Telegram's broadcast limits.
SENDING_METHODS = frozenset(
    {
        "sendMessage",
        "sendDocument",
        "sendPhoto",
        "sendAudio",
        "sendVideo",
        "sendAnimation",
        "sendVoice",
        "sendSticker",
        "sendMediaGroup",
        "copyMessage",
        "forwardMessage",
    }
)


def error_response(
    status: int, description: str, parameters: dict[str, Any] | None = None
) -> web.Response:
    """Answer a Bot API call with Telegram's error envelope."""
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=status)


def flood_response(retry_after: int) -> web.Response:
    """Answer 429 with ``retry_after`` the way Telegram's flood control does."""
    return error_response(
        429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
    )


@dataclass
class FaultRule:
    """Fail a share of the calls to some methods, a limited number of times or forever."""

    kind: str  # "429", "502" or "hang"
    share: float = 1.0
    methods: frozenset[str] | None = None
    remaining: int | None = None
    retry_after: int = 1
    seconds: float = 60.0

    def matches(self, method: str, draw: float) -> bool:
        """Tell whether this rule fails a call to ``method``, given a random draw in [0, 1)."""
        if self.remaining == 0 or (self.methods is not None and method not in self.methods):
            return False
        return draw < self.share


class Faults:
    """Inject failures: a free-form ``hook`` first, then the rules added by the helpers."""

    def __init__(self, seed: int = 0) -> None:
        self.hook: FaultHook | None = None
        self.rules: list[FaultRule] = []
        self.injected: list[tuple[str, str]] = []  # (method, kind) of every injected failure
        self._random = random.Random(seed)

    def rate_limit(
        self,
        share: float = 1.0,
        *,
        retry_after: int = 1,
        methods: Iterable[str] | None = None,
        count: int | None = None,
    ) -> FaultRule:
        """Answer a share of calls with 429 and ``parameters.retry_after``."""
        return self._add(FaultRule("429", share, _set(methods), count, retry_after=retry_after))

    def bad_gateway(
        self, share: float = 1.0, *, methods: Iterable[str] | None = None, count: int | None = None
    ) -> FaultRule:
        """Answer a share of calls with 502 Bad Gateway, as Telegram does when overloaded."""
        return self._add(FaultRule("502", share, _set(methods), count))

    def hang(
        self,
        share: float = 1.0,
        *,
        seconds: float = 60.0,
        methods: Iterable[str] | None = None,
        count: int | None = None,
    ) -> FaultRule:
        """Stall a share of calls for ``seconds``, then answer 502 without performing them."""
        return self._add(FaultRule("hang", share, _set(methods), count, seconds=seconds))

    def clear(self) -> None:
        """Remove the hook and every rule."""
        self.hook = None
        self.rules.clear()

    def _add(self, rule: FaultRule) -> FaultRule:
        self.rules.append(rule)
        return rule

    async def apply(self, method: str, params: dict[str, Any]) -> web.Response | None:
        """Return the failure to answer this call with, or None to perform it."""
        if self.hook is not None:
            result = self.hook(method, params)
            if inspect.isawaitable(result):
                result = await result
            if result is not None:
                self.injected.append((method, "hook"))
                return result
        for rule in self.rules:
            if not rule.matches(method, self._random.random()):
                continue
            if rule.remaining is not None:
                rule.remaining -= 1
            self.injected.append((method, rule.kind))
            if rule.kind == "429":
                return flood_response(rule.retry_after)
            if rule.kind == "hang":
                await asyncio.sleep(rule.seconds)
            return error_response(502, "Bad Gateway")
        return None


def _set(methods: Iterable[str] | None) -> frozenset[str] | None:
    return None if methods is None else frozenset(methods)


@dataclass
class RateLimits:
    """Enforce Telegram's broadcast limits on sending methods; each is (calls, seconds)."""

    overall: tuple[int, float] = (30, 1.0)
    paid_overall: tuple[int, float] = (1000, 1.0)
    # About one a second in a private chat, with a short burst (Telegram tolerates a few).
    private_chat: tuple[int, float] = (3, 3.0)
    group_chat: tuple[int, float] = (20, 60.0)
    hits: list[tuple[str, int]] = field(default_factory=list)  # (method, retry_after)
    _overall: deque[float] = field(default_factory=deque)
    _chats: dict[int, deque[float]] = field(default_factory=dict)

    def check(self, method: str, params: dict[str, Any], private: bool, now: float) -> int | None:
        """Count a send at ``now`` and return retry_after when it breaks a limit."""
        if method not in SENDING_METHODS:
            return None
        overall = self.paid_overall if params.get("allow_paid_broadcast") else self.overall
        chat_id = params.get("chat_id")
        per_chat = self.private_chat if private else self.group_chat
        chat_times = self._chats.setdefault(chat_id if isinstance(chat_id, int) else 0, deque())
        wait = max(_wait(self._overall, overall, now), _wait(chat_times, per_chat, now))
        if wait > 0:
            retry_after = max(1, math.ceil(wait))
            self.hits.append((method, retry_after))
            return retry_after
        self._overall.append(now)
        chat_times.append(now)
        return None


def _wait(times: deque[float], limit: tuple[int, float], now: float) -> float:
    """Return how long until one more call fits in the sliding window (0 when it fits now)."""
    count, window = limit
    while times and times[0] <= now - window:
        times.popleft()
    if len(times) < count:
        return 0.0
    return times[-count] + window - now
