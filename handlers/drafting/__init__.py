"""/soanbaocao: a leader drafts the cluster's phase or year-end report as a Word document."""

from __future__ import annotations

from bot.flow.router import Router
from handlers.drafting import send, start

router = Router(name=__name__)
router.include(start.router, send.router)
