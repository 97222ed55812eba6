"""/nhacnho: a leader sees who has not yet done what is due, and nudges them now."""

from __future__ import annotations

from typing import Any

from bot.flow.clusters import ClusterChosen, pick_cluster_then
from bot.flow.context import Context, Option
from bot.flow.router import Router
from bot.reminders.nudges import LABELS, NudgeKind
from domain.commands import LEADERS
from domain.text import N_

router = Router(name=__name__)


@pick_cluster_then(
    router, "nudge", step="kind", prompt=N_("Nhắc việc ở cụm, khối nào?"),
    none=N_("Đồng chí chưa phụ trách cụm, khối nào nên chưa nhắc được ai."),
)  # fmt: skip
async def nudge(ctx: Context, cluster_id: int) -> None:
    """Show what can be nudged in the cluster picked (admins may have several)."""
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
    queued = await ctx.services.nudge.send(ctx.person, cluster_id, kind)  # the core says a refusal
    if queued == 0:
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
