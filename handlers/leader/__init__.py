"""What cluster leaders do: summary, export, announcements and nudges."""

from __future__ import annotations

from bot.flow.router import Router
from handlers.leader import announce, dashboard, export, nudge, summary

router = Router(name=__name__)
router.include(summary.router, dashboard.router, export.router, announce.router, nudge.router)
