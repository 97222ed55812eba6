"""Settings that turn the dashboard on, on a free loopback port, and reading a page's figures."""

from __future__ import annotations

import re

from pydantic import SecretStr

from bot.config import Settings
from tests.support.ports import free_port

SECRET = "test-dashboard-secret-of-32-characters!"
_FIGURE = re.compile(r'data-figure="([a-z]+)">([^<]*)<')


def dashboard_settings(settings: Settings) -> Settings:
    """Return `settings` with the dashboard served on a free port of 127.0.0.1."""
    port = free_port()
    return settings.model_copy(update={
        "dashboard_secret": SecretStr(SECRET), "webhook_listen": "127.0.0.1",
        "webhook_port": port, "public_base_url": f"http://127.0.0.1:{port}",
    })  # fmt: skip


def figures(html: str) -> dict[str, str]:
    """Return the page's figures by name, as shown (entities decoded the simple way)."""
    return {name: value.replace("&nbsp;", "\xa0") for name, value in _FIGURE.findall(html)}
