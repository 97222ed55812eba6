"""`/chamdiem` (`/score`): what it opens depends on who asks.

A unit reporter scores their unit; a leader or deputy reviews the cluster's units; the admin
sees every cluster's proposals; a member sees the published ranking.
"""

from __future__ import annotations

from bot.flow.context import Context
from bot.flow.router import Router
from domain.messages import ChatKind
from domain.roles import Role
from handlers.scoring.outcome import member_view
from handlers.scoring.proposals import admin_view
from handlers.scoring.review import show_units
from handlers.scoring.unit import open_sheet

router = Router(name=__name__)


@router.command("score")
async def score(ctx: Context) -> None:
    if ctx.incoming.chat_kind is ChatKind.GROUP:
        # Scores and evidence are not for the whole group to read before publication.
        ctx.say(ctx._("Vui lòng dùng /chamdiem trong tin nhắn riêng với tôi."))
        return
    if ctx.role is Role.REPORTER:
        await open_sheet(ctx)
    elif ctx.role in (Role.LEADER, Role.DEPUTY):
        await show_units(ctx)
    elif ctx.role is Role.ADMIN:
        await admin_view(ctx)
    else:
        await member_view(ctx)
