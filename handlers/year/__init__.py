"""/chuyennam: the province's office closes the year and opens the next, from the chat."""

from __future__ import annotations

from bot.flow.router import Router
from handlers.year import turn

router = Router(name=__name__)
router.include(turn.router)
