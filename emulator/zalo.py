"""A Zalo Bot API server on loopback that mimics the platform's quirks, for tests and demos."""

from __future__ import annotations

import asyncio
import json
import random
import secrets
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web

from emulator.server import LoopbackServer
from emulator.zalo_users import JSON, ZaloUserActions, new_id, now_ms
from emulator.zalo_users import ZaloUser as ZaloUser  # re-exported for importers

Fault = Callable[[str, JSON], Awaitable[web.Response | None]]
MAX_TEXT = 2000

# Fields each method accepts; anything else (reply_markup, parse_mode...) does not exist on Zalo.
ALLOWED: dict[str, frozenset[str]] = {
    "getMe": frozenset(),
    "getUpdates": frozenset({"timeout"}),
    "setWebhook": frozenset({"url", "secret_token"}),
    "deleteWebhook": frozenset(),
    "getWebhookInfo": frozenset(),
    "sendMessage": frozenset({"chat_id", "text"}),
    "sendPhoto": frozenset({"chat_id", "photo", "caption"}),
    "sendSticker": frozenset({"chat_id", "sticker"}),
    "sendChatAction": frozenset({"chat_id", "action"}),
}


def error_response(code: int, description: str, retry_after: float | None = None) -> web.Response:
    """Build a Zalo error answer: HTTP 200 with `"ok": false`, as the platform answers."""
    body: JSON = {"ok": False, "error_code": code, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return web.json_response(body)


def random_faults(
    *,
    quota: float = 0.0,
    server: float = 0.0,
    hang: float = 0.0,
    hang_seconds: float = 30.0,
    retry_after: float | None = 1.0,
    methods: frozenset[str] | None = None,
    seed: int | None = None,
) -> Fault:
    """Make a fault hook answering a share of calls with 429, 502, or after a long hang."""
    rng = random.Random(seed)

    async def fault(method: str, body: JSON) -> web.Response | None:
        if methods is not None and method not in methods:
            return None
        roll = rng.random()
        if roll < quota:
            return error_response(429, "Too Many Requests", retry_after)
        if roll < quota + server:
            return error_response(502, "Bad Gateway")
        if roll < quota + server + hang:
            await asyncio.sleep(hang_seconds)
        return None

    return fault


@dataclass(slots=True)
class _Injected:
    code: int
    method: str | None
    times: int
    retry_after: float | None = None


class ZaloEmulator(LoopbackServer, ZaloUserActions):
    """Serve the Zalo Bot API on 127.0.0.1 and drive it as users would."""

    def __init__(
        self,
        token: str = "zalo-test-token",
        *,
        strict: bool = True,
        wrap_webhook_body: bool = False,
        port: int = 0,
    ) -> None:
        self.token = token
        self.strict = strict
        self.wrap_webhook_body = wrap_webhook_body
        self.bot_id = new_id()
        self.calls: list[tuple[float, str, JSON]] = []
        self.violations: list[str] = []
        self.faults: Fault | None = None
        super().__init__()  # users, blocked, webhook_deliveries and the message queues
        self._port = port
        self._injected: deque[_Injected] = deque()
        self._hook = ("", "", now_ms())  # url, secret_token, updated_at
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._closing = False  # stop() ends the long polls at once rather than at its timeout

    # --- lifecycle ---------------------------------------------------------------------

    async def start(self) -> None:
        """Start serving on a free loopback port."""
        self._closing = False
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        # Short shutdown: a hanging fault or a long poll must not hold up stop().
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self._port)
        await site.start()
        self._port = int(self._runner.addresses[0][1])
        self._session = aiohttp.ClientSession()

    async def stop(self) -> None:
        """Stop serving and close the webhook sender."""
        if self._session is not None:
            await self._session.close()
            self._session = None
        async with self._update_cond:
            self._closing = True
            self._update_cond.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        """Return the API base to which a client appends the token."""
        return f"http://127.0.0.1:{self._port}/bot"

    # --- test controls -----------------------------------------------------------------

    def assert_no_violations(self) -> None:
        """Fail if the bot ever called the API in a way Zalo would not accept."""
        assert not self.violations, "Zalo API violations:\n" + "\n".join(self.violations)

    def inject_error(
        self,
        code: int,
        *,
        times: int = 1,
        method: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        """Answer the next `times` calls (of `method`, or any) with error `code`."""
        self._injected.append(_Injected(code, method, times, retry_after))

    # --- server ------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        body = await self._read_body(request)
        self.calls.append((time.monotonic(), method, body or {}))
        if request.match_info["token"] != self.token:
            return error_response(401, "Unauthorized")
        if body is None:
            return self._bad(method, "body is not a JSON object")
        injected = self._take_injected(method)
        if injected is not None:
            return error_response(injected.code, "Injected fault", injected.retry_after)
        if self.faults is not None and (answer := await self.faults(method, body)) is not None:
            return answer
        if method not in ALLOWED:
            self._violate(method, "no such method on Zalo")
            return error_response(404, "Not Found: unknown method")
        extra = sorted(set(body) - ALLOWED[method])
        if extra and self.strict:
            self._violate(method, f"fields that do not exist on Zalo: {extra}")
        return await self._dispatch(request, method, body)

    @staticmethod
    async def _read_body(request: web.Request) -> JSON | None:
        if not request.can_read_body:
            return {}
        if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return {k: v for k, v in (await request.post()).items() if isinstance(v, str)}
        try:
            body = json.loads(await request.read() or b"{}")
        except ValueError:
            return None
        return body if isinstance(body, dict) else None

    def _take_injected(self, method: str) -> _Injected | None:
        for fault in self._injected:
            if fault.method in (None, method):
                fault.times -= 1
                if fault.times <= 0:
                    self._injected.remove(fault)
                return fault
        return None

    def _violate(self, method: str, what: str) -> None:
        self.violations.append(f"{method}: {what}")

    def _bad(self, method: str, description: str) -> web.Response:
        self._violate(method, description)
        return error_response(400, f"Bad Request: {description}")

    async def _dispatch(self, request: web.Request, method: str, body: JSON) -> web.Response:
        match method:
            case "getMe":
                kind = {"account_type": "BASIC", "can_join_groups": False}
                return _ok({"id": self.bot_id, "account_name": "thidua_bot", **kind})
            case "getUpdates":
                return await self._get_updates(request, body)
            case "setWebhook":
                url, secret = str(body.get("url", "")), str(body.get("secret_token", ""))
                local = url.startswith(("http://127.0.0.1", "http://localhost"))
                if not (url.startswith("https://") or local):
                    return self._bad(method, f"url must be https: {url!r}")
                if not 8 <= len(secret) <= 256:
                    return self._bad(method, "secret_token must be 8-256 characters")
                self._hook = (url, secret, now_ms())
                await self._probe_webhook()
            case "deleteWebhook":
                self._hook = ("", "", now_ms())
        if method in ("setWebhook", "deleteWebhook", "getWebhookInfo"):
            return _ok({"url": self._hook[0], "updated_at": self._hook[2]})
        chat_id = body.get("chat_id")
        if not chat_id:
            return self._bad(method, "chat_id is required")
        if not isinstance(chat_id, str) and self.strict:
            self._violate(method, f"chat_id must be a string, got {chat_id!r}")
        if str(chat_id) in self.blocked:
            # The description Zalo's error table gives 403, whatever the cause.
            return error_response(403, "Internal server error")
        if method == "sendChatAction":
            if body.get("action") != "typing" and self.strict:
                self._violate(method, f"unknown action {body.get('action')!r}")
            return _ok(True)
        content, problem = _content(method, body)
        if problem:
            return self._bad(method, problem)
        message = {"message_id": secrets.token_hex(16), "chat_id": str(chat_id), "date": now_ms()}
        message.update(content)
        async with self._sent_cond:
            self._sent.setdefault(str(chat_id), []).append(message)
            self._sent_cond.notify_all()
        return _ok(dict(message))

    async def _get_updates(self, request: web.Request, body: JSON) -> web.Response:
        if self._hook[0]:
            return self._bad("getUpdates", "polling and webhook cannot both be active")
        try:
            wait = max(0.0, float(body.get("timeout", 30)))
        except (TypeError, ValueError):
            return self._bad("getUpdates", f"timeout is not a number: {body.get('timeout')!r}")
        try:
            async with asyncio.timeout(wait), self._update_cond:
                await self._update_cond.wait_for(lambda: bool(self._pending) or self._closing)
                if not self._pending:
                    raise TimeoutError  # closing: answer as a poll that found nothing
                update = self._pending.popleft()
        except TimeoutError:
            return error_response(408, "Request Timeout: no new update")
        if request.transport is None or request.transport.is_closing():
            # The poller gave up meanwhile: keep the update for the next one instead of losing it.
            async with self._update_cond:
                self._pending.appendleft(update)
                self._update_cond.notify()
        return _ok(update)


def utf16_units(text: str) -> int:
    """Count as Zalo does, in UTF-16 code units (JavaScript's length): an emoji takes two."""
    return len(text.encode("utf-16-le")) // 2


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _content(method: str, body: JSON) -> tuple[JSON, str]:
    """Return what a send call shows in the chat, or why Zalo refuses it."""
    if method == "sendMessage":
        text = body.get("text")
        if not isinstance(text, str) or not 1 <= utf16_units(text) <= MAX_TEXT:
            size = utf16_units(text) if isinstance(text, str) else text
            return {}, f"text must be 1-{MAX_TEXT} characters (UTF-16 units), got {size}"
        return {"text": text}, ""
    if method == "sendPhoto":
        photo, caption = body.get("photo"), body.get("caption", "")
        if not isinstance(photo, str) or not photo.startswith(("http://", "https://")):
            return {}, f"photo must be a URL, got {photo!r}"
        if not isinstance(caption, str) or utf16_units(caption) > MAX_TEXT:
            return {}, f"caption must be at most {MAX_TEXT} characters"
        return {"photo": photo, "caption": caption}, ""
    if not body.get("sticker"):
        return {}, "sticker is required"
    return {"sticker": str(body["sticker"])}, ""
