"""The cluster leader reviews submitted registrations: accept, or return with a reason."""

from __future__ import annotations

from typing import Any

from bot.flow.context import Context, Option
from bot.flow.refusals import refusals
from bot.flow.router import Router
from domain.activity.input import MAX_REASON
from domain.commands import LEADERS
from domain.dialogs import FlowState
from domain.text import N_
from handlers.registration.texts import describe_registration, local_date

router = Router(name=__name__)

FLOW = "review"


class ReviewDraft(FlowState):
    """The registration a leader is returning, while the reason is typed."""

    id: int = 0


router.flow(FLOW, ReviewDraft)
ACTIONS = {
    "targets": N_("sửa chỉ tiêu"),
    "titles": N_("sửa danh hiệu"),
    "rewards": N_("sửa hình thức khen thưởng"),
    "submitted": N_("gửi duyệt"),
    "returned": N_("trả lại"),
    "accepted": N_("chấp nhận"),
}


def _id(payload: dict[str, Any]) -> int:
    value = payload.get("id")
    return value if isinstance(value, int) else 0


@router.choice("review.list", roles=LEADERS)
async def pending(ctx: Context, _payload: dict[str, Any]) -> None:
    """List the registrations waiting for this leader."""
    with refusals(ctx):
        rows = await ctx.services.registrations.pending(ctx.person)
        if not rows:
            ctx.finish()
            ctx.say(ctx._("Không có đăng ký thi đua nào đang chờ duyệt."))
            return
        ctx.begin(FLOW, "list")
        ctx.say(
            ctx._("Đăng ký thi đua đang chờ duyệt: chọn đơn vị để xem."),
            [Option(f"{r.unit_name} ({r.year})", "review.open", {"id": r.id}) for r in rows],
        )


@router.choice("review.open", roles=LEADERS)
async def open_registration(ctx: Context, payload: dict[str, Any]) -> None:
    """Show a registration with its recent history, offering accept and return."""
    service = ctx.services.registrations
    with refusals(ctx):
        row = await service.for_review(ctx.person, _id(payload))
        lines = describe_registration(ctx, row.unit_name, row.year, row)
        history = await service.history(row.id)
        if history:
            lines += ["", ctx._("Lịch sử:")]
            for event in history:
                action = ctx._(ACTIONS[event.action]) if event.action in ACTIONS else event.action
                lines.append(f"• {local_date(ctx, event.at)} — {event.member_name}: {action}")
        options: list[Option] = []
        if row.status == "submitted":
            options = [
                Option(ctx._("Chấp nhận"), "review.accept", {"id": row.id}),
                Option(ctx._("Trả lại để sửa"), "review.back", {"id": row.id}),
            ]
        ctx.begin(FLOW, "detail")
        ctx.say("\n".join(lines), [*options, Option(ctx._("Quay lại"), "review.list")])


@router.choice("review.accept", roles=LEADERS)
async def accept(ctx: Context, payload: dict[str, Any]) -> None:
    """Accept the registration; the unit is told."""
    ctx.finish()
    with refusals(ctx, finish=False):
        row = await ctx.services.registrations.review(ctx.person, _id(payload), accept=True)
        ctx.say(
            ctx._(
                "Đã chấp nhận đăng ký thi đua năm {year} của {unit}. Đơn vị đã được báo."
            ).format(year=row.year, unit=row.unit_name)
        )


@router.choice("review.back", roles=LEADERS)
async def ask_reason(ctx: Context, payload: dict[str, Any]) -> None:
    """Ask why the registration goes back."""
    with refusals(ctx):
        row = await ctx.services.registrations.for_review(ctx.person, _id(payload))
        ctx.begin(FLOW, "reason", ReviewDraft(id=row.id))
        ctx.say(
            ctx._("Lý do trả lại đăng ký của {unit} (đơn vị sẽ nhận được nguyên văn):").format(
                unit=row.unit_name
            )
        )


@router.step(FLOW, "reason")
async def typed_reason(ctx: Context) -> None:
    """Return the registration with the typed reason; the unit is told."""
    reason = " ".join(ctx.incoming.text.split())
    if not 3 <= len(reason) <= MAX_REASON:
        ctx.say(ctx._("Lý do cần từ 3 đến 500 ký tự. Vui lòng nhập lại, hoặc gõ /huy để hủy."))
        return
    registration = ctx.state(ReviewDraft).id
    ctx.finish()
    with refusals(ctx, finish=False):
        row = await ctx.services.registrations.review(
            ctx.person, registration, accept=False, reason=reason
        )
        ctx.say(
            ctx._("Đã trả lại đăng ký của {unit} kèm lý do. Đơn vị đã được báo.").format(
                unit=row.unit_name
            )
        )
