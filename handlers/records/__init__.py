"""/cuatoi: what the bot holds about a person and their unit, and leaving."""

from __future__ import annotations

from bot.flow.router import Router
from handlers.records import blocks, mine

router = Router(name=__name__)
router.include(mine.router, blocks.router)
