"""/denghi [year]: every cluster's proposals side by side; a cluster's ranking; one proposal.

Private and the admin's only, in the command contract: the proposals are weighed before the
Council sees them.
"""

from __future__ import annotations

from typing import Any

from bot.flow.context import Context, Option
from bot.flow.payload import number
from bot.flow.refusals import refusals
from bot.flow.router import Router
from bot.services.proposals.model import Board, ClusterBoard, Entry
from bot.services.scoring.results import rank_lines
from domain.commands import ADMINS
from domain.proposals.decision import Decision
from domain.scoring.table import show_points
from handlers.proposals.texts import DECISIONS, award, entry_line, option_label

router = Router(name=__name__)

FIRST_YEAR = 2000  # a year typed before it is no year of the bot's


def _typed_year(text: str) -> int | None:
    typed = text.strip()
    return int(typed) if typed.isdigit() and len(typed) == 4 else None


@router.command("proposals")
async def proposals(ctx: Context) -> None:
    """Show the year's proposals of every cluster (`/denghi 2026` for another year)."""
    ctx.finish()
    typed = ctx.incoming.args.strip()
    year = _typed_year(typed)
    if typed and (year is None or year < FIRST_YEAR):
        ctx.say(ctx._("Vui lòng gõ /denghi, hoặc /denghi kèm năm, ví dụ /denghi {year}.").format(
            year=ctx.today.year))  # fmt: skip
        return
    with refusals(ctx) as caught:
        chosen = year or await ctx.services.proposals.default_year(ctx.person)
        board = await ctx.services.proposals.board(ctx.person, chosen)
    if caught.refused is None:
        show_board(ctx, board)


def show_board(ctx: Context, board: Board) -> None:
    if not board.clusters:
        ctx.say(ctx._("Chưa cụm, khối nào có thang bảng điểm thi đua năm {year}.").format(
            year=board.year))  # fmt: skip
        return
    lines = [ctx._(
        "Đề nghị khen thưởng của các cụm, khối năm {year}: {published}/{clusters} cụm, khối đã "
        "công bố kết quả; {proposals} đề nghị, đã trình Hội đồng {forwarded}, không trình "
        "{declined}, chưa xét {pending}."
    ).format(
        year=board.year, published=board.published, clusters=len(board.clusters),
        proposals=len(board.entries), forwarded=board.count(Decision.FORWARDED),
        declined=board.count(Decision.DECLINED), pending=board.count(None),
    )]  # fmt: skip
    options = []
    for c in board.clusters:
        lines.append("")
        if c.published_at is None:
            lines.append(ctx._("{cluster}: chưa công bố kết quả.").format(cluster=c.name))
            continue
        day = ctx.t.date(c.published_at.astimezone(ctx.province.tz).date())
        lines.append(ctx._("{cluster} (công bố {day}):").format(cluster=c.name, day=day))
        lines += [entry_line(ctx, e, len(c.standings)) for e in c.entries] or [
            "  " + ctx._("(không có đơn vị đủ điều kiện đề nghị khen thưởng)")
        ]
        options.append(Option(c.name, "proposals.cluster", {"c": c.cluster_id, "y": board.year}))
    if board.published:
        options += [
            Option(ctx._("Tải danh sách (Excel)"), "proposals.list", {"y": board.year}),
            Option(ctx._("Tải dự thảo tờ trình (Word)"), "proposals.submission",
                   {"y": board.year}),
        ]  # fmt: skip
    ctx.say("\n".join(lines), options)


def show_cluster(ctx: Context, c: ClusterBoard) -> None:
    """The cluster's published ranking, then its proposals, each to open."""
    lines = [
        ctx._("Kết quả xếp hạng thi đua năm {year} của {cluster}:").format(
            year=c.year, cluster=c.name),
        rank_lines(ctx.t, c.standings),
        "",
        ctx._("Đề nghị khen thưởng:"),
        *([entry_line(ctx, e, len(c.standings)) for e in c.entries]
          or ["  " + ctx._("(không có đơn vị đủ điều kiện đề nghị khen thưởng)")]),
    ]  # fmt: skip
    options = [Option(option_label(ctx, e), "proposals.entry", {"p": e.proposal_id})
               for e in c.entries]  # fmt: skip
    if any(e.decision is None for e in c.entries):
        options.append(Option(ctx._("Trình mọi đề nghị chưa xét"), "proposals.rest",
                              {"c": c.cluster_id, "y": c.year}))  # fmt: skip
    options.append(Option(ctx._("Quay lại"), "proposals.board", {"y": c.year}))
    ctx.say("\n".join(lines), options)


def show_entry(ctx: Context, c: ClusterBoard, e: Entry) -> None:
    text = ctx._(
        "{unit} ({cluster}): đề nghị tặng {award}; hạng {rank}/{units}, {total} điểm. "
        "Ý kiến của Ban Thi đua - Khen thưởng: {decision}."
    ).format(
        unit=e.unit_name, cluster=c.name, award=award(ctx, e), rank=e.rank,
        units=len(c.standings), total=show_points(e.total), decision=ctx._(DECISIONS[e.decision]),
    )  # fmt: skip
    if e.reason:
        text += "\n" + ctx._("Lý do, ghi chú: {reason}").format(reason=e.reason)
    options = [
        Option(ctx._("Trình Hội đồng"), "proposals.forward", {"p": e.proposal_id}),
        Option(ctx._("Không trình"), "proposals.decline", {"p": e.proposal_id}),
        Option(ctx._("Quay lại"), "proposals.cluster", {"c": c.cluster_id, "y": c.year}),
    ]
    ctx.say(text, options)


@router.choice("proposals.board", roles=ADMINS)
async def back_to_board(ctx: Context, payload: dict[str, Any]) -> None:
    ctx.finish()
    with refusals(ctx) as caught:
        board = await ctx.services.proposals.board(ctx.person, number(payload, "y"))
    if caught.refused is None:
        show_board(ctx, board)


async def open_cluster(ctx: Context, cluster_id: int, year: int) -> None:
    """Show a cluster's ranking and proposals (after a decision, too)."""
    with refusals(ctx) as caught:
        found = await ctx.services.proposals.cluster(ctx.person, cluster_id, year)
    if caught.refused is None:
        show_cluster(ctx, found)


@router.choice("proposals.cluster", roles=ADMINS)
async def cluster(ctx: Context, payload: dict[str, Any]) -> None:
    ctx.finish()
    await open_cluster(ctx, number(payload, "c"), number(payload, "y"))


@router.choice("proposals.entry", roles=ADMINS)
async def entry(ctx: Context, payload: dict[str, Any]) -> None:
    ctx.finish()
    with refusals(ctx) as caught:
        found, chosen = await ctx.services.proposals.entry(ctx.person, number(payload, "p"))
    if caught.refused is None:
        show_entry(ctx, found, chosen)
