"""The Zalo channel: long polling or a webhook around the core, plain-text replies."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from pydantic import SecretStr

from bot.config import SettingRejected, Settings
from bot.core.pipeline import Core
from bot.inbox.outage import OutageNotice
from bot.inbox.worker import Inbox, InboxUnavailable, Record
from bot.outbox.ratelimit import ChannelLimiter
from bot.zalo.client import Sleep, ZaloClient
from bot.zalo.convert import to_incoming, unwrap
from bot.zalo.errors import (
    ZaloBadRequest,
    ZaloError,
    ZaloForbidden,
    ZaloNotFound,
    ZaloQuotaExceeded,
    ZaloServerError,
    ZaloUnauthorized,
)
from bot.zalo.render import render
from domain.messages import Delivery, DeliveryStatus, OutFile, Reply
from storage.inbox.queries import StoredUpdate

log = logging.getLogger(__name__)

# Publishes a file somewhere the member can open it and returns the link (Zalo takes no uploads).
FilePublisher = Callable[[OutFile], Awaitable[str | None]]

POLL_TIMEOUT = 30  # seconds Zalo holds a getUpdates call open
MAX_BACKOFF = 30.0
FORBIDDEN_ATTEMPTS = 3  # outbox attempts answered 403 before a person counts as unreachable
STOP_GRACE = 10.0  # how long stop() lets a poll in hand finish before cancelling it


class ZaloChannel:
    """Receives Zalo updates (polling or webhook), hands them to the core, sends replies."""

    def __init__(
        self,
        settings: Settings,
        core: Core,
        *,
        client: ZaloClient | None = None,
        publish_file: FilePublisher | None = None,
        poll_timeout: int = POLL_TIMEOUT,
        sleep: Sleep = asyncio.sleep,
        inbox: Inbox | None = None,
    ) -> None:
        self.settings = settings
        self.core = core
        # Read with getattr: these two settings fields may not exist in every version.
        self.webhook_url: str | None = getattr(settings, "zalo_webhook_url", None)
        self._webhook_secret: SecretStr | None = getattr(settings, "zalo_webhook_secret", None)
        if self.webhook_url and self._webhook_secret is None:
            # An unauthenticated webhook would let anyone speak as any member.
            raise ValueError("ZALO_WEBHOOK_SECRET is required with ZALO_WEBHOOK_URL")
        if client is None:
            if settings.zalo_bot_token is None:
                raise ValueError("ZALO_BOT_TOKEN is required for the Zalo channel")
            token = settings.zalo_bot_token.get_secret_value()
            client = ZaloClient(
                token, base_url=settings.zalo_api_base_url, timeout=settings.http_timeout_seconds
            )
        self.client = client
        # One limiter for replies and the outbox alike (ZALO_MAX_RATE): their sum stays in it,
        # and a member's reply goes ahead of broadcasts waiting for room. Zalo publishes no
        # limit per chat (ZALO.md), so a person typing fast is not made to wait for answers.
        self.limiter = ChannelLimiter(settings.zalo_max_rate, chat_interval=0)
        self.publish_file = publish_file
        self.poll_timeout = poll_timeout
        self._sleep = sleep
        self._poll_task: asyncio.Task[None] | None = None
        self._stopping = False
        self._waiting = False  # the poll task is in a call or sleep that may be cut short
        # Every update is stored, then handled by the inbox's worker: chats side by side (a
        # slow chat or a 429 back-off holds up no other), each chat in order.
        self._owns_inbox = inbox is None
        self.inbox = inbox or Inbox(core.sessions, core.clock)
        self.inbox.register("zalo", self._handle_stored, self._resend)
        self._apologise = OutageNotice(core.catalogs, self._tell_outage)

    @property
    def webhook_mode(self) -> bool:
        """Return True when Zalo pushes updates to our webhook instead of being polled."""
        return bool(self.webhook_url)

    async def start(self) -> None:
        """Check the token, then register the webhook or start polling in the background."""
        self._stopping = False
        try:
            me = await self.client.get_me()
        except ZaloUnauthorized:
            # Found now rather than at the first poll, when nobody is watching the log.
            raise SettingRejected(
                "Zalo rejected the bot token (401): check ZALO_BOT_TOKEN in Zalo Bot Creator"
            ) from None
        log.info("zalo bot account %s", me.get("account_name") or me.get("id") or "?")
        if self._owns_inbox:
            self.inbox.start()
        if self.webhook_mode:
            assert self.webhook_url is not None and self._webhook_secret is not None
            secret = self._webhook_secret.get_secret_value()
            await self.client.set_webhook(self.webhook_url, secret)
            log.info("zalo channel started with a webhook")
        else:
            self._poll_task = asyncio.create_task(self._poll(), name="zalo-poll")
            log.info("zalo channel started polling")

    async def stop(self) -> None:
        """Stop polling (the webhook stays registered), finish the update in hand, close."""
        self._stopping = True
        task, self._poll_task = self._poll_task, None
        if task is not None:
            if self._waiting:
                task.cancel()  # nothing in hand: only a long poll or a back-off sleep
            await asyncio.wait({task}, timeout=STOP_GRACE)
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                current = asyncio.current_task()
                if current is not None and current.cancelling():
                    raise  # stop() itself was cancelled: do not swallow that
        if self._owns_inbox:
            await self.inbox.stop()
        await self.client.aclose()

    async def feed(self, data: dict[str, Any]) -> None:
        """Store an update received by the webhook server, wrapped or bare.

        Raises `InboxUnavailable` when it cannot be stored, for the server to answer 503.
        """
        update = unwrap(data)
        if update is None:
            log.warning("zalo webhook body holds no update")
            return
        await self._store(update)

    async def _store(self, update: dict[str, Any]) -> None:
        incoming = to_incoming(update)
        if incoming is None:
            return  # nothing the bot reads
        try:
            await self.inbox.store("zalo", incoming.key, incoming.chat_id, update)
        except InboxUnavailable:
            await self._apologise(incoming)
            raise

    async def _tell_outage(self, chat_id: str, text: str) -> None:
        try:
            await self.client.send_message(chat_id, text, retry=False)
        except ZaloError:
            log.warning("zalo: could not tell chat %s of the outage", chat_id)

    async def send(self, chat_id: str, reply: Reply) -> None:
        """Send one reply as plain texts; a blocked bot or a failure is logged, not raised."""
        url = await self._file_url(reply.file) if reply.file is not None else None
        # A picture is shown as a photo (by its published URL) rather than offered as a link;
        # without a published URL it is left out.
        photo = reply.file is not None and reply.file.mime_type.startswith("image/")
        for text in render(replace(reply, file=None) if photo else reply, url):
            try:
                async with self.limiter.slot(chat_id, urgent=True):
                    await self.client.send_message(chat_id, text)
            except ZaloForbidden:  # the client retried it: most likely a block
                log.info("zalo chat %s blocked the bot", chat_id)
                return
            except ZaloError:
                # The rest of a split reply would make no sense without this part.
                log.exception("zalo send to %s failed", chat_id)
                return
        if photo and url:
            try:
                async with self.limiter.slot(chat_id, urgent=True):
                    await self.client.send_photo(chat_id, url)
            except ZaloError:
                log.exception("zalo photo to %s failed", chat_id)

    def parts(self, text: str) -> int:
        """Return how many messages `text` takes on Zalo."""
        return len(render(Reply(text)))

    async def deliver(self, chat_id: str, text: str) -> Delivery:
        """Send one outbox message and say what became of it, for the outbox sender."""
        try:
            for chunk in render(Reply(text)):
                async with self.limiter.slot(chat_id):
                    await self.client.send_message(chat_id, chunk, retry=False)
        except ZaloForbidden as error:
            # Zalo's own table calls 403 "Internal server error": a blocked bot or a passing
            # fault. Only a 403 that persists over a few attempts makes a person unreachable.
            return Delivery(
                DeliveryStatus.RETRY, error=str(error), unreachable_after=FORBIDDEN_ATTEMPTS
            )
        except ZaloNotFound as error:
            return Delivery(DeliveryStatus.UNREACHABLE, error=str(error))
        except ZaloQuotaExceeded as error:
            return Delivery(DeliveryStatus.RETRY, error.retry_after, str(error))
        except ZaloServerError as error:
            return Delivery(DeliveryStatus.RETRY, error=str(error))
        except ZaloError as error:
            return Delivery(DeliveryStatus.FAILED, error=str(error))
        return Delivery(DeliveryStatus.SENT)

    async def _poll(self) -> None:
        failures = 0
        prepared = False
        while not self._stopping:
            try:
                self._waiting = True
                if not prepared:
                    await self._leave_webhook()
                    prepared = True
                update = await self.client.get_updates(timeout=self.poll_timeout)
            except ZaloUnauthorized:
                log.error("zalo rejected the bot token (401): check ZALO_BOT_TOKEN; polling stops")
                return
            except Exception as exc:
                failures += 1
                # A webhook set meanwhile blocks getUpdates: check again before the next poll.
                prepared = prepared and not isinstance(exc, ZaloBadRequest)
                delay = min(MAX_BACKOFF, 2.0 ** (failures - 1))
                # ZaloErrors carry a masked description; anything else is a bug worth a trace.
                log.warning(
                    "zalo polling failed (%s); retrying in %.0f s",
                    exc,
                    delay,
                    exc_info=not isinstance(exc, ZaloError),
                )
                await self._sleep(delay)
                continue
            finally:
                self._waiting = False
            failures = 0
            if update is not None:
                try:
                    # Zalo's getUpdates has no offset: what is fetched is Zalo's no more. It is
                    # stored at once; if the database is down, it is lost (the member is told).
                    await self._store(update)
                except InboxUnavailable:
                    log.error("zalo: polled update lost, the database is unreachable")

    async def _leave_webhook(self) -> None:
        # Zalo refuses getUpdates while a webhook is set, e.g. left by an earlier deployment.
        info = await self.client.get_webhook_info()
        if info.get("url"):
            log.info("zalo webhook found; deleting it to poll")
            await self.client.delete_webhook()

    async def _handle_stored(self, stored: StoredUpdate, record: Record) -> bool:
        """Handle an update from the inbox and send its replies (kept by `record` meanwhile).

        Return True when there was nothing to handle (nothing the bot reads, or a repeat).
        """
        incoming = to_incoming(stored.body)
        if incoming is None:
            return True
        target = incoming.chat_id
        replies = await self.core.handle_once(
            incoming,
            within=lambda session, replies, queued: record(session, target, replies, queued),
        )
        if replies is None:
            return True
        await self._resend(target, replies)
        return False

    async def _resend(self, target: str, replies: list[Reply]) -> None:
        for reply in replies:
            await self.send(target, reply)

    async def _file_url(self, file: OutFile) -> str | None:
        if self.publish_file is None:
            return None
        try:
            return await self.publish_file(file)
        except Exception:
            log.exception("publishing %s for zalo failed", file.filename)
            return None
