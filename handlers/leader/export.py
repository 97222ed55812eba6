"""/xuatbaocao [year]: a leader receives the cluster's Excel workbook (on Zalo, as a link).

`/xuatbaocao 2026` exports a past year as it stood on its last day (a closed year stays whole).
"""

from __future__ import annotations

import re

from bot.flow.clusters import pick_cluster_then
from bot.flow.context import Context
from bot.flow.router import Router
from domain.messages import OutFile
from domain.text import N_
from handlers.leader.summary import SummaryAsked, asked_year
from handlers.leader.workbook import XLSX_MIME, workbook
from handlers.scoring.sheet import send_score_sheet

router = Router(name=__name__)

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


# Private in the command contract: the workbook names every member with the amount they gave.
@pick_cluster_then(
    router, "export", step="make", prompt=N_("Xuất báo cáo Excel của cụm, khối nào?"),
    none=N_("Đồng chí chưa phụ trách cụm, khối nào nên chưa xuất được báo cáo."),
    state=SummaryAsked, asked=asked_year,
)  # fmt: skip
async def export(ctx: Context, cluster_id: int) -> None:
    """Send the workbook of the cluster picked (admins may have several), of the year asked."""
    year = ctx.state(SummaryAsked).year
    ctx.finish()
    if not ctx.can_send_files:
        # Zalo takes no uploads, and without PUBLIC_BASE_URL there is nowhere to link to; a
        # member is told neither a setting's name nor to use another channel (issue 16).
        ctx.say(
            ctx._(
                "Hiện tôi chưa gửi được tệp Excel qua kênh này. Vui lòng liên hệ quản trị viên "
                "hệ thống để được hỗ trợ."
            )
        )
        return
    # The core says a refusal.
    data = await ctx.services.summary.export(ctx.person, cluster_id, year)
    code = _UNSAFE.sub("-", data.cluster.code).strip("-") or str(data.cluster.id)
    file = OutFile(
        filename=f"tonghop-{code}-{year or ctx.today.isoformat()}.xlsx",
        content=await workbook(ctx, data),
        mime_type=XLSX_MIME,
    )
    counted = (
        ctx._(
            "Báo cáo Excel của {cluster}: {units} đơn vị, {reports} báo cáo hoạt động, "
            "{pledges} khoản ủng hộ, {registrations} đăng ký thi đua."
        )
        if year is None
        else ctx._(
            "Báo cáo Excel năm {year} của {cluster}: {units} đơn vị, {reports} báo cáo hoạt "
            "động, {pledges} khoản ủng hộ, {registrations} đăng ký thi đua."
        )
    )
    lines = [
        counted.format(
            year=year, cluster=data.cluster.name, units=len(data.units),
            reports=ctx.t.number(len(data.reports)), pledges=ctx.t.number(len(data.pledges)),
            registrations=len(data.registrations),
        )
    ]  # fmt: skip
    if ctx.files_as_links:
        lines.append(
            ctx._("Liên kết tải về dùng được trong 24 giờ; vui lòng không chuyển cho người ngoài.")
        )
    ctx.say("\n".join(lines), file=file)
    await send_score_sheet(ctx, cluster_id, data.cluster.code, year)
