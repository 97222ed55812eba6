"""Settings read from the environment and `.env` (the contract in DESIGN.md)."""

from __future__ import annotations

from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.i18n import SUPPORTED_LOCALES
from storage.db.location import DEFAULT_DATABASE_URL


class SettingRejected(Exception):
    """A setting the platform refused at start (a wrong token): the process stops with this."""


class Settings(BaseSettings):
    """Every knob of the bot; tokens are secrets and never logged."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_api_file_url: str | None = None  # derived from the API base when unset
    telegram_webhook_url: str | None = None  # public https URL; enables webhook mode
    telegram_webhook_secret: SecretStr | None = None
    zalo_bot_token: SecretStr | None = None
    zalo_api_base_url: str = "https://bot-api.zaloplatforms.com/bot"
    zalo_webhook_url: str | None = None  # public https URL; enables webhook mode
    zalo_webhook_secret: SecretStr | None = None
    config_dir: str = "config"  # the province's YAML files: campaign, calendar, catalogues
    timezone: str = "Asia/Ho_Chi_Minh"
    default_locale: str = "vi"
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    # Serve /healthz and /metrics on that port even without webhooks (polling mode).
    monitoring: bool = False
    # Public URL of the bot's HTTP server, for links to exports on Zalo (which takes no files);
    # unset: no links, and the web server starts only for webhooks.
    public_base_url: str | None = None
    # Signs the leaders' dashboard links (HMAC-SHA256); with PUBLIC_BASE_URL it turns the
    # dashboard on. At least 32 characters (README shows how to make one).
    dashboard_secret: SecretStr | None = None
    # Seals the office console's sign-in links and session cookies; with PUBLIC_BASE_URL it
    # turns /quantri and the console on. Unset: keys derived from DASHBOARD_SECRET, if any.
    console_secret: SecretStr | None = None
    exports_dir: str = "data/exports"  # where published exports wait 24 hours
    log_level: str = "INFO"
    # SePay (bank notifications): its API key enables POST `sepay_webhook_path`, which matches
    # each incoming transfer to a pledge as a statement import does.
    sepay_api_key: SecretStr | None = None
    sepay_webhook_path: str = "/webhooks/sepay"
    # Outbox: Telegram allows ~30 messages/s (1,000 with paid broadcasts); Zalo publishes no
    # figure, so it is kept slow and steady.
    telegram_max_rate: float = Field(default=30.0, gt=0, le=1000)
    zalo_max_rate: float = Field(default=10.0, gt=0, le=1000)
    http_timeout_seconds: float = Field(default=10.0, gt=0, le=120)  # per call to a platform
    # Pace per private Telegram chat after a burst of 3, replies and outbox alike (~1/s).
    outbox_chat_interval_seconds: float = Field(default=1.0, ge=0)
    outbox_concurrency: int = Field(default=8, ge=1, le=256)
    outbox_lease_seconds: float = Field(default=60.0, gt=0)
    outbox_retry_base_seconds: float = Field(default=2.0, gt=0)
    # How often an idle outbox sender looks for messages queued by another process (its own
    # process wakes it at once).
    outbox_idle_poll_seconds: float = Field(default=5.0, gt=0, le=300)
    # Inbox: chats handled at once per process, and how long a process's claim on an update
    # lasts (past it, a process that died has its update taken by another).
    inbox_concurrency: int = Field(default=8, ge=1, le=256)
    inbox_lease_seconds: float = Field(default=60.0, gt=0)
    # How long a button stays valid and a processed update key is remembered.
    choice_ttl_hours: int = Field(default=72, ge=1)
    update_key_ttl_hours: int = Field(default=48, ge=1)

    @model_validator(mode="before")
    @classmethod
    def _blank_is_unset(cls, data: Any) -> Any:
        # `.env.example` leaves optional settings as `NAME=`: a blank value must mean "unset"
        # (the default), never an empty URL or token that switches a mode on.
        if isinstance(data, dict):
            return {
                key: value
                for key, value in data.items()
                if not (isinstance(value, str) and not value.strip())
                and not (isinstance(value, SecretStr) and not value.get_secret_value().strip())
            }
        return data

    @field_validator("public_base_url")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip().rstrip("/")
        if not value.startswith(("https://", "http://")):
            raise ValueError("PUBLIC_BASE_URL must start with https:// (or http://)")
        return value

    @field_validator("default_locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        if value not in SUPPORTED_LOCALES:
            raise ValueError(f"DEFAULT_LOCALE must be one of {SUPPORTED_LOCALES}")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        ZoneInfo(value)  # raises for an unknown zone, at start rather than at the first reminder
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        # An unauthenticated webhook would let anyone on the internet speak as any member.
        if self.telegram_webhook_url and self.telegram_webhook_secret is None:
            raise ValueError("TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL")
        if self.zalo_webhook_url and self.zalo_webhook_secret is None:
            raise ValueError("ZALO_WEBHOOK_SECRET is required with ZALO_WEBHOOK_URL")
        dashboard = self.dashboard_secret
        if dashboard is not None and len(dashboard.get_secret_value()) < 32:
            raise ValueError("DASHBOARD_SECRET must be at least 32 characters")
        console = self.console_secret
        if console is not None and len(console.get_secret_value()) < 32:
            raise ValueError("CONSOLE_SECRET must be at least 32 characters")
        secret = self.zalo_webhook_secret
        if secret is not None and not 8 <= len(secret.get_secret_value()) <= 256:
            raise ValueError("ZALO_WEBHOOK_SECRET must be 8 to 256 characters (Zalo's rule)")
        return self

    @property
    def console_key(self) -> bytes | None:
        """Return the secret the console's keys derive from; None: no console."""
        secret = self.console_secret or self.dashboard_secret
        if secret is None or self.public_base_url is None:
            return None
        return secret.get_secret_value().encode()

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def has_any_channel(self) -> bool:
        return self.telegram_bot_token is not None or self.zalo_bot_token is not None

    @property
    def telegram_file_url(self) -> str:
        if self.telegram_api_file_url:
            return self.telegram_api_file_url
        base = self.telegram_api_base_url.rstrip("/")
        head, _, tail = base.rpartition("/")
        # "https://api.telegram.org/bot" -> "https://api.telegram.org/file/bot"
        return f"{head}/file/{tail}"
