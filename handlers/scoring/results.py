"""The ranking table for the leaders, and the publication of the cluster's results."""

from __future__ import annotations

from typing import Any

from bot.flow.context import Context, Option
from bot.flow.refusals import refusals
from bot.flow.router import Router
from domain.commands import LEADERS
from domain.scoring.table import show_points

router = Router(name=__name__)


def _cluster(payload: dict[str, Any]) -> int | None:
    value = payload.get("c")
    return value if isinstance(value, int) else None


@router.choice("scoreresult.ranking", roles=LEADERS)
async def ranking(ctx: Context, payload: dict[str, Any]) -> None:
    """Show the ranking as a table: rank, unit, total, computed points, submission day."""
    cluster = _cluster(payload)
    with refusals(ctx, finish=False) as caught:
        standings = await ctx.services.scoring_results.ranking(ctx.person, cluster)
    if caught.refused is not None:
        return
    lines = [ctx._("Bảng xếp hạng (tổng điểm · điểm tính tự động · ngày gửi):")]
    for s in standings:
        day = (
            ctx.t.date(s.submitted_at.astimezone(ctx.province.tz).date())
            if s.submitted_at is not None
            else ctx._("chưa gửi")
        )
        lines.append(
            ctx._("Hạng {rank}: {unit} — {total} · {computed} · {day}").format(
                rank=s.rank,
                unit=s.unit_name,
                total=show_points(s.total),
                computed=show_points(s.computed),
                day=day,
            )
        )
    ctx.say("\n".join(lines), [Option(ctx._("Quay lại"), "scorereview.list", {"c": cluster})])


@router.choice("scoreresult.confirm", roles=LEADERS)
async def confirm(ctx: Context, payload: dict[str, Any]) -> None:
    cluster = _cluster(payload)
    ctx.say(
        ctx._(
            "Sau khi công bố, kết quả chỉ Ban Thi đua - Khen thưởng được sửa (kèm lý do); mọi "
            "thành viên của cụm, khối và các nhóm chat liên kết sẽ nhận được kết quả. Công bố "
            "kết quả?"
        ),
        [
            Option(ctx._("Xác nhận công bố"), "scoreresult.publish", {"c": cluster}),
            Option(ctx._("Quay lại"), "scorereview.list", {"c": cluster}),
        ],
    )


@router.choice("scoreresult.publish", roles=LEADERS)
async def publish(ctx: Context, payload: dict[str, Any]) -> None:
    ctx.finish()
    with refusals(ctx) as caught:
        proposed = await ctx.services.scoring_results.publish(ctx.person, _cluster(payload))
    if caught.refused is not None:
        return
    ctx.say(
        ctx._(
            "Đã công bố kết quả chấm điểm thi đua; thành viên và các nhóm của cụm, khối đang "
            "được báo. Theo kết quả xếp hạng, {count} đơn vị đủ điều kiện đề nghị khen thưởng."
        ).format(count=proposed),
        [Option(ctx._("Đề nghị khen thưởng"), "scoreresult.proposals", {"c": _cluster(payload)})],
    )
