"""Where the database is: `DATABASE_URL` from the environment or `.env`, as the bot reads it.

Storage owns the default so that the Alembic command line finds the same database as the bot
without importing `bot` (storage is the lower layer).
"""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/thidua.db"


class DatabaseSettings(BaseSettings):
    """The one setting the migrations need; `bot.config.Settings` reads it the same way."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
