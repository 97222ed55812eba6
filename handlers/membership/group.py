"""Group chats: what the bot is for, and linking a group to its cluster."""

from __future__ import annotations

from bot.flow.context import Context
from bot.flow.router import Router
from domain.messages import ChatKind, EventKind

router = Router(name=__name__)


@router.event(EventKind.ADDED_TO_GROUP)
async def added(ctx: Context) -> None:
    """Say what the bot does in a group and how a leader links it."""
    ctx.say(
        ctx._(
            "Xin chào các đồng chí! Tôi là trợ lý phong trào thi đua của các Cụm, Khối thi đua.\n"
            "Trưởng hoặc Phó Trưởng cụm, khối vui lòng gõ /nhom trong nhóm này để liên kết nhóm "
            "với cụm, khối; sau đó các thông báo của cụm sẽ được gửi vào đây. Mỗi đồng chí vui "
            "lòng nhắn riêng cho tôi để tham gia và báo cáo."
        )
    )


@router.event(EventKind.REMOVED_FROM_GROUP)
async def removed(ctx: Context) -> None:
    """Forget the group's link: the bot can no longer post there."""
    await ctx.services.membership.unlink_group()


@router.command("group")
async def link_group(ctx: Context) -> None:
    """Link this group chat to the cluster the leader leads."""
    if ctx.incoming.chat_kind is not ChatKind.GROUP:
        ctx.say(
            ctx._("Vui lòng gõ /nhom trong nhóm chat của cụm, khối (không phải tin nhắn riêng).")
        )
        return
    if not ctx.incoming.can_post:
        ctx.say(
            ctx._(
                "Tôi chưa được phép gửi tin nhắn trong nhóm “{group}”. Vui lòng cho tôi quyền gửi "
                "tin (hoặc quyền quản trị) rồi gõ lại /nhom trong nhóm."
            ).format(group=ctx.incoming.chat_title)
        )
        return
    cluster = await ctx.services.membership.link_group(ctx.person, ctx.incoming.chat_title)
    if cluster is None:
        ctx.say(ctx._("Chỉ Trưởng, Phó Trưởng cụm, khối mới liên kết được nhóm với cụm, khối."))
        return
    ctx.say(
        ctx._(
            "Đã liên kết nhóm này với {cluster}. Thông báo của cụm, khối sẽ được gửi vào đây."
        ).format(cluster=cluster.name)
    )
