"""/giaouoc: each person lands where their role leads them.

A cluster's leader or deputy (the admin, after picking a cluster) opens the year's covenant
and follows it; a unit's head or reporter reads and signs it; every member gets the cluster's
launch plan once it is announced. The command is private in the contract: it asks questions.
"""

from __future__ import annotations

from typing import Any

from bot.flow.clusters import ClusterChosen
from bot.flow.context import Context, Option
from bot.flow.router import Router
from domain.commands import LEADERS
from domain.roles import Role
from handlers.covenant.manage import leader_view
from handlers.covenant.sign import member_view
from handlers.covenant.texts import FLOW

router = Router(name=__name__)
router.flow(FLOW, ClusterChosen)
LEADING = (Role.LEADER, Role.DEPUTY, Role.ADMIN)


@router.command("covenant")
async def covenant(ctx: Context) -> None:
    """Show a leader their cluster's covenant (the admin picks a cluster first); show anyone
    else what is theirs to sign or read."""
    clusters = await ctx.services.access.clusters(ctx.person) if ctx.role in LEADING else []
    if len(clusters) > 1:
        ctx.begin(FLOW, "cluster")
        ctx.say(
            ctx._("Giao ước thi đua của cụm, khối nào?"),
            [Option(c.name, "covenant.cluster", {"cluster": c.id}) for c in clusters],
        )
        return
    if clusters:
        await leader_view(ctx, clusters[0].id)
        return
    await member_view(ctx)


@router.choice("covenant.cluster", roles=LEADERS)
async def chose_cluster(ctx: Context, payload: dict[str, Any]) -> None:
    """Show the covenant of the cluster picked, checked again (the admin may have lost it)."""
    wanted = payload.get("cluster")
    cluster = await ctx.services.access.cluster(
        ctx.person, wanted if isinstance(wanted, int) else 0
    )  # a refusal is said by the core
    await leader_view(ctx, cluster.id)
