"""Webhook delivery of the local Telegram Bot API: setWebhook, its workers, retries."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import aiohttp

from emulator.telegram_store import TelegramStore, update_kind

_WEBHOOK_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookDelivery:
    """POST updates to the bot's webhook as Telegram does, retrying until it answers 2xx."""

    store: TelegramStore

    def _init_webhooks(self) -> None:
        self.webhook: dict[str, Any] = {}
        self.webhook_retry_delay = 0.5
        self._webhook_queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._webhook_workers: list[asyncio.Task[None]] = []
        self._client: aiohttp.ClientSession | None = None

    async def _close_webhooks(self) -> None:
        await self._stop_webhook_workers()
        if self._client is not None:
            await self._client.close()
            self._client = None

    async def _set_webhook(self, params: dict[str, Any]) -> bool:
        url = str(params.get("url", ""))
        if not url:
            return await self._delete_webhook(params)
        await self._stop_webhook_workers()
        if params.get("drop_pending_updates"):
            self.store.updates.drop()
        self.webhook = {
            "url": url,
            "secret_token": params.get("secret_token"),
            "max_connections": int(params.get("max_connections", 40)),
            "allowed_updates": params.get("allowed_updates"),
        }
        if self._client is None:
            self._client = aiohttp.ClientSession()
        for update in self.store.updates.drop():
            self._webhook_queue.put_nowait(update)
        self._webhook_workers = [
            asyncio.create_task(self._webhook_worker())
            for _ in range(self.webhook["max_connections"])
        ]
        return True

    async def _delete_webhook(self, params: dict[str, Any]) -> bool:
        await self._stop_webhook_workers()
        self.webhook = {}
        # Updates not yet delivered wait for getUpdates, as they would on Telegram.
        while not self._webhook_queue.empty():
            self.store.updates.push(self._webhook_queue.get_nowait())
        if params.get("drop_pending_updates"):
            self.store.updates.drop()
        return True

    async def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self.store.updates.pending) + self._webhook_queue.qsize(),
        }
        for key in ("max_connections", "allowed_updates", "last_error_date", "last_error_message"):
            if self.webhook.get(key) is not None:
                info[key] = self.webhook[key]
        return info

    async def _stop_webhook_workers(self) -> None:
        workers, self._webhook_workers = self._webhook_workers, []
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)

    async def _webhook_worker(self) -> None:
        while True:
            update = await self._webhook_queue.get()
            while True:
                if await self._post_update(update):
                    break
                await asyncio.sleep(self.webhook_retry_delay)  # Telegram retries later too

    async def _post_update(self, update: dict[str, Any]) -> bool:
        assert self._client is not None
        headers = {"Content-Type": "application/json"}
        if self.webhook.get("secret_token"):
            headers[_WEBHOOK_HEADER] = self.webhook["secret_token"]
        try:
            async with self._client.post(
                self.webhook["url"], data=json.dumps(update), headers=headers
            ) as response:
                if response.status < 300:
                    return True
                error = f"Wrong response from the webhook: {response.status} {response.reason}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            error = f"Connection failed: {exc!r}"
        self.webhook.update(last_error_date=int(time.time()), last_error_message=error)
        return False

    def _enqueue(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates, or for webhook delivery when a webhook is set."""
        if not self.webhook.get("url"):
            return self.store.updates.push(update)
        self.store.updates.number(update)
        allowed = self.webhook.get("allowed_updates")
        if not allowed or update_kind(update) in allowed:
            self._webhook_queue.put_nowait(update)
        return update
