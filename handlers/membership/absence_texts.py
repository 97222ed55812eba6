"""What /vangmat says: an absence in one line, and why one is refused."""

from __future__ import annotations

from bot.flow.context import Context
from bot.flow.refusals import wording
from domain.membership.absence import AbsenceReason, SpanProblem, reason_name
from domain.refusals import AbsenceRefusal, Refused
from storage.membership.absences import AbsenceLine


def reason_text(ctx: Context, reason: str) -> str:
    """Return a stored reason in words («nghỉ phép»); an unknown one as it is."""
    try:
        return reason_name(ctx.t, AbsenceReason(reason))
    except ValueError:
        return reason


def absence_line(ctx: Context, absence: AbsenceLine) -> str:
    """Return "• Trần Thị Hoa: nghỉ phép, từ 01/12/2026 đến 31/12/2026"."""
    return ctx._("• {name}: {reason}, từ {start} đến {end}").format(
        name=absence.full_name, reason=reason_text(ctx, absence.reason),
        start=ctx.t.date(absence.start), end=ctx.t.date(absence.end),
    )  # fmt: skip


def dates_hint(ctx: Context) -> str:
    """Return how to type a date, with this year's example."""
    return ctx._("Gõ ngày/tháng, ví dụ 01/12 hoặc 01/12/{year}.").format(year=ctx.today.year)


def _span(ctx: Context, problem: str) -> str:
    if problem == SpanProblem.END_BEFORE_START:
        return ctx._("Ngày kết thúc phải từ ngày bắt đầu trở đi. Vui lòng gõ lại ngày kết thúc.")
    if problem == SpanProblem.TOO_LONG:
        return ctx._(
            "Mỗi lần ghi nhận vắng tối đa một năm. Vui lòng gõ lại ngày kết thúc; sau đó có thể "
            "ghi nhận tiếp."
        )
    if problem == SpanProblem.PAST:
        return ctx._(
            "Khoảng thời gian này đã qua, ghi nhận không còn tác dụng. Vui lòng gõ lại ngày kết "
            "thúc (từ hôm nay trở đi)."
        )
    if problem == SpanProblem.TOO_OLD:
        return ctx._(
            "Ngày bắt đầu đã quá 60 ngày trước. Vui lòng gõ lại ngày bắt đầu (gần đây hơn)."
        )
    return ctx._("Ngày bắt đầu quá xa (hơn một năm nữa). Vui lòng gõ lại ngày bắt đầu.")


@wording(AbsenceRefusal)
def absence_refusal(ctx: Context, refused: Refused) -> str:
    """Say why an absence could not be recorded or ended."""
    if refused.reason is AbsenceRefusal.BAD_DATES:
        return _span(ctx, refused.detail)
    if refused.reason is AbsenceRefusal.OVERLAP and refused.day is not None:
        return ctx._(
            "{name} đã có lịch vắng trùng với khoảng thời gian này (từ ngày {date}). Vui lòng "
            "kết thúc lịch cũ trước (gõ /vangmat), rồi ghi nhận lại."
        ).format(name=refused.detail, date=ctx.t.date(refused.day))
    if refused.reason is AbsenceRefusal.NOT_FOUND:
        return ctx._(
            "Không còn thấy người hoặc lịch vắng này (có thể đã thay đổi). Vui lòng gõ /vangmat "
            "để xem lại."
        )
    return ctx._("Đồng chí chỉ ghi nhận vắng được cho cán bộ của đơn vị mình.")
