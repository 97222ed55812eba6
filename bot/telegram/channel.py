"""The Telegram channel: a python-telegram-bot Application around the core."""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from telegram import BotCommand, ChatMember, InputFile, Update
from telegram.error import (
    BadRequest,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import Application, ApplicationBuilder
from telegram.warnings import PTBUserWarning

from bot.config import SettingRejected, Settings
from bot.core.pipeline import Core
from bot.i18n import Catalogs
from bot.inbox.outage import OutageNotice
from bot.inbox.worker import MAX_BACKOFF as INBOX_BACKOFF
from bot.inbox.worker import Inbox, InboxUnavailable, Record
from bot.outbox.ratelimit import ChannelLimiter
from bot.telegram.buttons import KeyboardCloser
from bot.telegram.convert import to_incoming
from bot.telegram.render import render
from bot.telegram.request import AiohttpRequest
from domain.commands import BY_KEY
from domain.messages import (
    Attachment,
    ChatKind,
    Delivery,
    DeliveryStatus,
    EventKind,
    Reply,
)
from domain.roles import Role
from storage.inbox.queries import NewUpdate, StoredUpdate

log = logging.getLogger(__name__)
# sendMessage and getUpdates go through do_api_request on purpose (see `_send_message` and
# `_poll`: no objects built only to be thrown away): not a mistake.
warnings.filterwarnings("ignore", r"Please use 'Bot\.(sendMessage|getUpdates)'", PTBUserWarning)
GROUP_LINK_COMMANDS = {BY_KEY["group"].vi, BY_KEY["group"].en}
MAX_DOCUMENT = 5 * 1024 * 1024  # documents the core may read (bank statements) are small
POLL_TIMEOUT = 10  # seconds Telegram holds a getUpdates call open
MAX_BACKOFF = 30.0
STOP_GRACE = 10.0  # how long stop() lets the updates being stored finish
KEEP_READ = 2_000  # updates kept as read at intake (see `_keep_read`)


class TelegramChannel:
    """Receives Telegram updates (polling or webhook), hands them to the core, sends replies."""

    def __init__(
        self, settings: Settings, core: Core, catalogs: Catalogs, *, inbox: Inbox | None = None
    ) -> None:
        assert settings.telegram_bot_token is not None
        self.settings = settings
        self.core = core
        self.catalogs = catalogs
        self.application: Application[Any, Any, Any, Any, Any, Any] = (
            ApplicationBuilder()
            .token(settings.telegram_bot_token.get_secret_value())
            .base_url(settings.telegram_api_base_url)
            .base_file_url(settings.telegram_file_url)
            .request(AiohttpRequest(settings.http_timeout_seconds))  # see request.py
            # `_poll` asks through the bot's own request; the builder's default for
            # get_updates would only load a CA bundle that nothing uses.
            .get_updates_request(AiohttpRequest(settings.http_timeout_seconds))
            .build()
        )
        # One limiter for replies and the outbox alike, so their sum keeps Telegram's limits;
        # python-telegram-bot's own (a token bucket) let bursts past them. A 429 still goes
        # back to the outbox (which retries) or to `send`, which waits and tries again.
        self.limiter = ChannelLimiter(
            settings.telegram_max_rate,
            settings.outbox_chat_interval_seconds,
            is_group=lambda chat_id: chat_id.startswith("-"),  # group chats' ids are negative
        )
        self.buttons = KeyboardCloser()
        # Updates go through the inbox, not the Application's queue: stored, then handled.
        self._owns_inbox = inbox is None
        self.inbox = inbox or Inbox(core.sessions, core.clock)
        self.inbox.register("telegram", self._handle_stored, self._resend)
        self._poll_task: asyncio.Task[None] | None = None
        self._stopping = False
        self._storing = False  # the poll task is committing updates: let it finish
        self._apologise = OutageNotice(catalogs, self._tell_outage)
        self._read: dict[str, Update] = {}  # by inbox key, oldest first

    @property
    def webhook_mode(self) -> bool:
        return self.settings.telegram_webhook_url is not None

    async def start(self) -> None:
        """Connect, publish the command menus, then poll or register the webhook."""
        try:
            await self.application.initialize()  # calls getMe
        except InvalidToken:
            await self.application.bot.shutdown()  # the Application never opened: close its HTTP
            raise SettingRejected(
                "Telegram rejected the bot token: check TELEGRAM_BOT_TOKEN (from @BotFather)"
            ) from None
        await self.publish_commands()
        if self._owns_inbox:
            self.inbox.start()
        if self.webhook_mode:
            secret = self.settings.telegram_webhook_secret
            await self.application.bot.set_webhook(
                url=str(self.settings.telegram_webhook_url),
                secret_token=secret.get_secret_value() if secret else None,
                allowed_updates=Update.ALL_TYPES,
            )
        else:
            await self.application.bot.delete_webhook()  # Telegram refuses getUpdates beside one
            self._poll_task = asyncio.create_task(self._poll(), name="telegram-poll")
        log.info("telegram channel started as @%s", self.application.bot.username)

    async def stop(self) -> None:
        """Stop receiving, finish the updates in hand, close connections."""
        task, self._poll_task = self._poll_task, None
        if task is not None:
            # A long poll or a back-off is cut short (nothing is in hand there: the offset has
            # not moved); a store under way is let finish, its connection returned cleanly.
            self._stopping = True
            if not self._storing:
                task.cancel()
            await asyncio.wait({task}, timeout=STOP_GRACE)
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        if self._owns_inbox:
            await self.inbox.stop()
        await self.application.shutdown()

    async def feed(self, data: dict[str, Any]) -> None:
        """Store an update received by the webhook server; `InboxUnavailable` if it cannot be."""
        await self._store_batch([data])

    async def _store_batch(self, updates: list[dict[str, Any]]) -> None:
        """Store updates as received (a poll's batch, or a webhook's one) in one commit."""
        bot = self.application.bot
        parsed = [Update.de_json(body, bot) for body in updates]
        read = [
            (to_incoming(update, bot_username=bot.username), body)
            for update, body in zip(parsed, updates, strict=True)
        ]
        batch = [
            NewUpdate(incoming.key, "telegram", incoming.chat_id, body)
            for incoming, body in read
            if incoming is not None  # nothing the bot reads
        ]
        try:
            await self.inbox.store_many(batch)
        except InboxUnavailable:
            told: set[str] = set()
            for incoming, _update in read:
                if incoming is not None and incoming.chat_id not in told:
                    told.add(incoming.chat_id)  # once per chat, not for each of its messages
                    await self._apologise(incoming)
            raise
        self._keep_read(
            {incoming.key: update for (incoming, _), update in zip(read, parsed, strict=True)
             if incoming is not None}
        )  # fmt: skip

    def _keep_read(self, updates: dict[str, Update]) -> None:
        """Keep updates as read at intake, for this process's worker not to read them again."""
        self._read.update(updates)
        while len(self._read) > KEEP_READ:  # another process may handle some: forget the oldest
            del self._read[next(iter(self._read))]

    async def _tell_outage(self, chat_id: str, text: str) -> None:
        try:
            await self.application.bot.send_message(chat_id=chat_id, text=text)
        except TelegramError:
            log.warning("telegram: could not tell chat %s of the outage", chat_id)

    async def _poll(self) -> None:
        """Long-poll Telegram, moving the offset past an update only once it is stored.

        python-telegram-bot's Updater confirms an update (moves the offset) as soon as it has
        fetched it, before anything stores it; this loop asks for the same updates again
        until each is committed to the inbox, so an outage of the database loses none.
        """
        bot = self.application.bot
        offset: int | None = None
        failures = 0
        self._stopping = False
        while not self._stopping:
            try:
                # The raw JSON, stored as received: `get_updates` would build objects this
                # loop only turns back into JSON (the worker reads them when it handles them).
                updates = await bot.do_api_request(
                    "getUpdates",
                    api_kwargs={"offset": offset, "timeout": POLL_TIMEOUT,
                                "allowed_updates": list(Update.ALL_TYPES)},
                    read_timeout=self.settings.http_timeout_seconds + POLL_TIMEOUT,
                )  # fmt: skip
                self._storing = True
                if updates:
                    # The whole batch in one commit; the offset moves past it only then.
                    await self._store_batch(updates)
                    offset = int(updates[-1]["update_id"]) + 1
                failures = 0
            except InvalidToken:
                log.error(
                    "telegram rejected the bot token: check TELEGRAM_BOT_TOKEN; polling stops"
                )
                return
            except (TelegramError, InboxUnavailable) as error:
                self._storing = False
                failures += 1
                cap = INBOX_BACKOFF if isinstance(error, InboxUnavailable) else MAX_BACKOFF
                delay = min(cap, 2.0 ** (failures - 1))
                log.warning("telegram polling: %s; again in %.0f s", type(error).__name__, delay)
                await asyncio.sleep(delay)
            finally:
                self._storing = False

    async def publish_commands(self) -> None:
        """Set the command menu in each language, and the default language's as fallback."""
        available = self.core.registry.available(Role.MEMBER)
        for translator in self.catalogs.all():
            commands = [
                BotCommand(spec.name_for(translator.locale), translator._(spec.description))
                for spec in available
            ]
            await self.application.bot.set_my_commands(commands, language_code=translator.locale)
            if translator.locale == self.settings.default_locale:
                await self.application.bot.set_my_commands(commands)

    async def _handle_stored(self, stored: StoredUpdate, record: Record) -> bool:
        """Handle an update from the inbox and send its replies (kept by `record` meanwhile).

        Return True when there was nothing to handle (nothing the bot reads, or a repeat).
        """
        update = self._read.pop(stored.key, None) or Update.de_json(
            stored.body, self.application.bot
        )
        incoming = to_incoming(update, bot_username=self.application.bot.username)
        if incoming is None:
            return True
        if incoming.chat_kind is ChatKind.GROUP and incoming.command in GROUP_LINK_COMMANDS:
            incoming = replace(incoming, can_post=await self._may_post(incoming.chat_id))
        if incoming.kind is EventKind.DOCUMENT and incoming.chat_kind is ChatKind.PRIVATE:
            incoming = replace(incoming, attachments=await self._fetched(update))
        # Where the bot may not write, the person who asked is answered privately.
        target = incoming.chat_id if incoming.can_post else incoming.user_id
        replies = await self.core.handle_once(
            incoming,
            within=lambda session, replies, queued: record(session, target, replies, queued),
        )
        if replies is None:
            return True  # a repeat: its button was answered the first time (Telegram allows once)
        if update.callback_query is not None:
            # Removing the keyboard stops a second tap on the same question.
            await self.buttons.close(update.callback_query)
        await self._resend(target, replies)
        return False

    async def _resend(self, target: str, replies: list[Reply]) -> None:
        for reply in replies:
            await self.send(target, reply)

    async def _fetched(self, update: Update) -> tuple[Attachment, ...]:
        """Return the document with its bytes (the core sees no channel's file API)."""
        message = update.effective_message
        document = message.document if message is not None else None
        if document is None:
            return ()
        attachment = Attachment("document", document.file_id, document.file_name or "")
        if (document.file_size or 0) > MAX_DOCUMENT:
            return (attachment,)  # too big to be a statement: the handler says so
        try:
            file = await self.application.bot.get_file(document.file_id)
            content = bytes(await file.download_as_bytearray())
        except TelegramError:
            log.exception("telegram: downloading document %s failed", document.file_id)
            return (attachment,)
        return (replace(attachment, content=content),)

    async def _may_post(self, chat_id: str) -> bool:
        """Tell whether the bot may send messages in a group chat."""
        try:
            member = await self.application.bot.get_chat_member(chat_id, self.application.bot.id)
        except TelegramError:
            log.warning("telegram: cannot read the bot's rights in chat %s", chat_id)
            return False
        if member.status in (ChatMember.ADMINISTRATOR, ChatMember.OWNER, ChatMember.MEMBER):
            return True
        return bool(getattr(member, "can_send_messages", False))

    async def send(self, chat_id: str, reply: Reply) -> None:
        """Send one reply, split to Telegram's limits; a blocked bot is logged, not raised."""
        bot = self.application.bot
        try:
            for message in render(reply):
                fields: dict[str, Any] = {
                    "chat_id": chat_id,
                    "text": message.html,
                    "parse_mode": "HTML",
                }
                if message.markup is not None:
                    fields["reply_markup"] = message.markup
                await self._patiently(chat_id, lambda f=fields: self._send_message(f))  # type: ignore[misc]
            file = reply.file
            if file is not None and file.mime_type.startswith("image/"):
                await self._patiently(
                    chat_id,
                    lambda: bot.send_photo(
                        chat_id=chat_id, photo=InputFile(file.content, filename=file.filename)
                    ),
                )
            elif file is not None:
                await self._patiently(
                    chat_id,
                    lambda: bot.send_document(
                        chat_id=chat_id, document=InputFile(file.content, filename=file.filename)
                    ),
                )
        except Forbidden:
            log.info("telegram chat %s blocked the bot", chat_id)
        except TelegramError:
            log.exception("telegram send to %s failed", chat_id)

    def parts(self, text: str) -> int:
        """Return how many messages `text` takes on Telegram."""
        return len(render(Reply(text)))

    async def deliver(self, chat_id: str, text: str) -> Delivery:
        """Send one outbox message and say what became of it, for the outbox sender."""
        try:
            for message in render(Reply(text)):
                # Broadcasts wait while members' replies are queued for the same room.
                fields: dict[str, Any] = {
                    "chat_id": chat_id,
                    "text": message.html,
                    "parse_mode": "HTML",
                }
                if self.settings.telegram_max_rate > 30:
                    # Above 30 messages/s Telegram wants paid broadcasts asked for explicitly.
                    fields["allow_paid_broadcast"] = True
                async with self.limiter.slot(chat_id):
                    await self._send_message(fields)
        except Forbidden as error:
            return Delivery(DeliveryStatus.UNREACHABLE, error=str(error))
        except RetryAfter as error:
            return Delivery(DeliveryStatus.RETRY, _seconds(error.retry_after), str(error))
        except BadRequest as error:
            gone = "chat not found" in str(error).lower()
            return Delivery(DeliveryStatus.UNREACHABLE if gone else DeliveryStatus.FAILED,
                            error=str(error))  # fmt: skip
        except NetworkError as error:  # timeouts and 5xx answers
            return Delivery(DeliveryStatus.RETRY, error=str(error))
        except TelegramError as error:
            return Delivery(DeliveryStatus.FAILED, error=str(error))
        return Delivery(DeliveryStatus.SENT)

    async def _send_message(self, fields: dict[str, Any]) -> None:
        """Call sendMessage without building a Message from the answer (nothing reads it)."""
        await self.application.bot.do_api_request("sendMessage", api_kwargs=fields)

    async def _patiently(
        self, chat_id: str, call: Callable[[], Awaitable[object]], attempts: int = 3
    ) -> None:
        """Send within the limits, ahead of broadcasts, waiting out a few 429 answers."""
        for attempt in range(attempts):
            try:
                async with self.limiter.slot(chat_id, urgent=True):
                    await call()
                return
            except RetryAfter as error:
                if attempt == attempts - 1:
                    raise
                await asyncio.sleep(_seconds(error.retry_after))


def _seconds(value: object) -> float:
    total_seconds = getattr(value, "total_seconds", None)
    return float(total_seconds()) if callable(total_seconds) else float(value)  # type: ignore[arg-type]
