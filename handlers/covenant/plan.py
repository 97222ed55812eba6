"""The launch plan: drafted for the leader to read, then, once confirmed, announced to every
member and linked group of the cluster; members receive the document with /giaouoc."""

from __future__ import annotations

from typing import Any

from bot.flow.clusters import ClusterChosen
from bot.flow.context import Context, Option
from bot.flow.router import Router
from domain.commands import LEADERS
from handlers.covenant.texts import hand_over, when, word_file

router = Router(name=__name__)


@router.choice("covenant.plan", roles=LEADERS)
async def draft(ctx: Context, _payload: dict[str, Any]) -> None:
    """Send the drafted plan; offer to announce it unless it was announced already."""
    cluster_id = ctx.state(ClusterChosen).cluster
    launch = ctx.services.launch
    announced = await launch.announced(cluster_id)
    if announced is not None:
        ctx.finish()
        found = await launch.announced_file(cluster_id)
        assert found is not None
        hand_over(ctx, [ctx._("Kế hoạch phát động đã gửi tới cụm, khối lúc {when}; đây là văn "
                              "bản đã gửi.").format(when=when(ctx, announced))],
                  word_file(*found))  # fmt: skip
        return
    data = await launch.plan(ctx.person, cluster_id)  # the core says a refusal
    first, second = data.phases
    greeted = [title for p in data.phases for title in p.anniversaries]
    lines = [
        ctx._("Dự thảo Kế hoạch phát động phong trào thi đua năm {year} của {cluster}.").format(
            year=data.year, cluster=data.issuer.cluster_name),
        ctx._("Đợt I: từ {start} đến {end}; Đợt II: từ {start2} đến {end2}; {count} ngày kỷ niệm "
              "được chào mừng; đăng ký thi đua chậm nhất ngày {deadline}.").format(
            start=ctx.t.date(first.phase.start), end=ctx.t.date(first.phase.end),
            start2=ctx.t.date(second.phase.start), end2=ctx.t.date(second.phase.end),
            count=len(greeted), deadline=ctx.t.date(data.registration_deadline)),
        ctx._("Vui lòng xem lại và viết các đoạn tô vàng. Khi đồng ý, chọn “Phát động” để gửi "
              "Kế hoạch tới toàn thể thành viên và nhóm chat của cụm, khối."),
    ]  # fmt: skip
    ctx.goto("plan")
    options = [Option(ctx._("Phát động"), "covenant.announce"),
               Option(ctx._("Để sau"), "covenant.hold")]  # fmt: skip
    content = await launch.document(ctx.person, cluster_id)
    hand_over(ctx, lines, word_file(f"du-thao-ke-hoach-phat-dong-{data.year}.docx", content),
              options)  # fmt: skip


@router.choice("covenant.announce", roles=LEADERS)
async def announce(ctx: Context, _payload: dict[str, Any]) -> None:
    """Announce the plan to the cluster: every member privately, each linked group once."""
    cluster_id = ctx.state(ClusterChosen).cluster
    ctx.finish()
    queued = await ctx.services.launch.announce(ctx.person, cluster_id)  # refusals: the core
    ctx.say(
        ctx.t.ngettext(
            "Đã phát động: thông báo đang được gửi tới {count} nơi nhận. Thành viên gõ /giaouoc "
            "để nhận toàn văn Kế hoạch.",
            "Đã phát động: thông báo đang được gửi tới {count} nơi nhận. Thành viên gõ /giaouoc "
            "để nhận toàn văn Kế hoạch.",
            queued,
        ).format(count=ctx.t.number(queued))
    )


@router.choice("covenant.hold", roles=LEADERS)
async def hold(ctx: Context, _payload: dict[str, Any]) -> None:
    """Keep the plan unannounced for now."""
    ctx.finish()
    ctx.say(ctx._("Chưa phát động. Gõ /giaouoc khi cần soạn lại Kế hoạch."))
