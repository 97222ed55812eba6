"""The score sheet with /xuatbaocao, and the scoring progress in /tonghop."""

from __future__ import annotations

import asyncio
import re

from bot.flow.context import Context
from bot.scoringfile.score_sheet import score_sheet
from domain.messages import OutFile
from domain.refusals import Refused

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


async def send_score_sheet(
    ctx: Context, cluster_id: int, code: str, year: int | None = None
) -> None:
    """Send the cluster's score sheet of `year` (this one), when it has a scoring table."""
    try:
        data = await ctx.services.scoring_results.score_sheet(ctx.person, cluster_id, year)
    except Refused:
        return  # the workbook before it already answered who may export
    if data is None:
        return
    name = _UNSAFE.sub("-", code).strip("-") or str(cluster_id)
    file = OutFile(
        filename=f"bangdiem-{name}-{data.year}.xlsx",
        content=await asyncio.to_thread(score_sheet, data),
        mime_type=XLSX_MIME,
    )
    ctx.say(
        ctx._("Bảng điểm thi đua năm {year} của {cluster}: {units} đơn vị, xếp hạng và đề nghị "
              "khen thưởng.").format(year=data.year, cluster=data.cluster, units=len(data.units)),
        file=file,
    )  # fmt: skip


async def progress_lines(ctx: Context, cluster_id: int) -> list[str]:
    """Return the scoring lines of /tonghop; none before the cluster has a table."""
    found = await ctx.services.scoring_results.progress(cluster_id)
    if found is None:
        return []
    state = ctx._("đã công bố") if found.published else ctx._("chưa công bố")
    return [
        "",
        ctx._(
            "Chấm điểm thi đua năm {year} (hạn tự chấm {due}): đã gửi {submitted}/{units}, đã "
            "thẩm định {reviewed}, đã giải trình {explained}, đã thống nhất {settled}; kết quả "
            "{state}."
        ).format(
            year=found.year, due=ctx.t.date(found.due), submitted=found.submitted,
            units=found.units, reviewed=found.reviewed, explained=found.explained,
            settled=found.settled, state=state,
        ),
    ]  # fmt: skip
