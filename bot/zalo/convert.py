"""Turn Zalo Bot API updates (plain dicts) into channel-neutral `Incoming`s."""

from __future__ import annotations

import logging
from typing import Any

from domain.commands import parse_command
from domain.messages import Attachment, Channel, ChatKind, EventKind, Incoming

log = logging.getLogger(__name__)

TEXT = "message.text.received"
IMAGE = "message.image.received"
STICKER = "message.sticker.received"
UNSUPPORTED = "message.unsupported.received"
VOICE = "message.voice.received"  # added later; the bot reads no voice notes
_KINDS = {
    TEXT: EventKind.TEXT,
    IMAGE: EventKind.PHOTO,
    STICKER: EventKind.OTHER,
    UNSUPPORTED: EventKind.OTHER,
    VOICE: EventKind.OTHER,
}

# Unknown event names seen so far: each is logged once, not once per update.
_unknown_events: set[str] = set()


def unwrap(body: Any) -> dict[str, Any] | None:
    """Return the update inside `{"ok": true, "result": {...}}`, or a bare update as is."""
    if not isinstance(body, dict):
        return None
    if "event_name" in body:
        return body
    result = body.get("result")
    if body.get("ok") is not False and isinstance(result, dict) and "event_name" in result:
        return result
    return None


def to_incoming(update: dict[str, Any]) -> Incoming | None:
    """Return the update as an `Incoming`, or None when it is nothing for the core."""
    event = update.get("event_name")
    if not isinstance(event, str):
        log.warning("zalo update without an event_name dropped")
        return None
    kind = _KINDS.get(event)
    if kind is None:
        if event not in _unknown_events:
            _unknown_events.add(event)
            log.info("zalo event %r is not handled; ignoring updates of this kind", event)
        return None
    message = update.get("message")
    sender = message.get("from") if isinstance(message, dict) else None
    if not isinstance(message, dict) or not isinstance(sender, dict):
        log.warning("zalo %s update without message or sender dropped", event)
        return None
    if sender.get("is_bot") is True:
        return None  # our own echo, or another bot
    message_id, user_id = _id(message.get("message_id")), _id(sender.get("id"))
    chat = message.get("chat")
    if not isinstance(chat, dict):
        chat = {}
    # In a private chat the chat is the sender: a missing chat id costs nothing.
    chat_id = _id(chat.get("id")) or user_id
    if not message_id or not user_id:
        log.warning("zalo %s update without message_id or sender id dropped", event)
        return None
    text, command, args = "", None, ""
    attachments: tuple[Attachment, ...] = ()
    if kind is EventKind.TEXT:
        text = _str(message.get("text"))
        # Zalo has no command menu: "ungho 500k" counts as much as "/ungho 500k".
        parsed = parse_command(text, bare=True)
        if parsed is not None:
            command, args = parsed
    elif kind is EventKind.PHOTO:
        text = _str(message.get("caption"))
        # `photo_url` in what Zalo sends; some of its documentation says `photo`.
        photo_url = _str(message.get("photo_url")) or _str(message.get("photo"))
        attachments = (Attachment(kind="photo", ref=photo_url),) if photo_url else ()
    return Incoming(
        channel=Channel.ZALO,
        key=f"zalo:{event}:{message_id}",
        chat_id=chat_id,
        user_id=user_id,
        kind=kind,
        chat_kind=_chat_kind(chat.get("chat_type")),
        text=text,
        command=command,
        args=args,
        attachments=attachments,
        language_hint=None,  # Zalo tells nothing of the user's language
        display_name=_str(sender.get("display_name")),
    )


def _chat_kind(chat_type: Any) -> ChatKind:
    # Groups are in closed testing, so a missing type is read as the usual private chat.
    if chat_type is None or str(chat_type).upper() == "PRIVATE":
        return ChatKind.PRIVATE
    return ChatKind.GROUP


def _id(value: Any) -> str:
    if value is None or isinstance(value, bool | dict | list):
        return ""
    return str(value).strip()


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""
