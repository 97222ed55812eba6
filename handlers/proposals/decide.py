"""Forward a proposal to the Council (a note is welcome) or decline it (a reason is due).

The cluster's leaders are told by the service, once per decision, in their own language.
"""

from __future__ import annotations

from typing import Any

from bot.flow.context import Context, Option
from bot.flow.payload import number
from bot.flow.refusals import refusals
from bot.flow.router import Router
from domain.commands import ADMINS
from domain.dialogs import FlowState
from domain.proposals.decision import Decision
from handlers.proposals.board import open_cluster
from handlers.proposals.texts import award

router = Router(name=__name__)

FLOW = "province"


class ProposalChosen(FlowState):
    """The proposal being decided, while its note or reason is typed."""

    p: int = 0


router.flow(FLOW, ProposalChosen)


async def _ask(ctx: Context, proposal_id: int, step: str) -> None:
    with refusals(ctx) as caught:
        found, entry = await ctx.services.proposals.entry(ctx.person, proposal_id)
    if caught.refused is not None:
        return
    ctx.begin(FLOW, step, ProposalChosen(p=proposal_id))
    subject = ctx._("Đề nghị tặng {award} cho {unit} ({cluster}).").format(
        award=award(ctx, entry), unit=entry.unit_name, cluster=found.name)  # fmt: skip
    if step == "note":
        ctx.say(subject + "\n" + ctx._(
            "Vui lòng nhập ghi chú gửi lãnh đạo cụm, khối (nếu có), hoặc chọn “Trình, không ghi "
            "chú”. Gõ /huy để hủy."), [
            Option(ctx._("Trình, không ghi chú"), "proposals.forward_now",
                   {"p": proposal_id})])  # fmt: skip
    else:
        ctx.say(subject + "\n" + ctx._(
            "Vui lòng nhập lý do không trình; lãnh đạo cụm, khối sẽ được báo lý do này. Gõ /huy "
            "để hủy."))  # fmt: skip


@router.choice("proposals.forward", roles=ADMINS)
async def forward(ctx: Context, payload: dict[str, Any]) -> None:
    await _ask(ctx, number(payload, "p"), "note")


@router.choice("proposals.decline", roles=ADMINS)
async def decline(ctx: Context, payload: dict[str, Any]) -> None:
    await _ask(ctx, number(payload, "p"), "reason")


async def _decide(ctx: Context, proposal_id: int, decision: Decision, reason: str) -> None:
    """Record the decision; on a refusal the step stays, for the text to be typed again."""
    with refusals(ctx, finish=False) as caught:
        found, entry = await ctx.services.proposals.entry(ctx.person, proposal_id)
        changed = await ctx.services.proposals.decide(ctx.person, proposal_id, decision, reason)
    if caught.refused is not None:
        return
    ctx.finish()
    values = {"award": award(ctx, entry), "unit": entry.unit_name, "cluster": found.name}
    if not changed:
        ctx.say(ctx._("Đề nghị này đã được xét như vậy từ trước; không có gì thay đổi."))
    elif decision is Decision.FORWARDED:
        ctx.say(ctx._("Đã trình Hội đồng đề nghị tặng {award} cho {unit}. Lãnh đạo {cluster} "
                      "đã được báo.").format(**values))  # fmt: skip
    else:
        ctx.say(ctx._("Đã ghi không trình đề nghị tặng {award} cho {unit}. Lãnh đạo {cluster} "
                      "đã được báo lý do.").format(**values))  # fmt: skip
    await open_cluster(ctx, found.cluster_id, found.year)


@router.choice("proposals.forward_now", roles=ADMINS)
async def forward_now(ctx: Context, payload: dict[str, Any]) -> None:
    await _decide(ctx, number(payload, "p"), Decision.FORWARDED, "")


@router.step(FLOW, "note")
async def typed_note(ctx: Context) -> None:
    await _decide(ctx, ctx.state(ProposalChosen).p, Decision.FORWARDED, ctx.incoming.text)


@router.step(FLOW, "reason")
async def typed_reason(ctx: Context) -> None:
    await _decide(ctx, ctx.state(ProposalChosen).p, Decision.DECLINED, ctx.incoming.text)


@router.choice("proposals.rest", roles=ADMINS)
async def forward_rest(ctx: Context, payload: dict[str, Any]) -> None:
    """Forward every proposal of the cluster not yet weighed, in one tap."""
    ctx.finish()
    cluster_id, year = number(payload, "c"), number(payload, "y")
    with refusals(ctx) as caught:
        done = await ctx.services.proposals.forward_rest(ctx.person, cluster_id, year)
    if caught.refused is not None:
        return
    ctx.say(ctx._("Đã trình Hội đồng {count} đề nghị chưa xét; lãnh đạo cụm, khối đã được báo.")
            .format(count=done))  # fmt: skip
    await open_cluster(ctx, cluster_id, year)
