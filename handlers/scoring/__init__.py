"""The year's finale: self-assessment, review, ranking, publication and proposals."""

from __future__ import annotations

from bot.flow.router import Router
from handlers.scoring import outcome, proposals, results, review, start, unit

router = Router(name=__name__)
router.include(start.router, unit.router, outcome.router, review.router, results.router,
               proposals.router)  # fmt: skip
