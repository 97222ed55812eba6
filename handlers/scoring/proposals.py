"""Proposals for commendation: the leader confirms or changes the list; the admin sees all."""

from __future__ import annotations

from typing import Any

from bot.flow.context import Context, Option
from bot.flow.refusals import refusals
from bot.flow.router import Router
from bot.services.scoring.results import AWARD_NAMES
from domain.commands import LEADERS
from domain.dialogs import FlowState
from domain.scoring.table import show_points
from domain.text import N_
from storage.scoring.steps import ProposalRow

router = Router(name=__name__)

FLOW = "proposal"


class ProposalDraft(FlowState):
    """A change to the award proposals, while its reason is typed."""

    c: int | None = None  # the cluster looked at (an admin's choice); None: the leader's own
    keep: bool = False  # True: add the unit to the award's list; False: remove it
    award: str = ""
    unit: int = 0


router.flow(FLOW, ProposalDraft)
STATUS = {
    "proposed": N_("đề nghị"),
    "confirmed": N_("đã xác nhận"),
    "removed": N_("đã bỏ"),
}


def _cluster(payload: dict[str, Any]) -> int | None:
    value = payload.get("c")
    return value if isinstance(value, int) else None


def proposal_lines(ctx: Context, rows: list[ProposalRow]) -> list[str]:
    lines: list[str] = []
    for award, name in AWARD_NAMES.items():
        mine = [p for p in rows if p.award == award]
        lines.append(ctx._(name) + ":")
        if not mine:
            lines.append("  " + ctx._("(không có đơn vị đủ điều kiện)"))
        for p in mine:
            state = ctx._("hạng {rank}, {total} điểm, {status}").format(
                rank=p.rank,
                total=show_points(p.total),
                status=ctx._(STATUS.get(p.status, p.status)),
            )
            reason = " — " + p.reason if p.reason else ""
            lines.append(f"  • {p.unit_name} ({state}){reason}")
    return lines


async def show_proposals(ctx: Context, cluster: int | None) -> None:
    with refusals(ctx, finish=False) as caught:
        rows = await ctx.services.scoring_results.proposals(ctx.person, cluster)
    if caught.refused is not None:
        return
    lines = [ctx._("Đề nghị khen thưởng theo kết quả xếp hạng:"), *proposal_lines(ctx, rows)]
    payload = {"c": cluster}
    options = []
    if any(p.status == "proposed" for p in rows):
        options.append(Option(ctx._("Xác nhận danh sách"), "proposal.confirm", payload))
    options += [
        Option(ctx._("Bỏ một đơn vị"), "proposal.pick", {**payload, "keep": False}),
        Option(ctx._("Thêm một đơn vị"), "proposal.pick", {**payload, "keep": True}),
        Option(ctx._("Quay lại"), "scorereview.list", payload),
    ]
    ctx.begin(FLOW, "list", ProposalDraft(c=cluster))
    ctx.say("\n".join(lines), options)


@router.choice("scoreresult.proposals", roles=LEADERS)
async def proposals(ctx: Context, payload: dict[str, Any]) -> None:
    await show_proposals(ctx, _cluster(payload))


@router.choice("proposal.confirm", roles=LEADERS)
async def confirm(ctx: Context, payload: dict[str, Any]) -> None:
    cluster = _cluster(payload)
    with refusals(ctx, finish=False) as caught:
        rows = await ctx.services.scoring_results.proposals(ctx.person, cluster)
        for p in rows:
            if p.status == "proposed":
                await ctx.services.scoring_results.decide(
                    ctx.person, p.award, p.unit_id, keep=True, cluster_id=cluster
                )
    if caught.refused is not None:
        return
    ctx.say(ctx._("Đã xác nhận danh sách đề nghị khen thưởng."))
    await show_proposals(ctx, cluster)


@router.choice("proposal.pick", roles=LEADERS)
async def pick(ctx: Context, payload: dict[str, Any]) -> None:
    """Offer the units to remove (proposed ones) or to add (ranked ones) for each award."""
    cluster, keep = _cluster(payload), payload.get("keep") is True
    with refusals(ctx, finish=False) as caught:
        rows = await ctx.services.scoring_results.proposals(ctx.person, cluster)
        standings = await ctx.services.scoring_results.ranking(ctx.person, cluster)
    if caught.refused is not None:
        return
    options = []
    for award, name in AWARD_NAMES.items():
        live = {p.unit_id for p in rows if p.award == award and p.status != "removed"}
        for s in standings:
            if (s.unit_id in live) != keep:
                label = f"{s.unit_name} — {ctx._(name)}"[:60]
                options.append(Option(label, "proposal.unit", {
                    "c": cluster, "keep": keep, "award": award, "unit": s.unit_id}))  # fmt: skip
    options.append(Option(ctx._("Quay lại"), "scoreresult.proposals", {"c": cluster}))
    ctx.say(ctx._("Chọn đơn vị:"), options)


@router.choice("proposal.unit", roles=LEADERS)
async def unit(ctx: Context, payload: dict[str, Any]) -> None:
    unit_id = payload.get("unit")
    draft = ProposalDraft(
        c=_cluster(payload), keep=payload.get("keep") is True,
        award=str(payload.get("award", "")), unit=unit_id if isinstance(unit_id, int) else 0,
    )  # fmt: skip
    ctx.begin(FLOW, "reason", draft)
    ctx.say(ctx._("Vui lòng nhập lý do thay đổi danh sách đề nghị khen thưởng (gõ /huy để hủy):"))


@router.step(FLOW, "reason")
async def typed_reason(ctx: Context) -> None:
    draft = ctx.state(ProposalDraft)
    cluster = draft.c
    with refusals(ctx, finish=False) as caught:
        await ctx.services.scoring_results.decide(
            ctx.person, draft.award, draft.unit,
            keep=draft.keep, reason=ctx.incoming.text, cluster_id=cluster,
        )  # fmt: skip
    if caught.refused is not None:
        return
    ctx.say(ctx._("Đã cập nhật danh sách đề nghị khen thưởng."))
    await show_proposals(ctx, cluster)


async def admin_view(ctx: Context) -> None:
    """Every cluster's proposals of the year in one place; each cluster can be opened."""
    ctx.finish()
    with refusals(ctx) as caught:
        tables = await ctx.services.scoring_results.all_proposals(ctx.person)
    if caught.refused is not None:
        return
    if not tables:
        ctx.say(ctx._("Chưa cụm, khối nào có thang bảng điểm thi đua năm nay."))
        return
    lines = [ctx._("Đề nghị khen thưởng của các cụm, khối năm {year}:").format(
        year=ctx.today.year)]  # fmt: skip
    options = []
    for table, rows in tables:
        lines += ["", table.cluster_name]
        if table.published_at is None:
            lines.append("  " + ctx._("(chưa công bố kết quả)"))
        else:
            lines += proposal_lines(ctx, rows)
        options.append(
            Option(table.cluster_name[:60], "scorereview.list", {"c": table.cluster_id})
        )
    # Weighing them for the Council is /denghi's: said here, where the admin looks first.
    lines += ["", ctx._("Gõ /denghi để xét các đề nghị và soạn tờ trình Hội đồng Thi đua - Khen "
                        "thưởng tỉnh.")]  # fmt: skip
    ctx.say("\n".join(lines), options)
