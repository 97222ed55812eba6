"""The office console from the chat: /quantri sends a sign-in link."""

from __future__ import annotations

from bot.flow.router import Router
from handlers.office import signin

router = Router(name=__name__)
router.include(signin.router)
