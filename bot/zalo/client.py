"""Async client of the Zalo Bot API on httpx, with typed errors and bounded retries."""

from __future__ import annotations

import asyncio
import functools
import logging
import ssl
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import Any, Self

import certifi
import httpx

from bot.zalo.errors import (
    ZaloBadRequest,
    ZaloError,
    ZaloForbidden,
    ZaloQuotaExceeded,
    ZaloServerError,
    error_for,
)
from domain.textsplit import utf16_units

DEFAULT_BASE_URL = "https://bot-api.zaloplatforms.com/bot"
MAX_TEXT = 2000
_MASK = "***"

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]


@functools.cache
def _tls() -> ssl.SSLContext:
    """One TLS context for every client of the process: each loads the CA bundle (20 ms)."""
    return ssl.create_default_context(cafile=certifi.where())


class _RedactToken(logging.Filter):
    """Mask the token in httpx's own request log lines, which print the full URL."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg = message.replace(self.token, _MASK)
            record.args = None
        return True


class ZaloClient:
    """Call the Zalo Bot API; raise a `ZaloError` subclass on every failure."""

    def __init__(
        self,
        token: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        http: httpx.AsyncClient | None = None,
        timeout: float = 10.0,
        max_attempts: int = 3,
        quota_attempts: int = 3,
        base_delay: float = 0.5,
        max_delay: float = 30.0,
        max_retry_after: float = 60.0,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if not token:
            raise ValueError("a Zalo bot token is required")
        self._token = token
        self._base = f"{base_url}{token}/"
        self._own_http = http is None
        self._http = http or httpx.AsyncClient(
            # Outbox bursts reuse connections instead of reconnecting per message.
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=50),
            verify=_tls(),
        )
        self.timeout = timeout
        self.max_attempts = max(1, max_attempts)
        self.quota_attempts = max(1, quota_attempts)
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.max_retry_after = max_retry_after
        self._sleep = sleep
        self._log_filter = _RedactToken(token)
        logging.getLogger("httpx").addFilter(self._log_filter)

    def __repr__(self) -> str:
        return f"ZaloClient(base_url={self._mask(self._base)!r})"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP client if this object created it."""
        logging.getLogger("httpx").removeFilter(self._log_filter)
        if self._own_http:
            await self._http.aclose()

    # --- API methods -------------------------------------------------------------------

    async def get_me(self) -> dict[str, Any]:
        """Return the bot's own account: id, account_name, account_type, can_join_groups."""
        return _as_dict(await self.call("getMe"))

    # `timeout` is the server-side poll length sent to Zalo, not a local deadline.
    async def get_updates(self, timeout: int = 30) -> dict[str, Any] | None:  # noqa: ASYNC109
        """Long-poll for one update; return None when none came within `timeout` seconds."""
        try:
            # The poll holds the request open for `timeout` s: read for longer than that.
            result = await self.call(
                "getUpdates", {"timeout": str(timeout)}, read_timeout=timeout + self.timeout
            )
        except ZaloError as exc:
            if exc.error_code == 408:
                return None
            raise
        return _as_dict(result) if result else None

    async def set_webhook(self, url: str, secret_token: str) -> dict[str, Any]:
        """Route updates to `url`; Zalo sends `secret_token` in X-Bot-Api-Secret-Token."""
        if not 8 <= len(secret_token) <= 256:
            raise ZaloBadRequest(400, "secret_token must be 8-256 characters")
        return _as_dict(await self.call("setWebhook", {"url": url, "secret_token": secret_token}))

    async def delete_webhook(self) -> dict[str, Any]:
        """Remove the webhook so that getUpdates works again."""
        return _as_dict(await self.call("deleteWebhook"))

    async def get_webhook_info(self) -> dict[str, Any]:
        """Return the webhook's url (empty when none) and updated_at."""
        return _as_dict(await self.call("getWebhookInfo"))

    async def send_message(self, chat_id: str, text: str, *, retry: bool = True) -> dict[str, Any]:
        """Send plain text of 1-2000 characters; the caller splits longer text.

        `retry=False` makes one attempt: the outbox retries on its own, within its rate limit.
        """
        # Refused here so that a splitting bug shows up before any network call.
        if not text or utf16_units(text) > MAX_TEXT:
            size = utf16_units(text)
            raise ZaloBadRequest(400, f"text must be 1-{MAX_TEXT} UTF-16 units, got {size}")
        fields = {"chat_id": chat_id, "text": text}
        return _as_dict(await self.call("sendMessage", fields, retry=retry))

    async def send_photo(
        self, chat_id: str, photo_url: str, caption: str | None = None
    ) -> dict[str, Any]:
        """Send a photo by URL (Zalo takes no uploads), with an optional caption."""
        fields: dict[str, Any] = {"chat_id": chat_id, "photo": photo_url}
        if caption:
            if utf16_units(caption) > MAX_TEXT:
                raise ZaloBadRequest(400, f"caption longer than {MAX_TEXT} characters")
            fields["caption"] = caption
        return _as_dict(await self.call("sendPhoto", fields))

    async def send_sticker(self, chat_id: str, sticker: str) -> dict[str, Any]:
        """Send a sticker by its id."""
        return _as_dict(await self.call("sendSticker", {"chat_id": chat_id, "sticker": sticker}))

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> None:
        """Show an action such as "typing" in the chat."""
        await self.call("sendChatAction", {"chat_id": chat_id, "action": action})

    # --- transport ---------------------------------------------------------------------

    async def call(
        self,
        method: str,
        fields: Mapping[str, Any] | None = None,
        *,
        read_timeout: float | None = None,
        retry: bool = True,
    ) -> Any:
        """Call `method` with JSON `fields`, retrying transient failures; return `result`."""
        body = dict(fields or {})
        failures = quota_failures = 0
        if not retry:
            return await self._call_once(method, body, read_timeout)
        while True:
            try:
                return await self._call_once(method, body, read_timeout)
            except ZaloQuotaExceeded as exc:
                quota_failures += 1
                delay = exc.retry_after
                if delay is None:
                    delay = self._backoff(quota_failures)
                if quota_failures >= self.quota_attempts or delay > self.max_retry_after:
                    raise
            except (ZaloServerError, ZaloForbidden):
                # 403 is "Internal server error" in Zalo's own table, not only "blocked".
                failures += 1
                if failures >= self.max_attempts:
                    raise
                delay = self._backoff(failures)
            log.warning("Zalo %s failed, retrying in %.2f s", method, delay)
            await self._sleep(delay)

    def _backoff(self, failures: int) -> float:
        return float(min(self.max_delay, self.base_delay * 2 ** (failures - 1)))

    async def _call_once(self, method: str, fields: dict[str, Any], read: float | None) -> Any:
        timeout = httpx.Timeout(self.timeout, read=read if read is not None else self.timeout)
        try:
            response = await self._http.post(self._base + method, json=fields, timeout=timeout)
        except httpx.HTTPError as exc:
            # `from None`: httpx's exception text and request carry the URL, hence the token.
            raise ZaloServerError(
                0, self._mask(f"{method}: {type(exc).__name__}: {exc}".rstrip(": "))
            ) from None
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            code = response.status_code if response.status_code >= 400 else 502
            raise error_for(code, f"{method}: unreadable answer (HTTP {response.status_code})")
        if body.get("ok") is True:
            return body.get("result")
        # Zalo may answer errors with HTTP 200 and the code in the body, or with the HTTP code.
        code = _int(body.get("error_code")) or (
            response.status_code if response.status_code >= 400 else 500
        )
        description = self._mask(str(body.get("description") or "no description"))
        raise error_for(code, f"{method}: {description}", _retry_after(body, response))

    def _mask(self, text: str) -> str:
        return text.replace(self._token, _MASK)


def _as_dict(result: Any) -> dict[str, Any]:
    return result if isinstance(result, dict) else {}


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _retry_after(body: dict[str, Any], response: httpx.Response) -> float | None:
    # No documented place for it: look where Telegram puts it, at the top, then the header.
    params = body.get("parameters")
    candidates = [
        params.get("retry_after") if isinstance(params, dict) else None,
        body.get("retry_after"),
        response.headers.get("Retry-After"),
    ]
    for value in candidates:
        try:
            if value is not None and float(value) >= 0:
                return float(value)
        except (TypeError, ValueError):
            continue
    return None
