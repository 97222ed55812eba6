"""The drafted report: a .docx on Telegram, a 24-hour link on Zalo, and what it holds."""

from __future__ import annotations

import re
from typing import Any

from bot.documents.model import ReportData, ReportKind
from bot.documents.render import DOCX_MIME, report_bytes
from bot.flow.context import Context
from bot.flow.payload import number as payload_number
from bot.flow.router import Router
from domain.commands import LEADERS
from domain.messages import OutFile

router = Router(name=__name__)

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_FILE_PART = {ReportKind.PHASE_1: "dot-1", ReportKind.PHASE_2: "dot-2",
              ReportKind.YEAR_END: "tong-ket"}  # fmt: skip


@router.choice("draft.kind", roles=LEADERS)
async def chose_kind(ctx: Context, payload: dict[str, Any]) -> None:
    """Gather the figures of the chosen report, fill the template and send the document."""
    ctx.finish()
    try:
        kind = ReportKind(str(payload.get("kind")))
        year = payload_number(payload, "year")
    except ValueError:
        kind, year = ReportKind.PHASE_1, 0
    if not ctx.can_send_files:
        # Zalo takes no uploads, and without PUBLIC_BASE_URL there is nowhere to link to.
        ctx.say(
            ctx._(
                "Hiện tôi chưa gửi được tệp Word qua kênh này. Vui lòng liên hệ quản trị viên "
                "hệ thống để được hỗ trợ."
            )
        )
        return
    if year < 2000:  # an option from before the year was carried
        ctx.say(ctx._("Đồng chí không còn quyền thực hiện thao tác này."))
        return
    cluster_id = payload_number(payload, "cluster")
    # Refused (the core says why) when the person no longer leads this cluster.
    data = await ctx.services.drafting.gather(ctx.person, cluster_id, kind, year)
    code = _UNSAFE.sub("-", data.issuer.cluster_code).strip("-") or "cum"
    file = OutFile(
        filename=f"bao-cao-{code}-{_FILE_PART[kind]}-{year}.docx",
        content=await report_bytes(data, ctx.province.directory),
        mime_type=DOCX_MIME,
    )
    ctx.say("\n".join(summary_lines(ctx, data)), file=file)


def summary_lines(ctx: Context, data: ReportData) -> list[str]:
    """Say what the draft holds, and what is left for the leader to write."""
    names = {
        ReportKind.PHASE_1: ctx._(
            "Dự thảo báo cáo sơ kết phong trào thi đua Đợt I năm {year} của {cluster}."
        ),
        ReportKind.PHASE_2: ctx._(
            "Dự thảo báo cáo sơ kết phong trào thi đua Đợt II năm {year} của {cluster}."
        ),
        ReportKind.YEAR_END: ctx._(
            "Dự thảo báo cáo tổng kết phong trào thi đua năm {year} của {cluster}."
        ),
    }
    units = data.units
    lines = [
        names[data.kind].format(year=data.year, cluster=data.issuer.cluster_name),
        # Money inside a sentence is written in words: «2.000.000 đồng», ₫ only in tables.
        ctx._("Trong báo cáo: {reported}/{units} đơn vị đã báo cáo {reports} hoạt động; ủng hộ "
              "{pledged} đồng, đã xác nhận {confirmed} đồng; {examples} gương điển hình; "
              "{missing} đơn vị chưa gửi đăng ký thi đua.").format(
            reported=data.reported_units, units=len(units), reports=ctx.t.number(data.reports),
            pledged=ctx.t.number(sum(u.pledged for u in units)),
            confirmed=ctx.t.number(sum(u.confirmed for u in units)),
            examples=len(data.examples), missing=len(data.not_registered),
        ),
    ]  # fmt: skip
    if data.kind is ReportKind.YEAR_END and data.results is None:
        lines.append(ctx._("Kết quả chấm điểm chưa được công bố: mục xếp hạng và đề nghị khen "
                           "thưởng sẽ bổ sung sau."))  # fmt: skip
    lines.append(ctx._("Vui lòng xem lại, viết các đoạn tô vàng (thuận lợi, khó khăn, đánh giá "
                       "chung, phương hướng, kiến nghị), rồi trình ký và gửi."))  # fmt: skip
    if ctx.files_as_links:
        lines.append(
            ctx._("Liên kết tải về dùng được trong 24 giờ; vui lòng không chuyển cho người ngoài.")
        )
    return lines
