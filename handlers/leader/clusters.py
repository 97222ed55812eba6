"""Choosing the cluster a leader acts on (an admin may act on any)."""

from __future__ import annotations

from bot.flow.context import Context, Option
from domain.dialogs import FlowState


class ClusterChosen(FlowState):
    """Kept by a flow that acts on one cluster, once it is chosen."""

    cluster: int = 0  # 0 while the choice is offered


async def pick_cluster(
    ctx: Context, *, flow: str, step: str, action: str, prompt: str, none: str
) -> int | None:
    """Begin `flow`; return the only cluster at once, else offer them all under `action`."""
    clusters = await ctx.services.announce.clusters_for(ctx.person)
    if not clusters:
        ctx.say(none)
        return None
    if len(clusters) > 1:
        ctx.begin(flow, "cluster")
        ctx.say(prompt, [Option(c.name, action, {"cluster": c.id}) for c in clusters])
        return None
    ctx.begin(flow, step, ClusterChosen(cluster=clusters[0].id))
    return clusters[0].id
