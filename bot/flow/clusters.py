"""Pick a cluster, then act: the start of every command a leader runs on a whole cluster.

    @pick_cluster_then(router, "export", step="make", prompt=N_("…"), none=N_("…"))
    async def send(ctx: Context, cluster_id: int) -> None: ...

registers the command and the choice of a cluster: a person who may act on one cluster goes
straight to `send`; the admin (several clusters) picks one first. The choice is checked again
when pressed (`ClusterAccess`), so `send` gets a cluster the person may act on.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.flow.context import Context, Option
from bot.flow.router import Router
from domain.commands import BY_KEY
from domain.dialogs import FlowState


class ClusterChosen(FlowState):
    """Kept by a flow that acts on one cluster, once it is chosen."""

    cluster: int = 0  # 0 while the choice is offered


ClusterAction = Callable[[Context, int], Awaitable[None]]


def pick_cluster_then(
    router: Router,
    command: str,
    *,
    step: str,
    prompt: str,
    none: str,
    state: type[ClusterChosen] = ClusterChosen,
    asked: Callable[[Context], ClusterChosen | None] | None = None,
) -> Callable[[ClusterAction], ClusterAction]:
    """Register `command` (also the flow's name) as "pick a cluster, then act".

    The flow keeps `state` (a `ClusterChosen`) and is at `step` when the action runs;
    `prompt` asks which cluster and `none` answers someone who leads none (both marked N_).
    `asked` reads what the command's words ask for (e.g. a year) into the first `state`, or
    answers them and returns None to stop.
    """
    action = f"{command}.cluster"
    router.flow(command, state)

    def register(act: ClusterAction) -> ClusterAction:
        async def start(ctx: Context) -> None:
            first = asked(ctx) if asked is not None else state()
            if first is None:
                return  # `asked` said what was wrong with the command's words
            clusters = await ctx.services.access.clusters(ctx.person)
            if not clusters:
                ctx.say(ctx._(none))
                return
            if len(clusters) > 1:
                ctx.begin(command, "cluster", first)
                options = [Option(c.name, action, {"cluster": c.id}) for c in clusters]
                ctx.say(ctx._(prompt), options)
                return
            ctx.begin(command, step, first.model_copy(update={"cluster": clusters[0].id}))
            await act(ctx, clusters[0].id)

        async def chose(ctx: Context, payload: dict[str, Any]) -> None:
            wanted = payload.get("cluster")
            # Refused (the core says why) when the person lost the cluster since the menu.
            cluster = await ctx.services.access.cluster(
                ctx.person, wanted if isinstance(wanted, int) else 0
            )
            # What the command asked for stays with the cluster chosen.
            kept = ctx.state(state).model_copy(update={"cluster": cluster.id})
            ctx.begin(command, step, kept)
            await act(ctx, cluster.id)

        router.command(command)(start)
        router.choice(action, roles=BY_KEY[command].roles)(chose)
        return act

    return register
