"""How the covenant reads in chat: signing times, the units' lines, files, and refusals."""

from __future__ import annotations

from datetime import datetime

from bot.documents.render import DOCX_MIME
from bot.flow.context import Context, Option
from bot.flow.refusals import wording
from domain.covenant.rules import MAX_TEXT, MIN_TEXT, Signer
from domain.messages import OutFile
from domain.refusals import CovenantRefusal, Refused
from storage.covenant.queries import UnitSignature

FLOW = "covenant"  # declared with what it keeps in handlers/covenant/start.py
SHOWN_TEXT = 1500  # characters of a covenant shown in chat; the record and the file hold all


def when(ctx: Context, moment: datetime) -> str:
    """Write a stored moment in the province's zone: «08:15 ngày 05/01/2027»."""
    local = moment.astimezone(ctx.province.tz)
    return ctx._("{time} ngày {date}").format(time=local.strftime("%H:%M"),
                                             date=ctx.t.date(local.date()))  # fmt: skip


def signer_words(ctx: Context, signer: str) -> str:
    """Say in what capacity someone signed (or signs) for their unit."""
    if signer == Signer.REPORTER.value:
        return ctx._("đầu mối đơn vị, ký thay thủ trưởng")
    return ctx._("thủ trưởng đơn vị")


def signed_line(ctx: Context, unit: UnitSignature) -> str:
    """One signed unit: «• Đơn vị C: Phạm Văn Cường (đầu mối …), 09:00 ngày 05/01/2027»."""
    assert unit.signed_at is not None
    return ctx._("• {unit}: {name} ({capacity}), {when}").format(
        unit=unit.unit_name, name=unit.signer_name, capacity=signer_words(ctx, unit.signer),
        when=when(ctx, unit.signed_at),
    )  # fmt: skip


def shown(ctx: Context, text: str, *, with_file: bool) -> str:
    """Return a covenant's text as chat shows it: cut when long, the file holding the rest."""
    if len(text) <= SHOWN_TEXT:
        return text
    cut = text[:SHOWN_TEXT].rsplit(" ", 1)[0]
    if with_file:
        return ctx._("{text}… (toàn văn trong tệp đính kèm)").format(text=cut)
    return ctx._("{text}… (toàn văn trong biên bản ký kết)").format(text=cut)


def no_files(ctx: Context) -> str:
    """Say that this channel cannot hand over a Word file (Zalo without a public address)."""
    return ctx._(
        "Hiện tôi chưa gửi được tệp Word qua kênh này. Vui lòng dùng Telegram, hoặc liên hệ quản "
        "trị viên hệ thống để được hỗ trợ."
    )


def word_file(filename: str, content: bytes) -> OutFile:
    """Return a .docx to hand over."""
    return OutFile(filename=filename, content=content, mime_type=DOCX_MIME)


def link_note(ctx: Context) -> str:
    """Warn that a download link lasts a day and is not to be passed on."""
    return ctx._("Liên kết tải về dùng được trong 24 giờ; vui lòng không chuyển cho người ngoài.")


@wording(CovenantRefusal)
def _refused(ctx: Context, refused: Refused) -> str:
    reason = refused.reason
    if reason is CovenantRefusal.NOT_SIGNER:
        return ctx._(
            "Chỉ thủ trưởng đơn vị, hoặc đầu mối đơn vị ký thay, mới ký giao ước thi đua của cụm, "
            "khối mà đơn vị tham gia."
        )
    if reason is CovenantRefusal.NOT_OPEN:
        return ctx._("Giao ước thi đua năm nay chưa được mở ký kết.")
    if reason is CovenantRefusal.OPEN_ALREADY:
        return ctx._(
            "Giao ước thi đua năm nay đã mở ký kết; nội dung được giữ nguyên như các đơn vị đã ký."
        )
    if reason is CovenantRefusal.BAD_TEXT:
        return ctx._(
            "Nội dung giao ước cần từ {min} đến {max} ký tự. Vui lòng nhập lại, hoặc gửi tệp "
            "Word (.docx)."
        ).format(min=ctx.t.number(MIN_TEXT), max=ctx.t.number(MAX_TEXT))
    if reason is CovenantRefusal.NOT_A_DOCX:
        return ctx._(
            "Tệp này không phải văn bản Word (.docx) đọc được. Vui lòng gửi tệp .docx (dưới 5 "
            "MB), hoặc nhập nội dung giao ước."
        )
    return ctx._("Kế hoạch phát động phong trào thi đua năm nay đã được gửi tới cụm, khối.")


def hand_over(
    ctx: Context, lines: list[str], file: OutFile, options: list[Option] | None = None
) -> None:
    """Say `lines` with the file (Telegram: the document; Zalo: a 24-hour link), or say why
    this channel gets no file."""
    if not ctx.can_send_files:
        ctx.say("\n".join([*lines, no_files(ctx)]), options)
        return
    if ctx.files_as_links:
        lines = [*lines, link_note(ctx)]
    ctx.say("\n".join(lines), options, file=file)
