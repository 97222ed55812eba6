"""Welcome: /start, with or without an invite code."""

from __future__ import annotations

from bot.core.context import Context
from bot.core.router import Router

router = Router(name=__name__)


@router.command("start")
async def start(ctx: Context) -> None:
    """Greet the person; explain how to join when they are not a member yet."""
    code = ctx.incoming.args.strip()
    if ctx.person is not None and ctx.role.value != "guest":
        ctx.say(
            ctx._("Chào {name}! Bạn đã là thành viên. Gõ /trogiup để xem các lệnh.").format(
                name=ctx.person.full_name
            )
        )
        return
    if code:
        ctx.say(
            ctx._(
                "Mã mời «{code}» không hợp lệ hoặc đã hết hạn. Vui lòng kiểm tra lại, hoặc xin "
                "mã mới từ đầu mối đơn vị."
            ).format(code=code[:40])
        )
        return
    ctx.say(
        ctx._(
            "Xin chào! Tôi là trợ lý phong trào thi đua của các Cụm, Khối thi đua tỉnh.\n\n"
            "Với tôi, bạn có thể đăng ký ủng hộ Quỹ «Vì người nghèo», báo cáo hoạt động, "
            "gương người tốt việc tốt, và nhận nhắc việc theo các đợt thi đua.\n\n"
            "Để tham gia, hãy xin mã mời từ đầu mối đơn vị hoặc trưởng cụm, khối, rồi gửi "
            "/start MÃ_MỜI. Gõ /trogiup để xem các lệnh, /ngonngu để đổi ngôn ngữ."
        )
    )
