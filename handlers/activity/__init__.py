"""Activity reports: the form in steps or one line, saving, editing, good examples."""

from __future__ import annotations

from bot.flow.router import Router
from handlers.activity import form, manage, save, start

router = Router(name=__name__)
router.include(start.router, form.router, save.router, manage.router)
