"""Act as Zalo users towards the bot: send messages, await and read what it answers."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

import aiohttp

JSON = dict[str, Any]


def new_id() -> str:
    """Return a Zalo-style id: 20 hex characters."""
    return secrets.token_hex(10)


def now_ms() -> int:
    """Return the current time in milliseconds, as Zalo dates are."""
    return int(time.time() * 1000)


@dataclass(frozen=True, slots=True)
class ZaloUser:
    """A person chatting with the bot; in a private chat the chat id is the user id."""

    id: str
    display_name: str = "Người dùng"

    @property
    def chat_id(self) -> str:
        """Return the id of this user's private chat with the bot."""
        return self.id


class ZaloUserActions:
    """Drive the bot as Zalo users do and collect what it sends; ZaloEmulator sets the state."""

    # Server state the driver reads, set up by ZaloEmulator.
    violations: list[str]
    wrap_webhook_body: bool
    _hook: tuple[str, str, int]  # url, secret_token, updated_at
    _session: aiohttp.ClientSession | None

    def __init__(self) -> None:
        self.users: dict[str, ZaloUser] = {}
        self.blocked: set[str] = set()
        self.webhook_deliveries: list[tuple[JSON, int]] = []  # (update, HTTP status or 0)
        self.webhook_probes: list[int] = []  # HTTP status of each empty probe, 0: unreachable
        self._pending: deque[JSON] = deque()
        self._update_cond = asyncio.Condition()
        self._sent: dict[str, list[JSON]] = {}
        self._seen: dict[str, int] = {}
        self._sent_cond = asyncio.Condition()

    def user(self, display_name: str = "Người dùng", user_id: str | None = None) -> ZaloUser:
        """Create (or return) a user who can message the bot."""
        uid = user_id or new_id()
        if uid not in self.users:
            self.users[uid] = ZaloUser(uid, display_name)
        return self.users[uid]

    def block(self, user: str | ZaloUser) -> None:
        """Make sends to this user's chat answer 403, as when the user blocked the bot."""
        self.blocked.add(user.id if isinstance(user, ZaloUser) else user)

    def unblock(self, user: str | ZaloUser) -> None:
        """Let the bot reach this user again."""
        self.blocked.discard(user.id if isinstance(user, ZaloUser) else user)

    async def send_text(self, user: ZaloUser, text: str) -> JSON:
        """Deliver a text message from `user` to the bot and return the update."""
        return await self.send_raw(self._update(user, "text", {"text": text}))

    async def send_image(
        self, user: ZaloUser, photo_url: str, caption: str = "", *, field: str = "photo_url"
    ) -> JSON:
        """Deliver a photo from `user` and return the update.

        Zalo puts the image in `photo_url`; part of its documentation calls it `photo`.
        """
        fields = {field: photo_url, "caption": caption}
        return await self.send_raw(self._update(user, "image", fields))

    async def send_voice(self, user: ZaloUser, url: str = "https://zalo.example/v.aac") -> JSON:
        """Deliver a voice note (`message.voice.received`) and return the update."""
        return await self.send_raw(self._update(user, "voice", {"url": url}))

    async def send_sticker(self, user: ZaloUser, sticker: str = "sticker-1") -> JSON:
        """Deliver a sticker from `user` and return the update."""
        return await self.send_raw(self._update(user, "sticker", {"sticker": sticker}))

    async def send_unsupported(self, user: ZaloUser) -> JSON:
        """Deliver a message whose content Zalo withholds, and return the update."""
        return await self.send_raw(self._update(user, "unsupported", {}))

    async def send_raw(self, update: JSON) -> JSON:
        """Deliver any update as is: to the webhook if one is set, else to getUpdates."""
        if self._hook[0]:
            await self._post_webhook(update)
        else:
            async with self._update_cond:
                self._pending.append(update)
                self._update_cond.notify()
        return update

    def messages(self, chat_id: str) -> list[JSON]:
        """Return every message the bot sent to `chat_id`, oldest first."""
        return list(self._sent.get(chat_id, []))

    # `timeout` is the test's deadline for the bot's answer, as the spec names it.
    async def wait_messages(
        self,
        chat_id: str,
        count: int = 1,
        # Generous: a passing test never waits it out, and a loaded machine (make test runs
        # its workers niced beside the serial tests) can hold an answer up for seconds.
        timeout: float = 20.0,  # noqa: ASYNC109
    ) -> list[JSON]:
        """Wait for `count` new bot messages to `chat_id` since the last wait; return them."""
        seen = self._seen.get(chat_id, 0)

        def arrived() -> bool:
            return len(self._sent.get(chat_id, [])) - seen >= count

        try:
            async with asyncio.timeout(timeout), self._sent_cond:
                await self._sent_cond.wait_for(arrived)
        except TimeoutError:
            got = [m.get("text", m.get("photo")) for m in self._sent.get(chat_id, [])[seen:]]
            raise TimeoutError(
                f"expected {count} new message(s) to {chat_id} within {timeout} s, got {got!r}"
            ) from None
        self._seen[chat_id] = seen + count
        return self._sent[chat_id][seen : seen + count]

    def _update(self, user: ZaloUser, kind: str, fields: JSON) -> JSON:
        message: JSON = {
            "message_id": secrets.token_hex(16),
            "from": {"id": user.id, "display_name": user.display_name, "is_bot": False},
            "chat": {"id": user.chat_id, "chat_type": "PRIVATE"},
            "date": now_ms(),
            **fields,
        }
        return {"event_name": f"message.{kind}.received", "message": message}

    async def _probe_webhook(self) -> None:
        """POST an empty body to a newly set webhook, as the platform checks the address."""
        assert self._session is not None, "emulator not started"
        headers = {"X-Bot-Api-Secret-Token": self._hook[1]}
        try:
            async with self._session.post(self._hook[0], data=b"", headers=headers) as r:
                status = r.status
        except aiohttp.ClientError:
            status = 0  # nothing listening yet: not the bot's fault here
        self.webhook_probes.append(status)
        if status and status != 200:
            self.violations.append(f"webhook answered an empty probe with HTTP {status}")

    async def _post_webhook(self, update: JSON) -> None:
        assert self._session is not None, "emulator not started"
        body = {"ok": True, "result": update} if self.wrap_webhook_body else update
        headers = {"X-Bot-Api-Secret-Token": self._hook[1]}
        try:
            async with self._session.post(self._hook[0], json=body, headers=headers) as r:
                status = r.status
        except aiohttp.ClientError as exc:
            status = 0
            self.violations.append(f"webhook {self._hook[0]} unreachable: {exc!r}")
        self.webhook_deliveries.append((update, status))
        if status and status != 200:
            self.violations.append(f"webhook answered HTTP {status}, Zalo expects 200")
