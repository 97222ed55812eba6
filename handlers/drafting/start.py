"""/soanbaocao: pick the cluster, then the kind of report.

The command is private in the command contract: the report names units, people and what they
gave, so the core refuses it in a group.
"""

from __future__ import annotations

from bot.documents.model import ReportKind
from bot.flow.clusters import ClusterChosen, pick_cluster_then
from bot.flow.context import Context, Option
from bot.flow.router import Router
from domain.text import N_

router = Router(name=__name__)

LAST_YEAR_UNTIL = 3  # until March, last year's closing report is still being written


@pick_cluster_then(
    router, "draft", step="kind", prompt=N_("Vui lòng chọn cụm, khối cần soạn báo cáo."),
    none=N_("Đồng chí chưa phụ trách cụm, khối nào nên chưa soạn được báo cáo."),
)  # fmt: skip
async def draft(ctx: Context, cluster_id: int) -> None:
    """Offer the reports of the cluster picked (admins may have several)."""
    offer_kinds(ctx, cluster_id)


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
