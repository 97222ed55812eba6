"""/soanbaocao: refuse where it may not be read, pick the cluster, then the kind of report."""

from __future__ import annotations

from typing import Any

from bot.documents.model import ReportKind
from bot.flow.context import Context, Option
from bot.flow.router import Router
from domain.commands import LEADERS
from domain.messages import ChatKind
from handlers.leader.clusters import ClusterChosen, pick_cluster

router = Router(name=__name__)
router.flow("draft", ClusterChosen)

LAST_YEAR_UNTIL = 3  # until March, last year's closing report is still being written


@router.command("draft")
async def draft(ctx: Context) -> None:
    """Pick the cluster (admins may have several), then offer the reports it can draft."""
    if in_group(ctx):
        return
    cluster_id = await pick_cluster(
        ctx, flow="draft", step="kind", action="draft.cluster",
        prompt=ctx._("Vui lòng chọn cụm, khối cần soạn báo cáo."),
        none=ctx._("Đồng chí chưa phụ trách cụm, khối nào nên chưa soạn được báo cáo."),
    )  # fmt: skip
    if cluster_id is not None:
        offer_kinds(ctx, cluster_id)


@router.choice("draft.cluster", roles=LEADERS)
async def chose_cluster(ctx: Context, payload: dict[str, Any]) -> None:
    """Offer the reports of the chosen cluster (the service checks the cluster again)."""
    offer_kinds(ctx, int(payload.get("cluster") or 0))


def in_group(ctx: Context) -> bool:
    """Refuse in a group chat: the report names units, people and what they gave."""
    if ctx.incoming.chat_kind is not ChatKind.GROUP:
        return False
    ctx.say(
        ctx._(
            "Báo cáo nêu tên các đơn vị, cá nhân và số tiền ủng hộ: vui lòng gõ /soanbaocao "
            "trong tin nhắn riêng với tôi."
        )
    )
    return True


def offer_kinds(ctx: Context, cluster_id: int) -> None:
    """Offer this year's two phase reports and its closing report (last year's, early on)."""
    year = ctx.today.year
    ctx.begin("draft", "kind", ClusterChosen(cluster=cluster_id))
    options = [
        Option(ctx._("Báo cáo Đợt I năm {year}").format(year=year), "draft.kind",
               {"cluster": cluster_id, "kind": ReportKind.PHASE_1.value, "year": year}),
        Option(ctx._("Báo cáo Đợt II năm {year}").format(year=year), "draft.kind",
               {"cluster": cluster_id, "kind": ReportKind.PHASE_2.value, "year": year}),
        Option(ctx._("Báo cáo tổng kết năm {year}").format(year=year), "draft.kind",
               {"cluster": cluster_id, "kind": ReportKind.YEAR_END.value, "year": year}),
    ]  # fmt: skip
    if ctx.today.month <= LAST_YEAR_UNTIL:
        options.insert(0, Option(
            ctx._("Báo cáo tổng kết năm {year}").format(year=year - 1), "draft.kind",
            {"cluster": cluster_id, "kind": ReportKind.YEAR_END.value, "year": year - 1},
        ))  # fmt: skip
    ctx.say(ctx._("Vui lòng chọn báo cáo cần soạn."), options)
