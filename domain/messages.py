"""Channel-neutral messages: what adapters hand to the core and what the core hands back."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Channel(StrEnum):
    TELEGRAM = "telegram"
    ZALO = "zalo"


# How each channel is written for people (proper names: the same in every language).
CHANNEL_NAMES = {Channel.TELEGRAM.value: "Telegram", Channel.ZALO.value: "Zalo"}


class ChatKind(StrEnum):
    PRIVATE = "private"
    GROUP = "group"


class EventKind(StrEnum):
    TEXT = "text"  # a message with text (commands included)
    CHOICE = "choice"  # a button press: `choice_token` is set
    PHOTO = "photo"
    DOCUMENT = "document"  # a file; the adapter fetched its bytes when it could
    OTHER = "other"  # a sticker, a voice note, anything the bot does not read
    EDITED = "edited"  # an edit of an earlier message
    ADDED_TO_GROUP = "added_to_group"
    REMOVED_FROM_GROUP = "removed_from_group"


@dataclass(frozen=True, slots=True)
class Attachment:
    kind: str  # "photo", "document"
    ref: str  # the channel's file id, or a URL where the channel gives one
    name: str = ""  # a document's file name
    content: bytes | None = None  # a document's bytes, fetched by the adapter (small files)


@dataclass(frozen=True, slots=True)
class Incoming:
    """One update from any channel, already stripped of the channel's own types."""

    channel: Channel
    key: str  # identifies the update, for dropping repeats
    chat_id: str
    user_id: str
    kind: EventKind = EventKind.TEXT
    chat_kind: ChatKind = ChatKind.PRIVATE
    text: str = ""
    command: str | None = None  # lower-case name without the slash
    args: str = ""
    choice_token: str | None = None
    attachments: tuple[Attachment, ...] = ()
    language_hint: str | None = None
    display_name: str = ""
    chat_title: str = ""
    can_post: bool = True  # False: the bot may not write in this group (the adapter checked)


@dataclass(frozen=True, slots=True)
class Choice:
    """An option offered to the user; `token` is opaque and resolved on the server."""

    label: str
    token: str
    full: str = ""  # the label before it was cut to fit a button; "" when it was not cut


@dataclass(frozen=True, slots=True)
class OutFile:
    filename: str
    content: bytes
    mime_type: str


@dataclass(frozen=True, slots=True)
class LinkButton:
    """A button that opens a web page; `web_app` opens it inside Telegram as a Mini App."""

    label: str
    url: str
    web_app: str | None = None  # the Mini App's https URL, where the channel has them


@dataclass(slots=True)
class Reply:
    """What the user should see: plain text, optional options and an optional file."""

    text: str
    choices: list[Choice] = field(default_factory=list)
    file: OutFile | None = None
    link: LinkButton | None = None
    # Set by the core when choices are offered: "answer 1, 2 or 3" for channels without buttons.
    choice_hint: str = ""


class DeliveryStatus(StrEnum):
    SENT = "sent"
    UNREACHABLE = "unreachable"  # blocked the bot, or the chat is gone: do not retry
    RETRY = "retry"  # rate limit or a passing failure: try again later
    FAILED = "failed"  # refused for good (a bug, or a message the platform rejects)


@dataclass(frozen=True, slots=True)
class Delivery:
    """What became of one message sent by the outbox."""

    status: DeliveryStatus
    retry_after: float | None = None
    error: str = ""
    # A RETRY that may also mean "gone" (Zalo's 403): unreachable once this many attempts
    # in all have failed so.
    unreachable_after: int | None = None
