"""/denghi: the province's office weighs every cluster's proposals for commendation."""

from __future__ import annotations

from bot.flow.router import Router
from handlers.proposals import board, decide, download

router = Router(name=__name__)
router.include(board.router, decide.router, download.router)
