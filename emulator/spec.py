"""Load the machine-readable Telegram Bot API (api.json) and check requests against it."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from emulator.formatting import parse_text

TEXT_MAX = 4096
CAPTION_MAX = 1024
CALLBACK_DATA_MAX_BYTES = 64
CALLBACK_ANSWER_MAX = 200
INLINE_KEYBOARD_MAX_BUTTONS = 100
COMMANDS_MAX = 100
PARSE_MODES = frozenset({"html", "markdownv2", "markdown"})
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
# Methods whose `text` is message text (other methods use `text` for short notices).
_MESSAGE_TEXT_METHODS = frozenset({"sendMessage", "editMessageText"})
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
_INT_RE = re.compile(r"[+-]?\d+")
_DISCRIMINATOR_RE = re.compile(r"(?:must be|always) [\"“]?([a-z_]+)[\"”]?")
_BUTTON_PASSIVE_FIELDS = frozenset({"text", "icon_custom_emoji_id", "style"})
_PRIMITIVES: dict[str, tuple[type, ...]] = {
    "Integer": (int,),
    "Float": (int, float),
    "Boolean": (bool,),
    "True": (bool,),
    "String": (str,),
}


def default_spec_path() -> Path:
    """Return the vendored api.json (MIT, see telegram_api/LICENSE) kept beside this module."""
    return Path(__file__).resolve().parent / "telegram_api" / "api.json"


@dataclass(frozen=True)
class UploadedFile:
    """Hold one file part of a multipart/form-data request."""

    field: str
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class FieldSpec:
    """Describe one field of a method or type as api.json does."""

    name: str
    types: tuple[str, ...]
    required: bool
    description: str


def _fields(raw: Sequence[Mapping[str, Any]]) -> dict[str, FieldSpec]:
    return {
        f["name"]: FieldSpec(f["name"], tuple(f["types"]), bool(f["required"]), f["description"])
        for f in raw
    }


def _type_word(value: object) -> str:
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float):
        return "Float"
    if isinstance(value, str):
        return "String"
    if isinstance(value, list):
        return "Array"
    if isinstance(value, dict):
        return "Object"
    if isinstance(value, UploadedFile):
        return "InputFile"
    return type(value).__name__


class BotApiSpec:
    """Know every Bot API method and type, decode raw requests and list their violations."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.version: str = raw.get("version", "")
        self.methods: dict[str, dict[str, FieldSpec]] = {
            name: _fields(m.get("fields", [])) for name, m in raw["methods"].items()
        }
        self.types: dict[str, dict[str, FieldSpec]] = {
            name: _fields(t.get("fields", [])) for name, t in raw["types"].items()
        }
        self.subtypes: dict[str, list[str]] = {
            name: list(t["subtypes"]) for name, t in raw["types"].items() if "subtypes" in t
        }
        self._by_lower = {name.lower(): name for name in self.methods}

    @classmethod
    def load(cls, path: Path | None = None) -> BotApiSpec:
        """Load api.json from ``path`` (default: the vendored copy), once per path."""
        return _load_cached((path or default_spec_path()).resolve())

    def method_name(self, name: str) -> str | None:
        """Return the canonical name of a method, matched case-insensitively as Telegram does."""
        return self._by_lower.get(name.lower())

    def decode(
        self,
        method: str,
        raw: Mapping[str, Any],
        files: Mapping[str, UploadedFile] | None = None,
    ) -> dict[str, Any]:
        """Turn form strings and attach:// references into the values api.json declares."""
        fields = self.methods.get(method, {})
        files = files or {}
        params: dict[str, Any] = {}
        for key, value in raw.items():
            spec = fields.get(key)
            params[key] = self._coerce(value, spec.types, files) if spec else value
        return params

    def _coerce(
        self, value: Any, types: tuple[str, ...], files: Mapping[str, UploadedFile]
    ) -> Any:
        if not isinstance(value, str):
            return value
        if "InputFile" in types and value.startswith("attach://"):
            return files.get(value.removeprefix("attach://"), value)
        if "Integer" in types and _INT_RE.fullmatch(value):
            return int(value)
        if "String" in types:
            return value
        for kind in types:
            try:
                if kind == "Float":
                    return float(value)
                if kind in ("Boolean", "True") and value.lower() in ("true", "false", "1", "0"):
                    return value.lower() in ("true", "1")
                if kind.startswith("Array of ") or kind in self.types:
                    return json.loads(value)
            except ValueError:
                continue
        return value

    def validate(self, method: str, params: Mapping[str, Any]) -> list[str]:
        """Return every way a decoded request breaks the Bot API, as readable sentences."""
        if method not in self.methods:
            return [f"unknown method {method!r}"]
        errors: list[str] = []
        self._check_fields(self.methods[method], params, method, errors)
        self._check_limits(method, params, errors)
        return errors

    def _check_fields(
        self, fields: dict[str, FieldSpec], obj: Mapping[str, Any], where: str, errors: list[str]
    ) -> None:
        for key, value in obj.items():
            spec = fields.get(key)
            if spec is None:
                errors.append(f"{where}: unknown field {key!r}")
            else:
                errors.extend(self._check_value(value, spec.types, f"{where}.{key}"))
        errors.extend(
            f"{where}: missing required field {name!r}"
            for name, spec in fields.items()
            if spec.required and name not in obj
        )

    def _check_value(self, value: Any, types: Sequence[str], where: str) -> list[str]:
        best: list[str] | None = None
        for kind in types:
            errors = self._check_one(value, kind, where)
            if not errors:
                return []
            if best is None or len(errors) < len(best):
                best = errors
        return best or []

    def _check_one(self, value: Any, kind: str, where: str) -> list[str]:
        if kind.startswith("Array of "):
            if not isinstance(value, list):
                return [f"{where}: expected {kind}, got {_type_word(value)}"]
            inner = kind.removeprefix("Array of ")
            errors: list[str] = []
            for i, item in enumerate(value):
                errors.extend(self._check_value(item, [inner], f"{where}[{i}]"))
            return errors
        if kind in _PRIMITIVES:
            wants_bool = kind in ("Boolean", "True")
            ok = isinstance(value, _PRIMITIVES[kind]) and wants_bool == isinstance(value, bool)
            return [] if ok else [f"{where}: expected {kind}, got {_type_word(value)}"]
        if kind == "InputFile":
            ok = isinstance(value, UploadedFile)
            return [] if ok else [f"{where}: expected an uploaded file, got {_type_word(value)}"]
        if kind in self.subtypes:
            return self._check_value(value, self.subtypes[kind], where)
        if kind not in self.types:
            return []  # a type api.json does not describe: nothing to hold it to
        if not isinstance(value, dict):
            return [f"{where}: expected {kind} object, got {_type_word(value)}"]
        errors = []
        self._check_fields(self.types[kind], value, f"{where}({kind})", errors)
        errors.extend(self._check_discriminator(kind, value, where))
        return errors

    def _check_discriminator(self, kind: str, value: Mapping[str, Any], where: str) -> list[str]:
        # Subtypes share a `type`/`status`/`source` field whose value tells them apart.
        for name in ("type", "status", "source"):
            spec = self.types[kind].get(name)
            match = _DISCRIMINATOR_RE.search(spec.description) if spec else None
            if match and value.get(name) != match.group(1):
                return [f"{where}: {name} {value.get(name)!r} is not {match.group(1)!r}"]
        return []

    def _check_limits(self, method: str, params: Mapping[str, Any], errors: list[str]) -> None:
        parse_mode = params.get("parse_mode")
        if isinstance(parse_mode, str) and parse_mode and parse_mode.lower() not in PARSE_MODES:
            errors.append(f"{method}: unsupported parse_mode {parse_mode!r}")
            parse_mode = None
        text = params.get("text")
        if method in _MESSAGE_TEXT_METHODS and isinstance(text, str):
            self._check_text(method, "text", text, parse_mode, 1, TEXT_MAX, errors)
        caption = params.get("caption")
        if isinstance(caption, str):
            self._check_text(method, "caption", caption, parse_mode, 0, CAPTION_MAX, errors)
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and isinstance(markup.get("inline_keyboard"), list):
            self._check_inline_keyboard(method, markup["inline_keyboard"], errors)
        if method == "setMyCommands" and isinstance(params.get("commands"), list):
            self._check_commands(params["commands"], errors)
        elif method == "answerCallbackQuery" and isinstance(text, str):
            if len(text) > CALLBACK_ANSWER_MAX:
                errors.append(f"answerCallbackQuery: text is {len(text)} characters, max 200")
        elif method == "sendChatAction" and params.get("action") not in CHAT_ACTIONS:
            errors.append(f"sendChatAction: unknown action {params.get('action')!r}")
        elif method == "getUpdates":
            limit, timeout = params.get("limit", 100), params.get("timeout", 0)
            if isinstance(limit, int) and not 1 <= limit <= 100:
                errors.append(f"getUpdates: limit {limit} is outside 1-100")
            if isinstance(timeout, int) and timeout < 0:
                errors.append(f"getUpdates: timeout {timeout} is negative")
        elif method == "setWebhook":
            secret = params.get("secret_token")
            if isinstance(secret, str) and not _SECRET_RE.fullmatch(secret):
                errors.append("setWebhook: secret_token must be 1-256 of A-Z a-z 0-9 _ -")
        addressed = "inline_message_id" in params or {"chat_id", "message_id"} <= params.keys()
        if method.startswith("editMessage") and not addressed:
            errors.append(f"{method}: needs chat_id and message_id, or inline_message_id")

    @staticmethod
    def _check_text(
        method: str,
        name: str,
        text: str,
        parse_mode: str | None,
        low: int,
        high: int,
        errors: list[str],
    ) -> None:
        parsed = parse_text(text, parse_mode)
        errors.extend(f"{method}.{name}: {problem}" for problem in parsed.errors)
        size = len(parsed.text)
        if not low <= size <= high:
            errors.append(
                f"{method}.{name}: must be {low}-{high} characters after entity parsing, "
                f"got {size}"
            )

    @staticmethod
    def _check_inline_keyboard(method: str, rows: list[Any], errors: list[str]) -> None:
        count = 0
        for r, row in enumerate(rows if isinstance(rows, list) else []):
            for c, button in enumerate(row if isinstance(row, list) else []):
                if not isinstance(button, dict):
                    continue
                count += 1
                where = f"{method}.reply_markup.inline_keyboard[{r}][{c}]"
                data = button.get("callback_data")
                if isinstance(data, str):
                    size = len(data.encode("utf-8"))
                    if not 1 <= size <= CALLBACK_DATA_MAX_BYTES:
                        errors.append(f"{where}: callback_data must be 1-64 bytes, got {size}")
                actions = [k for k in button if k not in _BUTTON_PASSIVE_FIELDS]
                if len(actions) != 1:
                    errors.append(
                        f"{where}: a button needs exactly one action field, "
                        f"has {actions or 'none'}"
                    )
        if count > INLINE_KEYBOARD_MAX_BUTTONS:
            errors.append(f"{method}: inline keyboard has {count} buttons, max 100")

    @staticmethod
    def _check_commands(commands: list[Any], errors: list[str]) -> None:
        if len(commands) > COMMANDS_MAX:
            errors.append(f"setMyCommands: {len(commands)} commands, max {COMMANDS_MAX}")
        for i, item in enumerate(commands):
            if not isinstance(item, dict):
                continue
            command, description = item.get("command"), item.get("description")
            if isinstance(command, str) and not _COMMAND_RE.fullmatch(command):
                errors.append(
                    f"setMyCommands.commands[{i}]: command {command!r} must be 1-32 of a-z 0-9 _"
                )
            if isinstance(description, str) and not 1 <= len(description) <= 256:
                errors.append(
                    f"setMyCommands.commands[{i}]: description must be 1-256 characters, "
                    f"got {len(description)}"
                )

    def example(self, type_name: str, values: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Build a ``type_name`` object from ``values`` plus placeholders for required fields."""
        return self._example(type_name, values or {}, depth=0)

    def _example(self, type_name: str, values: Mapping[str, Any], depth: int) -> dict[str, Any]:
        kind = self.subtypes.get(type_name, [type_name])[0]
        out: dict[str, Any] = {}
        for name, spec in self.types.get(kind, {}).items():
            if spec.required and name not in values and depth < 4:
                out[name] = self._placeholder(spec, depth)
        out.update(values)
        return out

    def _placeholder(self, spec: FieldSpec, depth: int) -> Any:
        kind = spec.types[0]
        match = _DISCRIMINATOR_RE.search(spec.description)
        if kind == "String" and match:
            return match.group(1)
        defaults: dict[str, Any] = {"Integer": 0, "Float": 0.0, "Boolean": False, "String": ""}
        if kind in defaults:
            return defaults[kind]
        if kind.startswith("Array of "):
            return []
        return self._example(kind, {}, depth + 1)


@lru_cache(maxsize=8)
def _load_cached(path: Path) -> BotApiSpec:
    return BotApiSpec(json.loads(path.read_text(encoding="utf-8")))


def validate(method: str, params: dict[str, Any], spec: BotApiSpec | None = None) -> list[str]:
    """Return the Bot API violations of a decoded request, by the vendored api.json by default."""
    return (spec or BotApiSpec.load()).validate(method, params)
