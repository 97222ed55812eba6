"""What the membership flows say when a code or an invite is refused."""

from __future__ import annotations

from bot.flow.context import Context
from bot.flow.refusals import wording
from domain.refusals import MembershipRefusal, Refused


def invalid_code(ctx: Context, code: str) -> str:
    """Say that a typed code is not one the bot knows."""
    return ctx._(
        "Mã “{code}” không đúng. Vui lòng kiểm tra lại, hoặc xin mã mới từ đầu mối đơn vị."
    ).format(code=code[:40])


@wording(MembershipRefusal)
def membership_refusal(ctx: Context, refused: Refused) -> str:
    """Say why an invite could not be made or used."""
    if refused.reason is MembershipRefusal.NOT_ALLOWED:
        return ctx._("Đồng chí không còn quyền thực hiện thao tác này.")
    if refused.reason is MembershipRefusal.EXPIRED and refused.day is not None:
        return ctx._(
            "Mã mời này đã hết hạn ngày {date}. Vui lòng xin mã mới từ đầu mối đơn vị hoặc "
            "trưởng cụm, khối."
        ).format(date=ctx.t.date(refused.day))
    if refused.reason is MembershipRefusal.USED_UP:
        return ctx._(
            "Mã mời này đã được dùng hết số lần cho phép. Vui lòng xin mã mới từ đầu mối đơn vị."
        )
    return invalid_code(ctx, refused.detail)
