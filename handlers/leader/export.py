"""/xuatbaocao: a leader receives the cluster's Excel workbook (on Zalo, as a link)."""

from __future__ import annotations

import re
from typing import Any

from bot.flow.context import Context
from bot.flow.router import Router
from domain.commands import LEADERS
from domain.messages import ChatKind, OutFile
from handlers.leader.clusters import pick_cluster
from handlers.leader.workbook import XLSX_MIME, workbook
from handlers.scoring.sheet import send_score_sheet

router = Router(name=__name__)

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


@router.command("export")
async def export(ctx: Context) -> None:
    """Pick the cluster (admins may have several), then send its workbook."""
    if _in_group(ctx):
        return
    cluster_id = await pick_cluster(
        ctx, flow="export", step="make", action="export.cluster",
        prompt=ctx._("Xuất báo cáo Excel của cụm, khối nào?"),
        none=ctx._("Đồng chí chưa phụ trách cụm, khối nào nên chưa xuất được báo cáo."),
    )  # fmt: skip
    if cluster_id is not None:
        await _send(ctx, cluster_id)


@router.choice("export.cluster", roles=LEADERS)
async def chose_cluster(ctx: Context, payload: dict[str, Any]) -> None:
    """Send the chosen cluster's workbook."""
    await _send(ctx, int(payload.get("cluster") or 0))


def _in_group(ctx: Context) -> bool:
    """Refuse in a group chat: the workbook names every member with the amount they gave."""
    if ctx.incoming.chat_kind is not ChatKind.GROUP:
        return False
    ctx.say(
        ctx._(
            "Báo cáo Excel có họ tên và số tiền ủng hộ của từng người: vui lòng gõ /xuatbaocao "
            "trong tin nhắn riêng với tôi."
        )
    )
    return True


async def _send(ctx: Context, cluster_id: int) -> None:
    ctx.finish()
    if _in_group(ctx):
        return
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
    data = await ctx.services.summary.export(ctx.person, cluster_id)
    if data is None:
        ctx.say(ctx._("Đồng chí không còn quyền thực hiện thao tác này."))
        return
    code = _UNSAFE.sub("-", data.cluster.code).strip("-") or str(data.cluster.id)
    file = OutFile(
        filename=f"tonghop-{code}-{ctx.today.isoformat()}.xlsx",
        content=await workbook(ctx, data),
        mime_type=XLSX_MIME,
    )
    lines = [
        ctx._(
            "Báo cáo Excel của {cluster}: {units} đơn vị, {reports} báo cáo hoạt động, "
            "{pledges} khoản ủng hộ, {registrations} đăng ký thi đua."
        ).format(
            cluster=data.cluster.name, units=len(data.units),
            reports=ctx.t.number(len(data.reports)), pledges=ctx.t.number(len(data.pledges)),
            registrations=len(data.registrations),
        )
    ]  # fmt: skip
    if ctx.files_as_links:
        lines.append(
            ctx._("Liên kết tải về dùng được trong 24 giờ; vui lòng không chuyển cho người ngoài.")
        )
    ctx.say("\n".join(lines), file=file)
    await send_score_sheet(ctx, cluster_id, data.cluster.code)
