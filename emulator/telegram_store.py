"""Hold the emulated Telegram world: users, chats, messages, files and pending updates."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import secrets
import struct
import time
from dataclasses import dataclass
from typing import Any

# Telegram's photo size boxes (s, m, x, y) below the full size, which is capped at 2560.
_PHOTO_BOXES = (90, 320, 800, 1280)
_PHOTO_MAX_SIDE = 2560
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


@dataclass
class EmuUser:
    """Describe a user the test drives; their private chat id equals their user id."""

    id: int
    first_name: str = "Người dùng"
    language_code: str | None = "vi"
    username: str | None = None
    last_name: str | None = None

    @property
    def chat_id(self) -> int:
        """Return the id of the user's private chat with the bot."""
        return self.id

    def to_api(self) -> dict[str, Any]:
        """Return the user as a Bot API User object."""
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if (value := getattr(self, key)) is not None:
                user[key] = value
        return user


@dataclass
class EmuChat:
    """Describe a chat: a user's private chat, a group or a supergroup."""

    id: int
    type: str
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None

    def to_api(self) -> dict[str, Any]:
        """Return the chat as a Bot API Chat object."""
        chat: dict[str, Any] = {"id": self.id, "type": self.type}
        for key in ("title", "username", "first_name", "last_name"):
            if (value := getattr(self, key)) is not None:
                chat[key] = value
        return chat


@dataclass
class StoredFile:
    """Keep the bytes and metadata of a file sent by the bot or by a user."""

    file_id: str
    file_unique_id: str
    data: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None

    def to_api(self) -> dict[str, Any]:
        """Return the file as a Bot API File object (what getFile answers)."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }


def image_size(data: bytes) -> tuple[int, int] | None:
    """Return (width, height) of PNG, GIF or JPEG bytes, or None when they are no image."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data[:2] != b"\xff\xd8":
        return None
    i = 2
    while i + 9 <= len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker in _JPEG_SOF:
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return int(width), int(height)
        i += 2 + int.from_bytes(data[i + 2 : i + 4], "big")
    return None


class UpdateQueue:
    """Queue updates for getUpdates, confirming them by offset as Telegram does."""

    def __init__(self) -> None:
        self.pending: list[dict[str, Any]] = []
        self.next_update_id = 1
        self._delivered: set[int] = set()  # ids of pending updates already handed out
        self._arrived = asyncio.Event()

    def number(self, update: dict[str, Any]) -> dict[str, Any]:
        """Give ``update`` the next update_id unless it has one already."""
        if "update_id" not in update:
            update["update_id"] = self.next_update_id
        self.next_update_id = max(self.next_update_id, update["update_id"] + 1)
        return update

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Number ``update`` and queue it."""
        self.pending.append(self.number(update))
        self.wake()
        return update

    def wake(self) -> None:
        """Release every waiting long poll."""
        self._arrived.set()
        self._arrived = asyncio.Event()

    def take(
        self, offset: int | None, limit: int, allowed: list[str] | None
    ) -> list[dict[str, Any]]:
        """Confirm updates below ``offset`` and return up to ``limit`` of the rest."""
        if offset is not None and offset < 0:
            self.pending = self.pending[offset:]
        elif offset is not None:
            # Only updates already handed out are confirmed, so that a test can re-deliver an
            # old update_id (a repeat) and still see it reach the bot.
            self.pending = [
                u
                for u in self.pending
                if not (u["update_id"] < offset and id(u) in self._delivered)
            ]
        if allowed:
            self.pending = [u for u in self.pending if update_kind(u) in allowed]
        batch = self.pending[:limit]
        self._delivered = {id(u) for u in self.pending if id(u) in self._delivered}
        self._delivered.update(id(u) for u in batch)
        return batch

    def drop(self) -> list[dict[str, Any]]:
        """Forget and return every pending update."""
        dropped, self.pending = self.pending, []
        self._delivered.clear()
        return dropped

    async def wait(self, seconds: float) -> None:
        """Wait until an update is pushed or ``seconds`` pass."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._arrived.wait(), seconds)


def update_kind(update: dict[str, Any]) -> str:
    """Return what an update carries: message, callback_query, edited_message..."""
    return next((k for k in update if k != "update_id"), "")


class TelegramStore:
    """Keep everything the emulated server knows, and build Bot API objects from it."""

    def __init__(self, bot_user: dict[str, Any]) -> None:
        self.bot_user = bot_user  # what getMe answers
        # Messages and member lists show the bot as a plain User, without getMe's extras.
        self.bot_sender = {k: bot_user[k] for k in ("id", "is_bot", "first_name", "username")}
        self.users: dict[int, EmuUser] = {}
        self.chats: dict[int, EmuChat] = {}
        self.blocked: set[int] = set()
        self.left_chats: set[int] = set()
        self.member_status: dict[tuple[int, int], str] = {}
        self.member_rights: dict[tuple[int, int], dict[str, bool]] = {}  # e.g. can_send_messages
        self.history: dict[int, list[dict[str, Any]]] = {}  # bot messages per chat, in order
        self.by_id: dict[tuple[int, int], dict[str, Any]] = {}  # every message by (chat, id)
        self.files: dict[str, StoredFile] = {}
        self.paths: dict[str, StoredFile] = {}  # file_path -> file, for downloads
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.callback_queries: dict[str, dict[str, Any]] = {}
        self.callback_answers: list[dict[str, Any]] = []
        self.chat_actions: list[tuple[int, str]] = []
        self.updates = UpdateQueue()
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._file_numbers = itertools.count(1)
        self._sent = asyncio.Event()

    def add_user(self, user: EmuUser) -> EmuUser:
        """Register a user and their private chat."""
        self.users[user.id] = user
        self.chats[user.id] = EmuChat(
            user.id, "private", None, user.username, user.first_name, user.last_name
        )
        return user

    def find_chat(self, chat_id: object) -> EmuChat | None:
        """Return the chat with this id or @username, if it exists."""
        if isinstance(chat_id, int) and not isinstance(chat_id, bool):
            return self.chats.get(chat_id)
        if not isinstance(chat_id, str):
            return None
        name = chat_id.removeprefix("@").lower()
        return next((c for c in self.chats.values() if (c.username or "").lower() == name), None)

    def new_message(self, chat: EmuChat, sender: dict[str, Any], **content: Any) -> dict[str, Any]:
        """Build and keep a message; bot and user messages share the chat's numbering."""
        counter = self._message_ids.setdefault(chat.id, itertools.count(1))
        message: dict[str, Any] = {
            "message_id": next(counter),
            "from": sender,
            "chat": chat.to_api(),
            "date": int(time.time()),
            **content,
        }
        self.by_id[chat.id, message["message_id"]] = message
        return message

    def record_bot_message(self, message: dict[str, Any]) -> None:
        """Add a bot message to its chat's history and wake whoever waits for it."""
        self.history.setdefault(message["chat"]["id"], []).append(message)
        self._sent.set()
        self._sent = asyncio.Event()

    async def wait_sent(self, seconds: float) -> None:
        """Wait until the bot sends any message or ``seconds`` pass."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._sent.wait(), seconds)

    def add_file(
        self,
        data: bytes,
        folder: str,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
    ) -> StoredFile:
        """Keep uploaded bytes under a new file_id."""
        number = next(self._file_numbers)
        suffix = "." + file_name.rsplit(".", 1)[1] if file_name and "." in file_name else ""
        stored = StoredFile(
            file_id=f"{folder[:3].upper()}{number:06d}{secrets.token_urlsafe(18)}",
            file_unique_id=f"AgAD{number:06d}",
            data=data,
            file_path=f"{folder}/file_{number}{suffix}",
            file_name=file_name,
            mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        self.paths[stored.file_path] = stored
        return stored

    def document(self, stored: StoredFile) -> dict[str, Any]:
        """Return a Bot API Document for a stored file."""
        document: dict[str, Any] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
        }
        if stored.file_name:
            document["file_name"] = stored.file_name
        if stored.mime_type:
            document["mime_type"] = stored.mime_type
        return document

    def photo_sizes(self, stored: StoredFile, width: int, height: int) -> list[dict[str, Any]]:
        """Return PhotoSize objects like Telegram's thumbnails plus the full picture."""
        longest = max(width, height)
        boxes = [b for b in _PHOTO_BOXES if b < longest] + [min(longest, _PHOTO_MAX_SIDE)]
        sizes: list[dict[str, Any]] = []
        for box in boxes:
            scale = box / longest
            if box == boxes[-1]:
                file_id, unique_id = stored.file_id, stored.file_unique_id
            else:
                # Thumbnails get their own ids but keep the original bytes: no resizing here.
                thumb = StoredFile(
                    f"{stored.file_id}_{box}",
                    f"{stored.file_unique_id}_{box}",
                    stored.data,
                    stored.file_path,
                    stored.file_name,
                    stored.mime_type,
                )
                self.files[thumb.file_id] = thumb
                file_id, unique_id = thumb.file_id, thumb.file_unique_id
            size = {
                "file_id": file_id,
                "file_unique_id": unique_id,
                "width": max(1, round(width * scale)),
                "height": max(1, round(height * scale)),
            }
            if box == boxes[-1]:
                size["file_size"] = len(stored.data)
            sizes.append(size)
        return sizes
