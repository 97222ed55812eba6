"""Settings: a setting left blank, as `.env.example` leaves them, means "unset"."""

from __future__ import annotations

from pathlib import Path

from bot.config import Settings


def test_blank_settings_fall_back_to_their_defaults(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text(
        "TELEGRAM_BOT_TOKEN=abc\nTELEGRAM_WEBHOOK_URL=\nTELEGRAM_WEBHOOK_SECRET=\n"
        "ZALO_BOT_TOKEN=  \nPUBLIC_BASE_URL=\nTIMEZONE=\nTELEGRAM_API_BASE_URL=\n",
        encoding="utf-8",
    )
    settings = Settings(_env_file=env)
    assert settings.telegram_webhook_url is None  # long polling, not a webhook at ""
    assert settings.telegram_webhook_secret is None
    assert settings.zalo_bot_token is None
    assert settings.public_base_url is None
    assert settings.timezone == "Asia/Ho_Chi_Minh"
    assert settings.telegram_api_base_url == "https://api.telegram.org/bot"
    assert settings.telegram_bot_token is not None


def test_the_rule_holds_for_values_given_in_code_too() -> None:
    settings = Settings(_env_file=None, zalo_webhook_url="", public_base_url=" ")
    assert settings.zalo_webhook_url is None and settings.public_base_url is None
