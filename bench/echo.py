"""A bare python-telegram-bot echo bot: an Application with one MessageHandler, defaults."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from emulator.telegram import TelegramEmulator


async def _echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text is not None:
        await message.reply_text(message.text)


async def start_echo(emu: TelegramEmulator) -> Application[Any, Any, Any, Any, Any, Any]:
    """Start the bare echo bot against `emu` with long polling (python-telegram-bot defaults)."""
    app = (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, _echo))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling()
    return app


async def stop_echo(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Stop the echo bot started by `start_echo`."""
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    await app.stop()
    await app.shutdown()
