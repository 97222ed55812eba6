"""The office's files: the consolidated list (.xlsx) and the drafted submission (.docx).

On Telegram they come as documents; on Zalo as a link valid for 24 hours (when the bot has a
public address).
"""

from __future__ import annotations

from typing import Any

from bot.documents.proposal_list import proposal_list
from bot.documents.render import DOCX_MIME
from bot.documents.submission import SubmissionData, submission_bytes
from bot.flow.context import Context
from bot.flow.payload import number
from bot.flow.refusals import refusals
from bot.flow.router import Router
from domain.commands import ADMINS
from domain.messages import OutFile
from handlers.leader.workbook import XLSX_MIME

router = Router(name=__name__)


async def _papers(ctx: Context, payload: dict[str, Any], kind: str) -> SubmissionData | None:
    ctx.finish()
    if not ctx.can_send_files:
        ctx.say(ctx._("Hiện tôi chưa gửi được tệp {kind} qua kênh này. Vui lòng liên hệ quản trị "
                      "viên hệ thống để được hỗ trợ.").format(kind=kind))  # fmt: skip
        return None
    with refusals(ctx) as caught:
        data = await ctx.services.proposals.papers(ctx.person, number(payload, "y"))
    return data if caught.refused is None else None


def _link_note(ctx: Context) -> list[str]:
    if not ctx.files_as_links:
        return []
    return [
        ctx._("Liên kết tải về dùng được trong 24 giờ; vui lòng không chuyển cho người ngoài.")
    ]


@router.choice("proposals.list", roles=ADMINS)
async def download_list(ctx: Context, payload: dict[str, Any]) -> None:
    data = await _papers(ctx, payload, "Excel")
    if data is None:
        return
    listed = data.proposals
    text = ctx._(
        "Danh sách đề nghị khen thưởng năm {year}: {count} đề nghị của {clusters} cụm, khối "
        "(đã trình Hội đồng {forwarded}, không trình {declined}, chưa xét {pending})."
    ).format(
        year=data.year, count=len(listed), clusters=len(data.clusters),
        forwarded=sum(1 for p in listed if p.forwarded),
        declined=sum(1 for p in listed if p.decision and not p.forwarded),
        pending=sum(1 for p in listed if not p.decision),
    )  # fmt: skip
    file = OutFile(filename=f"de-nghi-khen-thuong-{data.year}.xlsx",
                   content=proposal_list(data), mime_type=XLSX_MIME)  # fmt: skip
    ctx.say("\n".join([text, *_link_note(ctx)]), file=file)


@router.choice("proposals.submission", roles=ADMINS)
async def download_submission(ctx: Context, payload: dict[str, Any]) -> None:
    data = await _papers(ctx, payload, "Word")
    if data is None:
        return
    listed = data.proposals
    forwarded = sum(1 for p in listed if p.forwarded)
    lines = [ctx._(
        "Dự thảo tờ trình đề nghị khen thưởng năm {year}: {forwarded} tập thể được trình Hội "
        "đồng Thi đua - Khen thưởng tỉnh; danh sách đề nghị của các cụm, khối kèm theo tại Phụ "
        "lục."
    ).format(year=data.year, forwarded=forwarded)]  # fmt: skip
    pending = sum(1 for p in listed if not p.decision)
    if pending:
        lines.append(ctx._("Còn {count} đề nghị chưa xét: các đề nghị này chưa có trong tờ "
                           "trình.").format(count=pending))  # fmt: skip
    lines.append(ctx._("Vui lòng xem lại, ghi số, ngày ban hành rồi trình ký."))
    file = OutFile(filename=f"to-trinh-khen-thuong-{data.year}.docx",
                   content=await submission_bytes(data, ctx.province.directory),
                   mime_type=DOCX_MIME)  # fmt: skip
    ctx.say("\n".join([*lines, *_link_note(ctx)]), file=file)
