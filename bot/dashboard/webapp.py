"""Telegram Mini App sign-in: check `initData` with the bot token, find the person behind it."""

from __future__ import annotations

from datetime import timedelta

from telegram_webapp_auth.auth import TelegramAuthenticator, generate_secret_key
from telegram_webapp_auth.errors import ExpiredInitDataError, InvalidInitDataError

# Telegram signs initData when the app opens; an old one replayed gets nothing.
FRESH = timedelta(hours=1)


class MiniAppAuth:
    """Validate Mini App `initData` (HMAC-SHA256 keyed by the bot token, per Telegram)."""

    def __init__(self, bot_token: str) -> None:
        self._auth = TelegramAuthenticator(generate_secret_key(bot_token))

    def telegram_user(self, init_data: str) -> str | None:
        """Return the Telegram user id of fresh, authentic initData; else None."""
        try:
            data = self._auth.validate(init_data, expr_in=FRESH)
        except (InvalidInitDataError, ExpiredInitDataError, ValueError):
            return None
        return str(data.user.id) if data.user is not None else None
