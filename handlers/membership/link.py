"""One person, two channels: /lienket gives a code to type on the other channel."""

from __future__ import annotations

from bot.flow.context import Context
from bot.flow.router import Router

router = Router(name=__name__)


@router.command("link")
async def link(ctx: Context) -> None:
    """Give a one-time code that makes another channel's account this same member."""
    assert ctx.person is not None  # the core lets only members through
    code, _expires = await ctx.services.membership.create_link_code(ctx.person)
    lines = [
        ctx._("Mã liên kết của đồng chí: {code}").format(code=code),
        ctx._(
            "Trên kênh còn lại (Zalo hoặc Telegram), vui lòng nhắn mã này cho trợ lý trong vòng "
            "10 phút. Mã chỉ dùng được một lần."
        ),
        *ctx.code_link_lines(code, other_channels=True),
    ]
    ctx.say("\n".join(lines))


async def redeem(ctx: Context, code: str) -> None:
    """Attach the writer's account to the member who asked for `code`."""
    if ctx.person is not None and ctx.person.is_member:
        ctx.say(
            ctx._("Tài khoản này đã là thành viên nên không liên kết được với tài khoản khác.")
        )
        return
    person = await ctx.services.membership.redeem_link(ctx.person, code)
    if person is None:
        ctx.say(ctx._("Mã liên kết không đúng, đã được dùng hoặc đã quá 10 phút."))
        return
    ctx.person = person
    if person.locale:
        ctx.use_locale(person.locale)
    ctx.say(
        ctx._(
            "Đã liên kết! Đồng chí là {name} trên cả hai kênh, với cùng hồ sơ và vai trò."
        ).format(name=person.full_name)
    )
