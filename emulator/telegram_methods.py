"""Perform the Bot API methods the emulator serves, on a TelegramStore."""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from emulator.formatting import parse_text
from emulator.spec import BotApiSpec, UploadedFile
from emulator.telegram_store import EmuChat, StoredFile, TelegramStore, image_size

Handler = Callable[[dict[str, Any]], Awaitable[Any]]

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
_PHOTO_MAX_BYTES = 10 * 1024 * 1024
_DOCUMENT_MAX_BYTES = 50 * 1024 * 1024
_CHAT_MEMBER_TYPES = {
    "creator": "ChatMemberOwner",
    "administrator": "ChatMemberAdministrator",
    "member": "ChatMemberMember",
    "restricted": "ChatMemberRestricted",
    "left": "ChatMemberLeft",
    "kicked": "ChatMemberBanned",
}


class ApiError(Exception):
    """Carry a Bot API error answer: HTTP status and Telegram's description."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


class BotApiMethods:
    """Answer Bot API methods that read or change the emulated world."""

    def __init__(self, store: TelegramStore, spec: BotApiSpec) -> None:
        self.store = store
        self.spec = spec
        self.handlers: dict[str, Handler] = {
            "getMe": self.get_me,
            "setMyCommands": self.set_my_commands,
            "getMyCommands": self.get_my_commands,
            "deleteMyCommands": self.delete_my_commands,
            "sendMessage": self.send_message,
            "editMessageText": self.edit_message_text,
            "editMessageReplyMarkup": self.edit_message_reply_markup,
            "answerCallbackQuery": self.answer_callback_query,
            "sendDocument": self.send_document,
            "sendPhoto": self.send_photo,
            "sendChatAction": self.send_chat_action,
            "getChatMember": self.get_chat_member,
            "getChat": self.get_chat,
            "leaveChat": self.leave_chat,
            "getFile": self.get_file,
        }

    async def get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        """Answer getMe with the bot's User."""
        return self.store.bot_user

    @staticmethod
    def _commands_key(params: dict[str, Any]) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), params.get("language_code") or ""

    async def set_my_commands(self, params: dict[str, Any]) -> bool:
        """Store the command list of a (scope, language_code)."""
        self.store.commands[self._commands_key(params)] = list(params.get("commands") or [])
        return True

    async def get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Return the command list of a (scope, language_code)."""
        return self.store.commands.get(self._commands_key(params), [])

    async def delete_my_commands(self, params: dict[str, Any]) -> bool:
        """Forget the command list of a (scope, language_code)."""
        self.store.commands.pop(self._commands_key(params), None)
        return True

    def _target_chat(self, params: dict[str, Any]) -> EmuChat:
        """Return the chat a sending method aims at, or fail the way Telegram does."""
        chat = self.store.find_chat(params.get("chat_id", 0))
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        if chat.type == "private" and chat.id in self.store.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if chat.id in self.store.left_chats:
            raise ApiError(403, f"Forbidden: bot is not a member of the {chat.type} chat")
        return chat

    def _content(self, params: dict[str, Any], key: str) -> dict[str, Any]:
        """Return text or caption as Telegram stores it: plain text plus entities."""
        content: dict[str, Any] = {}
        raw = params.get(key)
        if not isinstance(raw, str) or not raw:
            return content
        entities_key = "entities" if key == "text" else "caption_entities"
        parsed = parse_text(raw, params.get("parse_mode"))
        entities = parsed.entities
        if not params.get("parse_mode") and params.get(entities_key):
            entities = params[entities_key]
        if parsed.text:
            content[key] = parsed.text
        if entities:
            content[entities_key] = entities
        return content

    def _extras(self, chat: EmuChat, params: dict[str, Any]) -> dict[str, Any]:
        """Return the reply and inline keyboard parts of a new message."""
        extras: dict[str, Any] = {}
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            extras["reply_markup"] = {"inline_keyboard": markup["inline_keyboard"]}
        reply = params.get("reply_parameters") or {}
        reply_id = reply.get("message_id") if isinstance(reply, dict) else None
        if isinstance(reply_id, int):
            replied = self.store.by_id.get((chat.id, reply_id))
            if replied is not None:
                extras["reply_to_message"] = {
                    k: v for k, v in replied.items() if k != "reply_to_message"
                }
            elif not reply.get("allow_sending_without_reply"):
                raise ApiError(400, "Bad Request: message to be replied not found")
        return extras

    def _send(self, chat: EmuChat, content: dict[str, Any]) -> dict[str, Any]:
        message = self.store.new_message(chat, self.store.bot_sender, **content)
        self.store.record_bot_message(message)
        return message

    async def send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        """Send a text message to a known chat."""
        chat = self._target_chat(params)
        content = self._content(params, "text")
        if "text" not in content:
            raise ApiError(400, "Bad Request: message text is empty")
        return self._send(chat, {**content, **self._extras(chat, params)})

    def _editable(self, params: dict[str, Any]) -> dict[str, Any]:
        if "inline_message_id" in params:
            raise ApiError(400, "Bad Request: MESSAGE_ID_INVALID")
        chat = self.store.find_chat(params.get("chat_id", 0))
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        message = self.store.by_id.get((chat.id, params.get("message_id", 0)))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if message["from"].get("id") != self.store.bot_user["id"]:
            raise ApiError(400, "Bad Request: message can't be edited")
        return message

    @staticmethod
    def _apply_edit(
        message: dict[str, Any], changes: dict[str, Any], keys: tuple[str, ...]
    ) -> None:
        current = {k: message[k] for k in keys if k in message}
        if current == changes:
            raise ApiError(400, NOT_MODIFIED)
        for key in keys:
            message.pop(key, None)
        message.update(changes)
        message["edit_date"] = int(time.time())

    async def edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        """Replace the text of a bot message; no reply_markup removes its keyboard."""
        message = self._editable(params)
        if "text" not in message:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        changes = self._content(params, "text")
        if "text" not in changes:
            raise ApiError(400, "Bad Request: message text is empty")
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            changes["reply_markup"] = {"inline_keyboard": markup["inline_keyboard"]}
        self._apply_edit(message, changes, ("text", "entities", "reply_markup"))
        return message

    async def edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        """Replace or remove the inline keyboard of a bot message."""
        message = self._editable(params)
        markup = params.get("reply_markup")
        changes: dict[str, Any] = {}
        if isinstance(markup, dict) and markup.get("inline_keyboard"):
            changes["reply_markup"] = {"inline_keyboard": markup["inline_keyboard"]}
        self._apply_edit(message, changes, ("reply_markup",))
        return message

    async def answer_callback_query(self, params: dict[str, Any]) -> bool:
        """Record the answer to a callback query the emulator issued."""
        query = self.store.callback_queries.get(str(params.get("callback_query_id")))
        if query is None or query.get("answered"):
            raise ApiError(400, QUERY_TOO_OLD)
        query["answered"] = True
        self.store.callback_answers.append({**params, "user_id": query["from"]["id"]})
        return True

    def _file(self, params: dict[str, Any], key: str, folder: str, max_bytes: int) -> StoredFile:
        value = params.get(key)
        if isinstance(value, UploadedFile):
            if not value.data:
                raise ApiError(400, "Bad Request: file must be non-empty")
            if len(value.data) > max_bytes:
                raise ApiError(413, "Request Entity Too Large")
            mime = value.content_type or "application/octet-stream"
            return self.store.add_file(
                value.data, folder, file_name=value.filename or None, mime_type=mime
            )
        stored = self.store.files.get(value) if isinstance(value, str) else None
        if stored is None:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        return stored

    async def send_document(self, params: dict[str, Any]) -> dict[str, Any]:
        """Send an uploaded (or earlier sent) file as a document."""
        chat = self._target_chat(params)
        stored = self._file(params, "document", "documents", _DOCUMENT_MAX_BYTES)
        content = {"document": self.store.document(stored), **self._content(params, "caption")}
        return self._send(chat, {**content, **self._extras(chat, params)})

    async def send_photo(self, params: dict[str, Any]) -> dict[str, Any]:
        """Send an uploaded (or earlier sent) picture as a photo with Telegram's sizes."""
        chat = self._target_chat(params)
        stored = self._file(params, "photo", "photos", _PHOTO_MAX_BYTES)
        size = image_size(stored.data)
        if size is None:
            raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        width, height = size
        if width + height > 10000 or max(width, height) > 20 * min(width, height):
            raise ApiError(400, "Bad Request: PHOTO_INVALID_DIMENSIONS")
        content = {
            "photo": self.store.photo_sizes(stored, width, height),
            **self._content(params, "caption"),
        }
        return self._send(chat, {**content, **self._extras(chat, params)})

    async def send_chat_action(self, params: dict[str, Any]) -> bool:
        """Record a chat action such as typing."""
        chat = self._target_chat(params)
        self.store.chat_actions.append((chat.id, str(params.get("action"))))
        return True

    def _known_chat(self, params: dict[str, Any]) -> EmuChat:
        chat = self.store.find_chat(params.get("chat_id", 0))
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return chat

    async def get_chat_member(self, params: dict[str, Any]) -> dict[str, Any]:
        """Return a member's ChatMember; the bot administers groups, others are members."""
        chat = self._known_chat(params)
        user_id = params.get("user_id", 0)
        if user_id == self.store.bot_user["id"]:
            user, default = (
                self.store.bot_sender,
                "member" if chat.type == "private" else "administrator",
            )
        elif user_id in self.store.users:
            user, default = self.store.users[user_id].to_api(), "member"
        else:
            raise ApiError(400, "Bad Request: user not found")
        status = self.store.member_status.get((chat.id, user_id), default)
        values: dict[str, Any] = {"status": status, "user": user}
        values |= self.store.member_rights.get((chat.id, user_id), {})
        kind = _CHAT_MEMBER_TYPES.get(status, "ChatMemberMember")
        for name, spec in self.spec.types.get(kind, {}).items():
            # An administrator holds every right it can hold; nobody is anonymous or editable.
            if spec.required and spec.types == ("Boolean",) and name not in values:
                values[name] = name.startswith("can_") and name != "can_be_edited"
        return self.spec.example(kind, values)

    async def get_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        """Return a ChatFullInfo for a known chat."""
        chat = self._known_chat(params)
        return self.spec.example(
            "ChatFullInfo", {**chat.to_api(), "accent_color_id": 0, "max_reaction_count": 11}
        )

    async def leave_chat(self, params: dict[str, Any]) -> bool:
        """Make the bot leave a group; later sends there are forbidden."""
        chat = self._known_chat(params)
        if chat.type == "private":
            raise ApiError(
                400, "Bad Request: chat member status can't be changed in private chats"
            )
        self.store.left_chats.add(chat.id)
        return True

    async def get_file(self, params: dict[str, Any]) -> dict[str, Any]:
        """Return the File (with file_path) of a stored file."""
        stored = self.store.files.get(str(params.get("file_id")))
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return stored.to_api()
