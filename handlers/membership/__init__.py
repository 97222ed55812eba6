"""Joining a unit, invite codes, linking channels and group chats, absences."""

from __future__ import annotations

from bot.flow.router import Router
from handlers.membership import absence, group, invite, link, onboarding

router = Router(name=__name__)
router.include(onboarding.router, invite.router, link.router, group.router, absence.router)
