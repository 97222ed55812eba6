"""Feature handlers; they know nothing of Telegram or Zalo."""

from __future__ import annotations

from bot.core.router import Registry
from handlers import (
    activity,
    activity_form,
    activity_manage,
    activity_save,
    announce,
    calendar,
    export,
    group,
    help,
    invite,
    link,
    mine,
    nudge,
    onboarding,
    pledge,
    pledge_review,
    pledge_status,
    records,
    registration,
    registration_review,
    settings,
    summary,
)


def build_registry() -> Registry:
    """Gather every feature's router into one registry."""
    registry = Registry()
    # Order does not matter: the registry refuses two handlers for one command or step.
    modules = (onboarding, help, settings, invite, link, group, mine, calendar, announce,
               pledge, pledge_status, pledge_review, activity, activity_form, activity_save,
               activity_manage, registration, registration_review, records, nudge, summary,
               export)  # fmt: skip
    for module in modules:
        registry.include(module.router)
    return registry
