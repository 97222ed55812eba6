"""A bare python-telegram-bot echo bot: an Application with one MessageHandler, defaults.

`python -m bench.chat.echo` runs it with long polling against the Bot API named by
TELEGRAM_API_BASE_URL, TELEGRAM_API_FILE_URL and TELEGRAM_BOT_TOKEN, until SIGTERM.
"""

from __future__ import annotations

import os

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters


async def _echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text is not None:
        await message.reply_text(message.text)


def main() -> None:
    """Build the echo bot from the environment and poll until stopped."""
    app = (
        ApplicationBuilder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_API_BASE_URL"])
        .base_file_url(os.environ["TELEGRAM_API_FILE_URL"])
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, _echo))
    app.run_polling(allowed_updates=Update.ALL_TYPES)  # stops on SIGTERM


if __name__ == "__main__":
    main()
