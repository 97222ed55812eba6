"""Choosing the cluster a leader acts on (an admin may act on any)."""

from __future__ import annotations

from bot.flow.context import Context, Option


async def pick_cluster(
    ctx: Context, *, flow: str, step: str, action: str, prompt: str, none: str,
    extra: dict[str, int] | None = None,
) -> int | None:  # fmt: skip
    """Begin `flow`; return the only cluster at once, else offer them all under `action`
    (each option's payload with `extra`, e.g. the year asked for)."""
    clusters = await ctx.services.announce.clusters_for(ctx.person)
    if not clusters:
        ctx.say(none)
        return None
    if len(clusters) > 1:
        ctx.begin(flow, "cluster")
        ctx.say(
            prompt, [Option(c.name, action, {"cluster": c.id, **(extra or {})}) for c in clusters]
        )
        return None
    ctx.begin(flow, step, cluster=clusters[0].id)
    return clusters[0].id
