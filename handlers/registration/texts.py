"""How registrations read: status, targets, titles, reward forms, and refusals."""

from __future__ import annotations

from datetime import datetime

from bot.flow.context import Context
from bot.flow.refusals import wording
from domain.refusals import Reason, Refused
from domain.refusals import RegistrationRefusal as RegRefusal
from domain.text import N_
from storage.registration.queries import RegistrationRow

STATUS = {
    "draft": N_("đang soạn, chưa gửi"),
    "submitted": N_("đã gửi, đang chờ duyệt"),
    "returned": N_("được trả lại để sửa"),
    "accepted": N_("đã được chấp nhận"),
}


def local_date(ctx: Context, moment: datetime) -> str:
    """Format a stored moment as a date in the province's zone."""
    return ctx.t.date(moment.astimezone(ctx.province.tz).date())


def status_text(ctx: Context, status: str) -> str:
    """Return the status in words."""
    return ctx._(STATUS[status]) if status in STATUS else status


def describe_registration(
    ctx: Context, unit_name: str, year: int, row: RegistrationRow | None
) -> list[str]:
    """Return a registration as lines to read (an empty one when none exists yet)."""
    config = ctx.services.registrations.config
    lines = [
        ctx._("Đăng ký thi đua năm {year} của {unit}").format(year=year, unit=unit_name),
        ctx._("Trạng thái: {status}").format(
            status=status_text(ctx, row.status if row else "draft")
        ),
    ]
    if row is not None and row.status == "returned" and row.return_reason:
        lines.append(ctx._("Lý do trả lại: {reason}").format(reason=row.return_reason))
    targets = [str(t.get("text", "")) for t in (row.targets if row else [])]
    lines.append(ctx._("Chỉ tiêu thi đua:"))
    lines += [f"• {text}" for text in targets] or [ctx._("(chưa có)")]
    for field, heading in (
        ("titles", N_("Danh hiệu thi đua:")),
        ("rewards", N_("Hình thức khen thưởng:")),
    ):
        catalogue = {item.key: item for item in getattr(config, field)}
        keys = getattr(row, field) if row else []
        names = [catalogue[k].label(ctx.t.locale) if k in catalogue else k for k in keys]
        lines.append(ctx._(heading))
        lines += [f"• {name}" for name in names] or [ctx._("(chưa có)")]
    return lines


@wording(RegRefusal)
def registration_refusal(ctx: Context, refused: Refused) -> str:
    """Say why a registration operation was refused."""
    service = ctx.services.registrations
    if refused.reason is RegRefusal.NOT_FOUND and refused.detail:
        return ctx._("Không có đơn vị nào có mã “{code}”.").format(code=refused.detail[:40])
    if refused.reason is RegRefusal.PAST_DEADLINE:
        return ctx._(
            "Đã quá hạn đăng ký thi đua năm {year} ({date}). Vui lòng liên hệ Ban Thi đua - "
            "Khen thưởng."
        ).format(year=service.year, date=ctx.t.date(service.deadline()))
    texts: dict[Reason, str] = {
        RegRefusal.NOT_ALLOWED: ctx._("Đồng chí chỉ đăng ký được cho đơn vị của mình."),
        RegRefusal.NOT_FOUND: ctx._("Không tìm thấy đăng ký này."),
        RegRefusal.LOCKED: ctx._(
            "Đăng ký đã gửi đi hoặc đã được chấp nhận nên không sửa được nữa."
        ),
        RegRefusal.INCOMPLETE: ctx._(
            "Cần ít nhất một chỉ tiêu và một danh hiệu thi đua trước khi gửi duyệt."
        ),
        RegRefusal.ALREADY_REVIEWED: ctx._("Đăng ký này đã được duyệt hoặc trả lại trước đó."),
        RegRefusal.NOT_LEADER: ctx._("Đăng ký này không thuộc cụm, khối đồng chí phụ trách."),
    }
    return texts.get(refused.reason, ctx._("Lựa chọn không hợp lệ. Vui lòng gõ lại lệnh."))
