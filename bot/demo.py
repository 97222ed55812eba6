"""`python -m bot demo`: chat with the real bot in this terminal, through a local emulator.

The bot runs unchanged (python-telegram-bot, the core, SQLite); only Telegram is replaced by
the emulator on loopback, so what you see is what a member would see.
"""

from __future__ import annotations

import asyncio
import html
import re
import sys
from typing import Any

from pydantic import SecretStr

from bot.app import BotApp
from bot.config import Settings
from bot.emulator.telegram import TelegramEmulator

DEMO_DATABASE_URL = "sqlite+aiosqlite:///data/demo.db"
DEMO_TOKEN = "123456:DEMO"
_TAG = re.compile(r"<[^>]+>")
_QUIET = 0.4  # seconds without a new message before the bot counts as done answering


async def run_demo(
    settings: Settings,
    *,
    stdin: Any = None,
    stdout: Any = None,
    database_url: str = DEMO_DATABASE_URL,
) -> int:
    """Run the emulator and the bot, and relay lines between the terminal and the bot."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    async with TelegramEmulator(DEMO_TOKEN, bot_username="thidua_demo_bot") as emulator:
        bot_settings = settings.model_copy(
            update={
                "database_url": database_url,
                "telegram_bot_token": SecretStr(DEMO_TOKEN),
                "telegram_api_base_url": emulator.base_url,
                "telegram_api_file_url": emulator.base_file_url,
                "telegram_webhook_url": None,
                "zalo_bot_token": None,
            }
        )
        app = BotApp(bot_settings)
        await app.start()
        try:
            await _chat(emulator, stdin, stdout)
        finally:
            await app.stop()
    return 0


async def _chat(emulator: TelegramEmulator, stdin: Any, stdout: Any) -> None:
    user = emulator.user(1001, "Nguyễn Văn An", language_code="vi")
    _print(
        stdout,
        "Demo thidua-bot — bạn đang chat với bot như một người dùng Telegram (giả lập).\n"
        "Gõ /start, /trogiup, /ngonngu …; gõ số để bấm nút; Ctrl-D để thoát.\n"
        "Demo of thidua-bot — type /help, /lang …; a number presses a button; Ctrl-D quits.",
    )
    last_with_buttons: dict[str, Any] | None = None
    while True:
        stdout.write("> ")
        stdout.flush()
        line = await asyncio.to_thread(stdin.readline)
        if not line:
            break
        text = line.strip()
        if not text:
            continue
        buttons = _buttons(last_with_buttons)
        if text.isdigit() and last_with_buttons is not None and 1 <= int(text) <= len(buttons):
            await emulator.press(user, last_with_buttons, int(text) - 1)
        else:
            await emulator.send_text(user, text)
        for message in await _replies(emulator, user.id):
            _show(stdout, message)
            if _buttons(message):
                last_with_buttons = message
    _print(stdout, "\nTạm biệt! / Goodbye!")


async def _replies(emulator: TelegramEmulator, chat_id: int) -> list[dict[str, Any]]:
    try:
        messages = await emulator.wait_messages(chat_id, 1, timeout=10)
    except TimeoutError:
        return []
    while True:
        try:
            messages += await emulator.wait_messages(chat_id, 1, timeout=_QUIET)
        except TimeoutError:
            return messages


def _buttons(message: dict[str, Any] | None) -> list[str]:
    if not message:
        return []
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [button["text"] for row in rows for button in row]


def _show(stdout: Any, message: dict[str, Any]) -> None:
    text = html.unescape(_TAG.sub("", message.get("text") or message.get("caption") or ""))
    lines = [
        f"bot: {line}" if i == 0 else f"     {line}" for i, line in enumerate(text.split("\n"))
    ]
    if message.get("document"):
        lines.append(f"     [tệp / file: {message['document'].get('file_name', '')}]")
    lines += [f"     [{n}] {label}" for n, label in enumerate(_buttons(message), start=1)]
    _print(stdout, "\n".join(lines))


def _print(stdout: Any, text: str) -> None:
    stdout.write(text + "\n")
    stdout.flush()
