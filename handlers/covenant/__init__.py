"""/giaouoc: the year's covenant (giao ước thi đua) and the cluster's launch plan."""

from __future__ import annotations

from bot.flow.router import Router
from handlers.covenant import draft, manage, plan, sign, start

router = Router(name=__name__)
router.include(start.router, draft.router, manage.router, sign.router, plan.router)
