"""My records: what the bot holds about me, and leaving (Decree 13/2023 on personal data)."""

from __future__ import annotations

from typing import Any

from bot.flow.context import Context, Option
from bot.flow.router import Router
from domain.commands import MEMBERS
from domain.dialogs import Nothing
from domain.messages import CHANNEL_NAMES
from domain.roles import role_name
from handlers.pledge.texts import pledge_summary
from handlers.records.blocks import records_block

router = Router(name=__name__)
router.flow("mine", Nothing)


@router.command("mine")
async def mine(ctx: Context) -> None:
    """Show the person's data and offer to leave."""
    person = ctx.person
    assert person is not None  # the core lets only members through
    unit = await ctx.services.membership.unit_of(person)
    channels = await ctx.services.membership.channels_of(person)
    lines = [
        ctx._("Thông tin tôi lưu về đồng chí:"),
        ctx._("Họ và tên: {name}").format(name=person.full_name),
        ctx._("Vai trò: {role}").format(role=role_name(ctx.t, ctx.role)),
    ]
    if unit is not None:
        lines.append(
            ctx._("Đơn vị: {unit} ({cluster})").format(unit=unit.name, cluster=unit.cluster_name)
        )
    lines += [
        ctx._("Ngôn ngữ: {language}").format(
            language="Tiếng Việt" if ctx.t.locale == "vi" else "English"
        ),
        ctx._("Tài khoản: {channels}").format(
            channels=", ".join(CHANNEL_NAMES.get(c, c) for c in channels)
        ),
        *await pledge_summary(ctx, person),
        "",
        ctx._(
            "Đồng chí có thể ngừng dùng trợ lý: tôi sẽ xóa họ tên và các tài khoản của đồng chí "
            "(đồng chí vẫn công tác tại đơn vị); "
            "các báo cáo, khoản ủng hộ đã ghi vẫn được giữ cho đơn vị."
        ),
    ]
    records, paging = await records_block(ctx)  # reports, registrations, good examples
    lines[-2:-2] = records  # before the paragraph about leaving
    ctx.begin("mine", "menu")
    ctx.say("\n".join(lines), [Option(ctx._("Ngừng dùng, xóa tài khoản"), "mine.leave"), *paging])


@router.choice("mine.leave", roles=MEMBERS)
async def ask_leave(ctx: Context, _payload: dict[str, Any]) -> None:
    """Ask once more before leaving: it cannot be undone."""
    ctx.goto("leave")
    ctx.say(
        ctx._(
            "Đồng chí chắc chắn muốn ngừng dùng trợ lý và xóa tài khoản? Việc này không hoàn tác "
            "được."
        ),
        [
            Option(ctx._("Có, xóa tài khoản"), "mine.leave.yes"),
            Option(ctx._("Không"), "mine.leave.no"),
        ],
    )


@router.choice("mine.leave.yes", roles=MEMBERS)
async def leave(ctx: Context, _payload: dict[str, Any]) -> None:
    """Deactivate the member and forget their accounts."""
    assert ctx.person is not None
    await ctx.services.membership.leave(ctx.person)
    await ctx.services.pledges.forget_salary(ctx.person)  # personal data goes with the person
    ctx.finish()
    ctx.say(
        ctx._(
            "Đồng chí đã ngừng dùng trợ lý; tôi đã xóa thông tin cá nhân của đồng chí. "
            "Muốn dùng lại, vui lòng xin mã mời mới."
        )
    )


@router.choice("mine.leave.no", roles=MEMBERS)
async def stay(ctx: Context, _payload: dict[str, Any]) -> None:
    """Keep everything as it is."""
    ctx.finish()
    ctx.say(ctx._("Không có gì thay đổi."))
