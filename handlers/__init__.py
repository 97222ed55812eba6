"""Feature handlers, one package per feature; they know nothing of Telegram or Zalo."""

from __future__ import annotations

from bot.flow.router import Registry
from handlers import (
    activity,
    covenant,
    drafting,
    general,
    leader,
    membership,
    office,
    pledge,
    proposals,
    records,
    registration,
    scoring,
    year,
)


def build_registry() -> Registry:
    """Gather every feature's router into one registry."""
    registry = Registry()
    # Order does not matter: the registry refuses two handlers for one command, step or
    # option, so no feature can shadow another. Free-text fallbacks are tried in this order,
    # and only membership has one (a Zalo user typing an invite code without /start).
    for feature in (
        membership,
        general,
        records,
        pledge,
        activity,
        registration,
        leader,
        drafting,
        scoring,
        proposals,
        covenant,
        office,
        year,
    ):
        registry.include(feature.router)
    return registry
