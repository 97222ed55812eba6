"""Turn python-telegram-bot updates into channel-neutral `Incoming`s."""

from __future__ import annotations

from telegram import Chat, ChatMember, ChatMemberUpdated, Message, Update, User

from domain.commands import parse_command
from domain.messages import Attachment, Channel, ChatKind, EventKind, Incoming


def to_incoming(update: Update, *, bot_username: str | None) -> Incoming | None:
    """Return the update as an `Incoming`, or None when it is nothing for the core."""
    key = f"telegram:{update.update_id}"
    query = update.callback_query
    if query is not None:
        chat = query.message.chat if query.message is not None else None
        return Incoming(
            channel=Channel.TELEGRAM,
            key=key,
            chat_id=str(chat.id if chat is not None else query.from_user.id),
            user_id=str(query.from_user.id),
            kind=EventKind.CHOICE,
            chat_kind=_chat_kind(chat),
            choice_token=query.data or "",
            language_hint=query.from_user.language_code,
            display_name=query.from_user.full_name,
        )
    member_update = update.my_chat_member
    if member_update is not None and member_update.chat.type != Chat.PRIVATE:
        return _membership(key, member_update)
    if update.edited_message is not None:
        return _from_message(key, update.edited_message, EventKind.EDITED, bot_username)
    if update.message is not None:
        return _from_message(key, update.message, None, bot_username)
    return None  # channel posts, polls and the like are nothing for the core


_PRESENT = {ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER, ChatMember.RESTRICTED}


def _membership(key: str, change: ChatMemberUpdated) -> Incoming | None:
    """The bot added to or removed from a group (Telegram sends this as my_chat_member)."""
    was = change.old_chat_member.status in _PRESENT
    now = change.new_chat_member.status in _PRESENT
    if was == now or change.chat.type == Chat.CHANNEL:
        return None  # a change of rights, not of presence
    return Incoming(
        channel=Channel.TELEGRAM,
        key=key,
        chat_id=str(change.chat.id),
        user_id=str(change.from_user.id),
        kind=EventKind.ADDED_TO_GROUP if now else EventKind.REMOVED_FROM_GROUP,
        chat_kind=ChatKind.GROUP,
        language_hint=change.from_user.language_code,
        display_name=change.from_user.full_name,
        chat_title=change.chat.title or "",
    )


def _from_message(
    key: str, message: Message, kind: EventKind | None, bot_username: str | None
) -> Incoming | None:
    user: User | None = message.from_user
    if user is None or user.is_bot or message.chat.type == Chat.CHANNEL:
        return None
    text = message.text or message.caption or ""
    command: str | None = None
    args = ""
    attachments: tuple[Attachment, ...] = ()
    if message.text is not None and kind is None:
        kind = EventKind.TEXT
        parsed = parse_command(message.text, bot_username=bot_username)
        if message.text.startswith("/") and parsed is None:
            return None  # a command addressed to another bot
        if parsed is not None:
            command, args = parsed
    elif message.document and kind is None:
        kind = EventKind.DOCUMENT
        document = message.document
        attachments = (
            Attachment(kind="document", ref=document.file_id, name=document.file_name or ""),
        )
    elif message.photo and kind is None:
        kind = EventKind.PHOTO
        attachments = (Attachment(kind="photo", ref=message.photo[-1].file_id),)
    elif kind is None:
        kind = EventKind.OTHER
    return Incoming(
        channel=Channel.TELEGRAM,
        key=key,
        chat_id=str(message.chat.id),
        user_id=str(user.id),
        kind=kind,
        chat_kind=_chat_kind(message.chat),
        text=text,
        command=command,
        args=args,
        attachments=attachments,
        language_hint=user.language_code,
        display_name=user.full_name,
        chat_title=message.chat.title or "",
    )


def _chat_kind(chat: Chat | None) -> ChatKind:
    if chat is None or chat.type == Chat.PRIVATE:
        return ChatKind.PRIVATE
    return ChatKind.GROUP
