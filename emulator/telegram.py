"""A local Telegram Bot API server for tests and the terminal demo.

It speaks the Bot API at ``/bot<TOKEN>/<method>`` and serves files at
``/file/bot<TOKEN>/<path>``, checks every request against api.json, and lets a test act
as users (send text, press buttons) and watch what the bot sends back.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from aiohttp import web

from emulator.server import LoopbackServer
from emulator.spec import BotApiSpec, UploadedFile
from emulator.telegram_faults import Faults, RateLimits, error_response, flood_response
from emulator.telegram_methods import NOT_MODIFIED, QUERY_TOO_OLD, ApiError, BotApiMethods
from emulator.telegram_store import EmuChat, EmuUser, TelegramStore
from emulator.telegram_users import UserActions
from emulator.telegram_webhook import WebhookDelivery

_MAX_UPLOAD = 60 * 1024 * 1024  # above Telegram's 50 MB so the 413 comes from the method


class TelegramEmulator(WebhookDelivery, LoopbackServer, UserActions):
    """Serve the Bot API on 127.0.0.1 and let tests act as Telegram users."""

    def __init__(
        self,
        token: str = "123456:TEST",
        *,
        spec_path: Path | None = None,
        strict: bool = True,
        bot_username: str = "thidua_test_bot",
    ) -> None:
        self.token = token
        self.strict = strict
        self.spec = BotApiSpec.load(spec_path)
        bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 1
        bot_user = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "Thi đua (emulator)",
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        super().__init__(TelegramStore(bot_user))
        self.api = BotApiMethods(self.store, self.spec)
        self.api.handlers.update(
            {
                "getUpdates": self._get_updates,
                "setWebhook": self._set_webhook,
                "deleteWebhook": self._delete_webhook,
                "getWebhookInfo": self._get_webhook_info,
                "close": self._true,
                "logOut": self._true,
            }
        )
        self.violations: list[str] = []
        self.calls: list[tuple[float, str, dict[str, Any]]] = []
        self.record_calls = True  # benchmarks may turn this off to keep memory flat
        self.faults = Faults()
        self.rate_limits: RateLimits | None = None  # set to enforce Telegram's send limits
        self._init_webhooks()
        self._runner: web.AppRunner | None = None
        self._closing = False
        self._port = 0

    # -- lifecycle ---------------------------------------------------------------------

    async def start(self) -> None:
        """Start serving on a free loopback port."""
        app = web.Application(client_max_size=_MAX_UPLOAD)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        """Release long polls, stop webhook delivery and shut the server down."""
        self._closing = True
        self.store.updates.wake()
        await self._close_webhooks()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def port(self) -> int:
        """Return the port the server listens on."""
        return self._port

    @property
    def base_url(self) -> str:
        """Return the Bot API base URL a client appends the token to."""
        return f"http://127.0.0.1:{self._port}/bot"

    @property
    def base_file_url(self) -> str:
        """Return the file download base URL a client appends the token to."""
        return f"http://127.0.0.1:{self._port}/file/bot"

    # -- HTTP --------------------------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.Response:
        response = await self._serve(request)
        if response.status >= 300:
            description = json.loads(response.text or "{}").get("description", "")
            self.errors.append((request.match_info["method"], response.status, description))
        return response

    async def _serve(self, request: web.Request) -> web.Response:
        started = time.monotonic()
        if request.match_info["token"] != self.token:
            return error_response(401, "Unauthorized")
        requested = request.match_info["method"]
        method = self.spec.method_name(requested)
        try:
            raw, files = await _read_params(request)
        except ValueError as exc:
            return error_response(400, f"Bad Request: {exc}")
        if method is None:
            self.violations.append(f"unknown method {requested!r}")
            return error_response(404, "Not Found")
        params = self.spec.decode(method, raw, files)
        if self.record_calls:
            self.calls.append((started, method, params))
        problems = self.spec.validate(method, params)
        handler = self.api.handlers.get(method)
        if handler is None:
            problems.append(f"{method}: method not emulated")
        if problems:
            self.violations.extend(problems)
            if self.strict or handler is None:
                return error_response(400, "Bad Request: " + "; ".join(problems))
        assert handler is not None
        failure = await self.faults.apply(method, params)
        if failure is not None:
            return failure
        if self.rate_limits is not None:
            chat = self.store.find_chat(params.get("chat_id", 0))
            private = chat is None or chat.type == "private"
            retry_after = self.rate_limits.check(method, params, private, time.monotonic())
            if retry_after is not None:
                return flood_response(retry_after)
        try:
            result = await handler(params)
        except ApiError as exc:
            return error_response(exc.status, exc.description)
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            # Only reachable in lenient mode, where a malformed request gets this far.
            return error_response(400, f"Bad Request: can't process the request: {exc!r}")
        return web.json_response({"ok": True, "result": result})

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return error_response(401, "Unauthorized")
        stored = self.store.paths.get(request.match_info["path"])
        if stored is None:
            return error_response(404, "Not Found")
        return web.Response(body=stored.data, content_type="application/octet-stream")

    # -- updates: long polling and webhook ----------------------------------------------

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook.get("url"):
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        queue = self.store.updates
        offset, limit = params.get("offset"), int(params.get("limit", 100))
        allowed = params.get("allowed_updates")
        deadline = time.monotonic() + float(params.get("timeout", 0))
        while True:
            batch = queue.take(offset, limit, allowed)
            left = deadline - time.monotonic()
            if batch or left <= 0 or self._closing:
                return batch
            await queue.wait(left)

    async def _true(self, params: dict[str, Any]) -> bool:
        return True

    def _diagnostics(self) -> str:
        """Describe recorded violations, for timeout messages."""
        if not self.violations:
            return ""
        return "Bot API violations:\n  " + "\n  ".join(self.violations[-10:])

    # -- inspection --------------------------------------------------------------------

    def assert_no_violations(self) -> None:
        """Fail with every recorded Bot API violation, if there is any."""
        if self.violations:
            listing = "\n  ".join(self.violations)
            raise AssertionError(f"{len(self.violations)} Bot API violation(s):\n  {listing}")

    def assert_no_repeated_acts(self) -> None:
        """Fail if the bot did something twice that Telegram refuses the second time.

        Answering a callback query again ("query is too old") or editing a message to what it
        already shows ("message is not modified") are valid calls that only a bot repeating
        itself makes: duplicates, double taps.
        """
        repeated = [f"{method}: {text}" for method, _, text in self.errors
                    if text in (NOT_MODIFIED, QUERY_TOO_OLD)]  # fmt: skip
        assert not repeated, "repeated acts refused by Telegram:\n  " + "\n  ".join(repeated)

    def block(self, user_id: int) -> None:
        """Make a user block the bot: sends to them answer 403."""
        self.store.blocked.add(user_id)

    def unblock(self, user_id: int) -> None:
        """Make a user unblock the bot."""
        self.store.blocked.discard(user_id)

    def set_member_status(self, chat_id: int, user_id: int, status: str, **rights: bool) -> None:
        """Set what getChatMember answers for a user in a chat (creator, restricted...)."""
        self.store.member_status[chat_id, user_id] = status
        self.store.member_rights[chat_id, user_id] = rights

    def file_bytes(self, file_id: str) -> bytes:
        """Return the bytes of a stored file."""
        return self.store.files[file_id].data

    def commands(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, Any]]:
        """Return the commands set for a scope and language."""
        key = json.dumps(scope or {"type": "default"}, sort_keys=True), language_code
        return self.store.commands.get(key, [])

    @property
    def callback_answers(self) -> list[dict[str, Any]]:
        """Return every answerCallbackQuery call, in order."""
        return self.store.callback_answers

    @property
    def chat_actions(self) -> list[tuple[int, str]]:
        """Return every (chat_id, action) sent with sendChatAction."""
        return self.store.chat_actions

    def user(
        self,
        user_id: int,
        first_name: str = "Người dùng",
        *,
        language_code: str | None = "vi",
        username: str | None = None,
    ) -> EmuUser:
        """Create (or replace) a user whose private chat the bot may write to."""
        return self.store.add_user(EmuUser(user_id, first_name, language_code, username))

    def group(
        self, chat_id: int, title: str, *, kind: str = "group", username: str | None = None
    ) -> EmuChat:
        """Create a group or supergroup chat (negative id) the bot is a member of."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        chat = EmuChat(chat_id, kind, title=title, username=username)
        self.store.chats[chat_id] = chat
        self.store.left_chats.discard(chat_id)
        return chat


async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """Read query string plus a JSON, url-encoded or multipart body into raw params and files."""
    raw: dict[str, Any] = dict(request.query)
    files: dict[str, UploadedFile] = {}
    if request.content_type == "application/json":
        try:
            body = await request.json() if request.can_read_body else {}
        except json.JSONDecodeError as exc:
            raise ValueError(f"can't parse JSON: {exc}") from exc
        if not isinstance(body, dict):
            raise ValueError("JSON body must be an object")
        raw.update(body)
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                data = value.file.read()
                files[key] = UploadedFile(key, value.filename, value.content_type, data)
            else:
                raw[key] = value
    # A file part named like a field is that field's value; others are attach:// targets.
    for key, uploaded in files.items():
        raw.setdefault(key, uploaded)
    return raw, files
