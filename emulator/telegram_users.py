"""Act as Telegram users towards the bot: send messages, press buttons, await replies."""

from __future__ import annotations

import copy
import itertools
import struct
import time
import zlib
from typing import Any

from emulator.telegram_store import EmuChat, EmuUser, TelegramStore, image_size


def png_bytes(width: int, height: int) -> bytes:
    """Return a valid grey PNG picture of the given size."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    pixels = zlib.compress((b"\x00" + b"\x80" * width) * height)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def _short(message: dict[str, Any]) -> str:
    body = message.get("text") or message.get("caption") or ""
    if "document" in message:
        body = f"[document {message['document'].get('file_name', '')}] {body}"
    elif "photo" in message:
        body = f"[photo] {body}"
    return f"#{message['message_id']}: {body[:120]!r}"


class UserActions:
    """Drive the bot the way users do, through updates, and collect what it sends."""

    def __init__(self, store: TelegramStore) -> None:
        self.store = store
        self.errors: list[tuple[str, int, str]] = []  # (method, status, description) answered
        self._cursors: dict[int, int] = {}
        self._query_ids = itertools.count(4_300_000_000_000_000_001)

    def _enqueue(self, update: dict[str, Any]) -> dict[str, Any]:
        """Deliver an update to the bot; the server decides between getUpdates and webhook."""
        raise NotImplementedError

    def _diagnostics(self) -> str:
        """Describe recent trouble, for timeout messages."""
        return ""

    def _chat(self, user: EmuUser, chat: EmuChat | None) -> EmuChat:
        if user.id not in self.store.users:
            self.store.add_user(user)
        return chat or self.store.chats[user.id]

    async def send_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Deliver a raw update (a copy of it); an update_id is assigned when missing."""
        query = update.get("callback_query")
        if isinstance(query, dict) and "id" in query:
            # Every query delivered is one Telegram issued; a redelivery keeps its answer state.
            self.store.callback_queries.setdefault(
                str(query["id"]), {"from": query.get("from", {}), "answered": False}
            )
        return self._enqueue(copy.deepcopy(update))

    async def _send_message(
        self, user: EmuUser, chat: EmuChat | None, **content: Any
    ) -> dict[str, Any]:
        message = self.store.new_message(self._chat(user, chat), user.to_api(), **content)
        return await self.send_update({"message": message})

    async def send_text(
        self, user: EmuUser, text: str, *, chat: EmuChat | None = None
    ) -> dict[str, Any]:
        """Send a text message from ``user``; a leading /command gets its bot_command entity."""
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return await self._send_message(user, chat, **content)

    async def send_sticker(
        self, user: EmuUser, *, emoji: str = "👍", chat: EmuChat | None = None
    ) -> dict[str, Any]:
        """Send a sticker from ``user``."""
        stored = self.store.add_file(
            b"RIFF\x00\x00\x00\x00WEBP", "stickers", mime_type="image/webp"
        )
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "file_size": len(stored.data),
        }
        return await self._send_message(user, chat, sticker=sticker)

    async def send_photo(
        self,
        user: EmuUser,
        caption: str = "",
        *,
        data: bytes | None = None,
        chat: EmuChat | None = None,
    ) -> dict[str, Any]:
        """Send a photo from ``user`` (a grey 640x480 PNG unless ``data`` is given)."""
        data = data if data is not None else png_bytes(640, 480)
        width, height = image_size(data) or (640, 480)
        stored = self.store.add_file(data, "photos", mime_type="image/png")
        content: dict[str, Any] = {"photo": self.store.photo_sizes(stored, width, height)}
        if caption:
            content["caption"] = caption
        return await self._send_message(user, chat, **content)

    async def send_document(
        self,
        user: EmuUser,
        data: bytes,
        file_name: str = "file.bin",
        *,
        mime_type: str = "application/octet-stream",
        caption: str = "",
        chat: EmuChat | None = None,
    ) -> dict[str, Any]:
        """Send a file from ``user`` as a document."""
        stored = self.store.add_file(data, "documents", file_name=file_name, mime_type=mime_type)
        content: dict[str, Any] = {"document": self.store.document(stored)}
        if caption:
            content["caption"] = caption
        return await self._send_message(user, chat, **content)

    async def edit_text(
        self, user: EmuUser, message: dict[str, Any], new_text: str
    ) -> dict[str, Any]:
        """Edit a message ``user`` sent earlier and deliver the edited_message update."""
        key = message["chat"]["id"], message["message_id"]
        stored = self.store.by_id.get(key)
        if stored is None or stored["from"]["id"] != user.id:
            raise ValueError(f"user {user.id} sent no message {key}")
        stored.pop("entities", None)
        stored.update(text=new_text, edit_date=int(time.time()))
        return await self.send_update({"edited_message": stored})

    async def press(
        self, user: EmuUser, message: dict[str, Any], button: str | int
    ) -> dict[str, Any]:
        """Press a callback button (by its text or flat index) under a bot message."""
        current = self.store.by_id.get((message["chat"]["id"], message["message_id"]))
        if current is None:
            raise ValueError(f"no message {message['message_id']} in chat {message['chat']['id']}")
        rows = current.get("reply_markup", {}).get("inline_keyboard", [])
        buttons: list[dict[str, Any]] = [b for row in rows for b in row]
        if isinstance(button, int):
            chosen = buttons[button] if -len(buttons) <= button < len(buttons) else None
        else:
            chosen = next((b for b in buttons if b.get("text") == button), None)
        if chosen is None or "callback_data" not in chosen:
            labels = [b.get("text") for b in buttons]
            raise ValueError(f"no callback button {button!r} in message; buttons: {labels}")
        query: dict[str, Any] = {
            "id": str(next(self._query_ids)),
            "from": user.to_api(),
            "message": current,
            "chat_instance": str(abs(hash((current["chat"]["id"], "instance")))),
            "data": chosen["callback_data"],
        }
        self.store.callback_queries[query["id"]] = {"from": query["from"], "answered": False}
        return await self.send_update({"callback_query": query})

    async def wait_messages(
        self,
        chat_id: int,
        count: int = 1,
        # Generous: a passing test never waits it out, and a loaded machine (make test runs
        # its workers niced beside the serial tests) can hold an answer up for seconds.
        timeout: float = 20.0,  # noqa: ASYNC109 - the driver API promises this name
    ) -> list[dict[str, Any]]:
        """Wait for ``count`` bot messages to ``chat_id`` not returned by an earlier wait."""
        deadline = time.monotonic() + timeout
        while True:
            history = self.store.history.get(chat_id, [])
            start = self._cursors.get(chat_id, 0)
            if len(history) - start >= count:
                self._cursors[chat_id] = start + count
                return copy.deepcopy(history[start : start + count])
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(self._timeout_report(chat_id, count, timeout, history[start:]))
            await self.store.wait_sent(left)

    def _timeout_report(
        self, chat_id: int, count: int, timeout: float, arrived: list[dict[str, Any]]
    ) -> str:
        lines = [
            f"waited {timeout}s for {count} new bot message(s) to chat {chat_id}, "
            f"got {len(arrived)}:"
        ]
        lines += [f"  {_short(m)}" for m in arrived] or ["  (none)"]
        others = {c: len(h) for c, h in self.store.history.items() if c != chat_id and h}
        if others:
            lines.append(f"messages to other chats (chat: count): {others}")
        lines += [
            f"error answered: {method} {status} {text}"
            for method, status, text in self.errors[-5:]
        ]
        diagnostics = self._diagnostics()
        if diagnostics:
            lines.append(diagnostics)
        return "\n".join(lines)

    def messages(self, chat_id: int) -> list[dict[str, Any]]:
        """Return every bot message to ``chat_id`` in its current state (edits applied)."""
        return copy.deepcopy(self.store.history.get(chat_id, []))
