"""/quantri: the admin (or a cluster's leader) gets a link that signs them in to the console."""

from __future__ import annotations

from bot.flow.context import Context
from bot.flow.router import Router
from domain.messages import LinkButton
from domain.roles import LEADERSHIP, Role

router = Router(name=__name__)


@router.command("office")
async def office(ctx: Context) -> None:
    """Send a sign-in link: used once, valid ten minutes, for this person only."""
    # Never in a group: the command is private in the contract (the link needs no password).
    if ctx.office is None:
        ctx.say(ctx._("Trang quản trị chưa được bật. Vui lòng liên hệ quản trị viên hệ thống."))
        return
    person = ctx.person
    leads = person is not None and person.role in LEADERSHIP and person.led_cluster_id
    if person is None or not (ctx.role is Role.ADMIN or leads):
        ctx.say(ctx._("Đồng chí chưa phụ trách cụm, khối nào nên chưa có trang quản trị."))
        return
    url = ctx.office.url(person.member_id, ctx.now)
    ctx.say(
        ctx._(
            "Liên kết đăng nhập trang quản trị: chỉ dùng được một lần, trong 10 phút, và chỉ "
            "dành cho đồng chí; vui lòng không chuyển cho người khác. Mở liên kết trên máy "
            "tính rồi bấm “Đăng nhập”."
        ),
        link=LinkButton(ctx._("Đăng nhập trang quản trị"), url),
    )
