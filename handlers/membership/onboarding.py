"""Welcome and joining: /start, invite codes, the confirmation and the member's name."""

from __future__ import annotations

import re
from typing import Any

from bot.flow.context import Context, Option
from bot.flow.refusals import refusals
from bot.flow.router import Router
from bot.services.membership.membership import CodeState
from domain.dialogs import FlowState
from domain.roles import Role, role_name
from handlers.membership.texts import invalid_code
from storage.membership.invites import normalise_code

router = Router(name=__name__)


class JoinDraft(FlowState):
    """Joining with an invite code: the code, until the person confirms and gives a name."""

    code: str = ""


router.flow("join", JoinDraft)
_NAME = re.compile(r"^[^\d/@#<>{}\[\]_=+*&^%$!?\\|~]{2,100}$")


@router.command("start")
async def start(ctx: Context) -> None:
    """Greet the person, or take the invite or link code that came with /start."""
    args = ctx.incoming.args.strip()
    if args:
        code = normalise_code(args)
        if code is None:
            ctx.say(invalid_code(ctx, args))
        else:
            await use_code(ctx, code)
        return
    if ctx.person is not None and ctx.person.is_member:
        ctx.say(
            ctx._("Chào {name}! Đồng chí đã là thành viên. Gõ /trogiup để xem các lệnh.").format(
                name=ctx.person.full_name
            )
        )
        return
    ctx.say(
        ctx._(
            "Xin chào! Tôi là trợ lý phong trào thi đua của các Cụm, Khối thi đua tỉnh.\n\n"
            "Với tôi, đồng chí có thể đăng ký ủng hộ Quỹ “Vì người nghèo”, báo cáo hoạt động, "
            "gương người tốt việc tốt, và nhận nhắc việc theo các đợt thi đua.\n\n"
            "Để tham gia, vui lòng xin mã mời từ đầu mối đơn vị hoặc trưởng cụm, khối, rồi gửi "
            "/start MÃ_MỜI. Gõ /trogiup để xem các lệnh, /ngonngu để đổi ngôn ngữ."
        )
    )


@router.fallback
async def typed_code(ctx: Context) -> bool:
    """Take a code typed on its own (Zalo has no deep links)."""
    code = normalise_code(ctx.incoming.text)
    if code is None:
        return False
    await use_code(ctx, code)
    return True


async def use_code(ctx: Context, code: str) -> None:
    """Start joining with an invite code, or link this account with a link code."""
    check = await ctx.services.membership.check_invite(code)
    if check.state is CodeState.UNKNOWN and await ctx.services.membership.is_link_code(code):
        from handlers.membership.link import (
            redeem,  # the two flows share the code box, not their logic
        )

        await redeem(ctx, code)
        return
    with refusals(ctx, finish=False) as caught:
        invite = ctx.services.membership.check_usable(check, code)
    if caught.refused is not None:
        return
    ctx.begin("join", "confirm", JoinDraft(code=code))
    role = role_name(ctx.t, Role(invite.role))
    options = [Option(ctx._("Đúng, tham gia"), "join.yes"), Option(ctx._("Không phải"), "join.no")]
    if check.claimed_name:  # a code made for one named person, e.g. a leader from the import
        ctx.say(
            ctx._("Mã này dành cho {name}, vai trò {role}. Đây đúng là đồng chí?").format(
                name=check.claimed_name, role=role
            ),
            options,
        )
        return
    if check.unit is None:
        ctx.finish()
        ctx.say(invalid_code(ctx, code))
        return
    ctx.say(
        ctx._(
            "Mã mời vào đơn vị {unit} ({cluster}), vai trò {role}.\nĐây đúng là đơn vị của đồng "
            "chí?"
        ).format(unit=check.unit.name, cluster=check.unit.cluster_name, role=role),
        options,
    )


@router.choice("join.yes")
async def confirmed(ctx: Context, _payload: dict[str, Any]) -> None:
    """Ask for the full name, or join at once when the code stands for a named person."""
    code = ctx.state(JoinDraft).code
    check = await ctx.services.membership.check_invite(code)
    if check.claimed_name:
        await _join(ctx, code, check.claimed_name)
        return
    ctx.goto("name")
    ctx.say(ctx._("Họ và tên đầy đủ của đồng chí (có dấu), ví dụ: Nguyễn Văn An"))


@router.choice("join.no")
async def declined(ctx: Context, _payload: dict[str, Any]) -> None:
    """Stop joining: the code was for another unit."""
    ctx.finish()
    ctx.say(ctx._("Đã dừng. Vui lòng kiểm tra lại mã mời với người đã gửi cho đồng chí."))


@router.step("join", "name")
async def full_name(ctx: Context) -> None:
    """Check the name and make the person a member."""
    name = " ".join(ctx.incoming.text.split())
    if not _NAME.match(name) or " " not in name:
        ctx.say(
            ctx._(
                "Vui lòng nhập họ và tên đầy đủ (ít nhất hai chữ, không có số hay ký hiệu), "
                "hoặc gõ /huy để hủy."
            )
        )
        return
    await _join(ctx, ctx.state(JoinDraft).code, name)


async def _join(ctx: Context, code: str, name: str) -> None:
    ctx.finish()
    with refusals(ctx) as caught:
        check = await ctx.services.membership.join(ctx.person, code, name)
    if caught.refused is not None:
        return
    if check.unit is None:
        ctx.say(
            ctx._(
                "Đồng chí {name} đã kết nối với trợ lý phong trào thi đua. Gõ /trogiup để xem các "
                "lệnh đồng chí dùng được."
            ).format(name=name)
        )
        return
    ctx.say(
        ctx._(
            "Đồng chí {name} ({unit}) đã kết nối với trợ lý phong trào thi đua. Gõ /trogiup để "
            "xem các lệnh đồng chí dùng được."
        ).format(name=name, unit=check.unit.name)
    )
