"""The bot's own HTTP server: webhook endpoints, published files and a health check."""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.files import ROUTE, FileStore
from bot.inbox.worker import InboxUnavailable
from bot.metrics import CONTENT_TYPE

log = logging.getLogger(__name__)

Feed = Callable[[dict[str, Any]], Awaitable[None]]
Probe = Callable[[], Awaitable[bool]]  # does the database answer?
Scrape = Callable[[], Awaitable[bytes]]  # every metric, in Prometheus' text format


@dataclass(frozen=True, slots=True)
class WebhookRoute:
    path: str
    header: str  # where the platform puts the shared secret
    secret: str
    feed: Feed
    # Answer after the feed ran, with `answer` (a sender that retries failures needs to know).
    wait: bool = False
    answer: tuple[tuple[str, bool], ...] = (("ok", True),)


class WebServer:
    """Serve every channel's webhook path, published files, `/healthz` and `/metrics`."""

    def __init__(
        self,
        host: str,
        port: int,
        routes: list[WebhookRoute],
        files: FileStore | None = None,
        mount: Callable[[web.Application], None] | None = None,
        *,
        probe: Probe | None = None,
        scrape: Scrape | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.probe = probe
        self.app = web.Application(client_max_size=1024 * 1024)
        self.app.router.add_get("/healthz", self._health)
        if scrape is not None:
            self.app.router.add_get("/metrics", self._metrics(scrape))
        for route in routes:
            self.app.router.add_post(route.path, self._webhook(route))
        if files is not None:
            self.app.router.add_get(ROUTE, files.handle)
        if mount is not None:
            mount(self.app)  # more pages (the dashboard), added by the app that owns them
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        """Listen on the configured address."""
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        log.info("web server listening on %s:%s", self.host, self.port)

    async def stop(self) -> None:
        """Stop listening (accepted updates are in the inbox)."""
        if self._runner is not None:
            await self._runner.cleanup()

    async def _health(self, _request: web.Request) -> web.Response:
        # 503 tells a load balancer to send the platforms' webhooks to another process.
        if self.probe is not None and not await self.probe():
            return web.json_response({"ok": False, "database": "unreachable"}, status=503)
        return web.json_response({"ok": True})

    @staticmethod
    def _metrics(scrape: Scrape) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def handle(_request: web.Request) -> web.Response:
            response = web.Response(body=await scrape())
            response.headers["Content-Type"] = CONTENT_TYPE
            return response

        return handle

    def _webhook(self, route: WebhookRoute) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def handle(request: web.Request) -> web.Response:
            if not (await request.read()).strip():
                # A platform probing the address (Zalo does) sends nothing: nothing to do, and
                # anything but 200 could make it refuse the webhook.
                return web.json_response({"ok": True})
            given = request.headers.get(route.header, "")
            if not hmac.compare_digest(given.encode(), route.secret.encode()):
                log.warning("webhook %s: wrong or missing secret", route.path)
                return web.Response(status=403)
            try:
                data = await request.json()
            except (json.JSONDecodeError, UnicodeDecodeError):
                return web.Response(status=400)
            if not isinstance(data, dict):
                return web.Response(status=400)
            if route.wait:
                try:
                    await route.feed(data)
                except Exception:
                    log.exception("webhook %s: update could not be handled", route.path)
                    return web.Response(status=500)
                return web.json_response(dict(route.answer))
            try:
                # The update is committed to the inbox before the platform hears "received"
                # (it is handled from there): an answer lost with a process loses nothing.
                await route.feed(data)
            except InboxUnavailable:
                # The database cannot be reached: 503 makes the platform deliver it again.
                return web.json_response({"ok": False}, status=503)
            except Exception:
                log.exception("webhook %s: update could not be stored", route.path)
                return web.Response(status=500)
            return web.json_response({"ok": True})

        return handle
