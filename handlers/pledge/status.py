"""A member's existing pledge: see it, mark it paid with a receipt, edit or cancel it."""

from __future__ import annotations

from typing import Any

from bot.flow.context import Context, Option
from bot.flow.refusals import refusal_text, refusals
from bot.flow.router import Router
from domain.commands import MEMBERS
from domain.messages import EventKind
from domain.people import Person
from domain.pledge.rules import PledgeInfo, PledgeStatus
from domain.refusals import PledgeRefusal, Refused
from handlers.pledge.dialogs import PledgeDraft
from handlers.pledge.texts import paid_lines, progress_lines, status_name

router = Router(name=__name__)
FLOW = "pledge"


def _person(ctx: Context) -> Person:
    assert ctx.person is not None  # the core lets only members reach these handlers
    return ctx.person


async def show_pledge(ctx: Context, own: PledgeInfo, extra: list[Option]) -> None:
    """Show the person's pledge with what they may still do, and the progress."""
    service = ctx.services.pledges
    lines = [
        ctx._("Khoản ủng hộ của đồng chí cho “{campaign}”: {amount} — {status}.").format(
            campaign=service.campaign().name,
            amount=ctx.t.vnd(own.amount),
            status=status_name(ctx, own.status),
        ),
        *await paid_lines(ctx, own.id, own.amount),
    ]
    options: list[Option] = []
    if own.status is PledgeStatus.PLEDGED:
        lines.append(
            ctx._("Khi đã nộp tiền, chọn “Tôi đã nộp tiền” (có thể gửi kèm ảnh biên lai).")
        )
        options = [
            Option(ctx._("Tôi đã nộp tiền"), "pledge.paid"),
            Option(ctx._("Sửa số tiền"), "pledge.edit"),
            Option(ctx._("Hủy ủng hộ"), "pledge.cancel"),
        ]
    ctx.begin(FLOW, "menu", PledgeDraft(pledge=own.id))
    ctx.say("\n".join([*lines, "", *progress_lines(ctx, await service.progress(_person(ctx)))]),
            options + extra)  # fmt: skip


async def salary_options(ctx: Context) -> list[Option]:
    """Offer to delete a remembered salary: it is personal data, kept only while wanted."""
    if await ctx.services.pledges.salary(_person(ctx)) is None:
        return []
    return [Option(ctx._("Xóa lương đã lưu"), "pledge.forget_salary")]


async def _own(ctx: Context) -> PledgeInfo | None:
    """Return the pledge this dialog is about, if it is still the person's live pledge."""
    own = await ctx.services.pledges.mine(_person(ctx))
    if own is None or own.id != ctx.state(PledgeDraft).pledge:
        ctx.finish()
        ctx.say(refusal_text(ctx, Refused(PledgeRefusal.STALE)))
        return None
    return own


@router.choice("pledge.paid", roles=MEMBERS)
async def paid(ctx: Context, _payload: dict[str, Any]) -> None:
    """Ask for a photo of the receipt, which is optional."""
    if await _own(ctx) is None:
        return
    ctx.goto("receipt")
    ctx.say(
        ctx._(
            "Gửi ảnh biên lai (phiếu thu hoặc ảnh chụp màn hình chuyển khoản) nếu có, "
            "hoặc chọn “Không có ảnh”."
        ),
        [Option(ctx._("Không có ảnh"), "pledge.no_receipt")],
    )


@router.step(FLOW, "receipt")
async def receipt(ctx: Context) -> None:
    """Take the receipt photo and mark the pledge paid."""
    photos = [a.ref for a in ctx.incoming.attachments if a.kind == "photo"]
    if ctx.incoming.kind is not EventKind.PHOTO or not photos:
        ctx.say(ctx._("Vui lòng gửi một ảnh biên lai, hoặc chọn “Không có ảnh”."))
        return
    await _mark_paid(ctx, photos[0])


@router.choice("pledge.no_receipt", roles=MEMBERS)
async def no_receipt(ctx: Context, _payload: dict[str, Any]) -> None:
    """Mark the pledge paid without a photo."""
    await _mark_paid(ctx, None)


async def _mark_paid(ctx: Context, photo: str | None) -> None:
    own = await _own(ctx)
    if own is None:
        return
    ctx.finish()
    with refusals(ctx):
        await ctx.services.pledges.mark_paid(_person(ctx), own.id, photo)
        done = (
            ctx._(
                "Đã ghi nhận đồng chí đã nộp {amount}, kèm ảnh biên lai. Đầu mối đơn vị sẽ xác "
                "nhận."
            )
            if photo
            else ctx._("Đã ghi nhận đồng chí đã nộp {amount}. Đầu mối đơn vị sẽ xác nhận.")
        )
        ctx.say(done.format(amount=ctx.t.vnd(own.amount)))


@router.choice("pledge.edit", roles=MEMBERS)
async def edit(ctx: Context, _payload: dict[str, Any]) -> None:
    """Ask for the new amount; the pledge flow confirms and saves it."""
    own = await _own(ctx)
    if own is None:
        return
    draft = ctx.state(PledgeDraft)
    draft.edit = own.id
    ctx.goto("amount", draft)
    ctx.say(
        ctx._("Số tiền hiện tại: {amount}. Nhập số tiền mới:").format(amount=ctx.t.vnd(own.amount))
    )


@router.choice("pledge.cancel", roles=MEMBERS)
async def cancel(ctx: Context, _payload: dict[str, Any]) -> None:
    """Ask once more before cancelling."""
    own = await _own(ctx)
    if own is None:
        return
    ctx.goto("cancel")
    ctx.say(
        ctx._("Hủy khoản ủng hộ {amount}?").format(amount=ctx.t.vnd(own.amount)),
        [
            Option(ctx._("Có, hủy khoản ủng hộ"), "pledge.cancel_yes"),
            Option(ctx._("Không"), "pledge.abort"),
        ],
    )


@router.choice("pledge.cancel_yes", roles=MEMBERS)
async def cancel_yes(ctx: Context, _payload: dict[str, Any]) -> None:
    """Cancel the pledge; it stays in the history."""
    own = await _own(ctx)
    if own is None:
        return
    ctx.finish()
    with refusals(ctx):
        await ctx.services.pledges.cancel(_person(ctx), own.id)
        ctx.say(ctx._("Đã hủy khoản ủng hộ. Đồng chí có thể đăng ký lại bằng /ungho."))


@router.choice("pledge.forget_salary", roles=MEMBERS)
async def forget_salary(ctx: Context, _payload: dict[str, Any]) -> None:
    """Delete the remembered monthly salary."""
    ctx.finish()
    await ctx.services.pledges.forget_salary(_person(ctx))
    ctx.say(ctx._("Tôi đã xóa lương tháng đồng chí cho lưu."))
