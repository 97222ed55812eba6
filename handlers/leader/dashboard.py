"""/bangdieukhien: a leader gets a signed link to the cluster's page (and a Mini App button)."""

from __future__ import annotations

from typing import Any

from bot.flow.context import Context, Option
from bot.flow.payload import number as payload_number
from bot.flow.router import Router
from domain.commands import LEADERS
from domain.dialogs import Nothing
from domain.messages import LinkButton
from domain.roles import Role
from domain.signed_links import PROVINCE

router = Router(name=__name__)
router.flow("dashboard", Nothing)  # each option carries the cluster


@router.command("dashboard")
async def dashboard(ctx: Context) -> None:
    """Offer the person's clusters (and the province to an admin), or send the only one."""
    if _unavailable(ctx):
        return
    clusters = await ctx.services.access.clusters(ctx.person)
    options = [Option(c.name, "dashboard.cluster", {"cluster": c.id}) for c in clusters]
    if ctx.role is Role.ADMIN:
        options.insert(0, Option(ctx._("Toàn tỉnh"), "dashboard.cluster", {"cluster": PROVINCE}))
    if not options:
        ctx.say(ctx._("Đồng chí chưa phụ trách cụm, khối nào nên chưa có bảng điều khiển."))
        return
    if len(options) == 1:
        await _send(ctx, clusters[0].id, clusters[0].name)
        return
    ctx.begin("dashboard", "cluster")
    ctx.say(ctx._("Vui lòng chọn bảng điều khiển muốn xem."), options)


@router.choice("dashboard.cluster", roles=LEADERS)
async def chose(ctx: Context, payload: dict[str, Any]) -> None:
    """Send the link of the chosen page, after checking again that the person may see it."""
    ctx.finish()
    if _unavailable(ctx):
        return
    wanted = payload_number(payload, "cluster")
    if wanted == PROVINCE and ctx.role is Role.ADMIN:
        await _send(ctx, PROVINCE, ctx._("Toàn tỉnh"))
        return
    found = await ctx.services.access.cluster(ctx.person, wanted)  # the core says a refusal
    await _send(ctx, found.id, found.name)


def _unavailable(ctx: Context) -> bool:
    # Never in a group: the command is private in the contract (the link needs no password).
    if ctx.dashboard is None:
        ctx.say(ctx._("Bảng điều khiển chưa được bật. Vui lòng liên hệ quản trị viên hệ thống."))
        return True
    return False


async def _send(ctx: Context, cluster_id: int, name: str) -> None:
    ctx.finish()
    assert ctx.dashboard is not None and ctx.person is not None  # checked by the caller
    links = ctx.dashboard
    url = links.url(ctx.person.member_id, cluster_id, ctx.now)
    # Mini Apps open only over https; a channel without them (Zalo) shows the link alone.
    app = f"{links.base_url}/dashboard/app?cluster={cluster_id}"
    web_app = app if app.startswith("https") else None
    ctx.say(
        ctx._(
            "Bảng điều khiển {name}: liên kết dùng được trong 24 giờ và chỉ dành cho đồng chí, "
            "vui lòng không chuyển cho người khác."
        ).format(name=name),
        link=LinkButton(ctx._("Mở bảng điều khiển"), url, web_app),
    )
