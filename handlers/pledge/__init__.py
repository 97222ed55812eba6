"""The "Vì người nghèo" pledge: making it, paying it, its review by the unit and cluster."""

from __future__ import annotations

from bot.flow.router import Router
from handlers.pledge import pay, review, start, statement, status

router = Router(name=__name__)
router.include(start.router, status.router, review.router, pay.router, statement.router)
