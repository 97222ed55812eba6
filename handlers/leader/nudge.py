"""/nhacnho: a leader sees who has not yet done what is due, and nudges them now."""

from __future__ import annotations

from typing import Any

from bot.flow.context import Context, Option
from bot.flow.router import Router
from bot.reminders.nudges import LABELS, NudgeKind
from domain.commands import LEADERS
from handlers.leader.clusters import ClusterChosen, pick_cluster

router = Router(name=__name__)
router.flow("nudge", ClusterChosen)


@router.command("nudge")
async def nudge(ctx: Context) -> None:
    """Pick the cluster (admins may have several), then show what can be nudged."""
    cluster_id = await pick_cluster(
        ctx, flow="nudge", step="kind", action="nudge.cluster",
        prompt=ctx._("Nhắc việc ở cụm, khối nào?"),
        none=ctx._("Đồng chí chưa phụ trách cụm, khối nào nên chưa nhắc được ai."),
    )  # fmt: skip
    if cluster_id is not None:
        await _menu(ctx, cluster_id)


@router.choice("nudge.cluster", roles=LEADERS)
async def chose_cluster(ctx: Context, payload: dict[str, Any]) -> None:
    """Show what can be nudged in the chosen cluster."""
    cluster_id = int(payload.get("cluster") or 0)
    ctx.goto("kind", ClusterChosen(cluster=cluster_id))
    await _menu(ctx, cluster_id)


async def _menu(ctx: Context, cluster_id: int) -> None:
    counts = await ctx.services.nudge.preview(cluster_id)
    if not any(counts.values()):
        ctx.finish()
        ctx.say(ctx._("Mọi người đã hoàn thành việc đến hạn, không cần nhắc ai."))
        return
    lines = [ctx._("Có thể nhắc ngay (chỉ những người chưa làm):")]
    options = []
    for kind, count in counts.items():
        people = ctx.t.ngettext("• {what}: {count} người", "• {what}: {count} người", count)
        lines.append(people.format(what=ctx._(LABELS[kind]), count=ctx.t.number(count)))
        if count:
            label = ctx._("Nhắc: {what}").format(what=ctx._(LABELS[kind]))
            options.append(Option(label, "nudge.send", {"kind": kind.value}))
    options.append(Option(ctx._("Hủy"), "nudge.cancel"))
    ctx.say("\n".join(lines), options)


@router.choice("nudge.send", roles=LEADERS)
async def send(ctx: Context, payload: dict[str, Any]) -> None:
    """Queue the chosen nudge."""
    cluster_id = ctx.state(ClusterChosen).cluster
    ctx.finish()
    try:
        kind = NudgeKind(str(payload.get("kind")))
    except ValueError:
        ctx.say(ctx._("Lựa chọn này đã cũ. Vui lòng gõ lại lệnh để bắt đầu lại."))
        return
    queued = await ctx.services.nudge.send(ctx.person, cluster_id, kind)
    if queued is None:
        ctx.say(ctx._("Đồng chí không còn quyền thực hiện thao tác này."))
    elif queued == 0:
        ctx.say(ctx._("Những người này đã được nhắc hôm nay; không gửi lại."))
    else:
        sent = ctx.t.ngettext(
            "Đã gửi nhắc tới {count} tài khoản.", "Đã gửi nhắc tới {count} tài khoản.", queued
        )
        ctx.say(sent.format(count=ctx.t.number(queued)))


@router.choice("nudge.cancel", roles=LEADERS)
async def cancel(ctx: Context, _payload: dict[str, Any]) -> None:
    """Nudge nobody."""
    ctx.finish()
    ctx.say(ctx._("Đã hủy, chưa gửi gì."))
