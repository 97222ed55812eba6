"""Feature handlers; they know nothing of Telegram or Zalo."""

from __future__ import annotations

from bot.core.router import Registry
from handlers import group, help, invite, link, mine, onboarding, settings


def build_registry() -> Registry:
    """Gather every feature's router into one registry."""
    registry = Registry()
    # Order does not matter: the registry refuses two handlers for one command or step.
    for module in (onboarding, help, settings, invite, link, group, mine):
        registry.include(module.router)
    return registry
