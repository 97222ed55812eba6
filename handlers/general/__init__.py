"""Help, the calendar and the language: open to anyone."""

from __future__ import annotations

from bot.flow.router import Router
from handlers.general import calendar, help, settings

router = Router(name=__name__)
router.include(help.router, calendar.router, settings.router)
