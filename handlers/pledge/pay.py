"""“Chuyển khoản bằng mã QR”: the VietQR of the member's pledge, and the same details as text."""

from __future__ import annotations

import io
from typing import Any

import segno

from bot.flow.context import Context, Option
from bot.flow.router import Router
from domain.commands import MEMBERS
from domain.messages import OutFile
from domain.pledge.rules import PledgeInfo

router = Router(name=__name__)
QR_SCALE = 8  # pixels per module: a phone's camera reads it off another phone's screen


def qr_png(text: str) -> bytes:
    """Return a PNG of the QR code of `text` (made here: no outside QR service sees a pledge)."""
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="png", scale=QR_SCALE, border=4)
    return buffer.getvalue()


async def pay_options(ctx: Context, own: PledgeInfo | int | None) -> list[Option]:
    """Offer the transfer QR while the person's pledge waits for money and an account is set.

    `own` is the person's live pledge this year just read by the caller, or the id of the one
    they just wrote (read only when there is an account to pay into).
    """
    if ctx.person is None or await ctx.services.payments.offer_for(own) is None:
        return []
    return [Option(ctx._("Chuyển khoản bằng mã QR"), "pledge.pay")]


@router.choice("pledge.pay", roles=MEMBERS)
async def pay(ctx: Context, _payload: dict[str, Any]) -> None:
    """Send the QR (a photo on Telegram, a link on Zalo) with the account, amount and memo."""
    assert ctx.person is not None
    offer = await ctx.services.payments.offer(ctx.person)
    if offer is None:
        ctx.say(ctx._("Khoản ủng hộ này không còn chờ chuyển khoản. Gõ /ungho để xem."))
        return
    account = offer.account
    text = ctx._(
        "Quét mã QR bằng ứng dụng ngân hàng bất kỳ, hoặc chuyển khoản theo thông tin sau:\n"
        "Ngân hàng: {bank}\nSố tài khoản: {account}\nChủ tài khoản: {name}\n"
        "Số tiền: {amount}\nNội dung: {memo}\n"
        "Vui lòng giữ nguyên nội dung chuyển khoản để tôi tự ghi nhận khoản nộp."
    ).format(
        bank=account.bank_name or account.bank_bin, account=account.account,
        name=account.account_name, amount=ctx.t.vnd(offer.amount), memo=offer.memo,
    )  # fmt: skip
    if not ctx.can_send_files:
        ctx.say(text)  # Zalo without PUBLIC_BASE_URL: the details alone are enough to pay
        return
    ctx.say(text, file=OutFile("vietqr.png", qr_png(offer.payload), "image/png"))
