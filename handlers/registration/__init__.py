"""A unit's emulation registration (targets, titles, reward forms) and its review."""

from __future__ import annotations

from bot.flow.router import Router
from handlers.registration import review, start

router = Router(name=__name__)
router.include(start.router, review.router)
