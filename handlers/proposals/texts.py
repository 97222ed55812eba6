"""The words of the office's screens: refusals, decisions, a proposal's line."""

from __future__ import annotations

from bot.flow.context import Context
from bot.flow.refusals import wording
from bot.services.proposals.model import Entry
from bot.services.scoring.results import AWARD_NAMES
from domain.proposals.decision import MAX_REASON, MIN_REASON, Decision
from domain.refusals import ProposalRefusal, Reason, Refused
from domain.scoring.table import show_points
from domain.text import N_

REFUSALS: dict[Reason, str] = {
    ProposalRefusal.NOT_ADMIN: N_(
        "Chỉ Ban Thi đua - Khen thưởng được xét đề nghị khen thưởng của các cụm, khối."
    ),
    ProposalRefusal.NOT_FOUND: N_(
        "Không còn đề nghị này: cụm, khối đã bỏ đơn vị khỏi danh sách đề nghị khen thưởng."
    ),
    ProposalRefusal.NOT_PUBLISHED: N_("Cụm, khối này chưa công bố kết quả chấm điểm thi đua."),
    ProposalRefusal.NO_REASON: N_(
        "Vui lòng nhập lý do không trình, ít nhất {low} ký tự: lãnh đạo cụm, khối sẽ được báo "
        "lý do này."
    ),
    ProposalRefusal.TOO_LONG: N_("Nội dung dài quá {high} ký tự. Vui lòng nhập ngắn gọn hơn."),
    ProposalRefusal.NOTHING: N_(
        "Chưa cụm, khối nào công bố kết quả chấm điểm thi đua năm {year}."
    ),
}
DECISIONS = {
    None: N_("chưa xét"),
    Decision.FORWARDED: N_("đã trình Hội đồng"),
    Decision.DECLINED: N_("không trình"),
}


@wording(ProposalRefusal)
def proposal_refusal(ctx: Context, refused: Refused) -> str:
    """Explain why the office's step changed nothing."""
    return ctx._(REFUSALS[refused.reason]).format(
        low=MIN_REASON, high=MAX_REASON, year=refused.amount
    )


def award(ctx: Context, e: Entry) -> str:
    return ctx._(AWARD_NAMES.get(e.award, e.award))


def option_label(ctx: Context, e: Entry) -> str:
    """The option that opens a proposal: the unit and the award."""
    return f"{e.unit_name} — {award(ctx, e)}"


def entry_line(ctx: Context, e: Entry, units: int) -> str:
    """«• Đơn vị A — Cờ thi đua của UBND tỉnh: hạng 1/3, 95 điểm; chưa xét»."""
    state = ctx._("hạng {rank}/{units}, {total} điểm; {decision}").format(
        rank=e.rank, units=units, total=show_points(e.total),
        decision=ctx._(DECISIONS[e.decision]),
    )  # fmt: skip
    reason = f" ({e.reason})" if e.reason else ""
    return f"• {option_label(ctx, e)}: {state}{reason}"
