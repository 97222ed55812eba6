"""The unit reporter's self-assessment: criteria in order, scores, evidence, “Gửi chấm điểm”.

The menu is text plus a few options, so it reads the same on Zalo: a criterion is opened by
typing its code ("1.2"), or scored at once with its code and score ("1.2 8").
"""

from __future__ import annotations

import re
from typing import Any

from bot.flow.context import Context, Option
from bot.flow.refusals import refusals
from bot.flow.router import Router
from bot.services.scoring.unit import Scored, UnitSheet
from domain.commands import REPORTERS
from domain.dialogs import FlowState
from domain.messages import EventKind
from domain.refusals import Refused
from domain.scoring.flow import Stage
from domain.scoring.table import Criterion, Kind, show_points
from domain.scoring.typed import Meant, read_typed
from domain.text import N_
from handlers.scoring.outcome import show_outcome
from handlers.scoring.texts import STAGES, how_scored, score_prompt, sheet_lines, totals_text

router = Router(name=__name__)

FLOW = "score"


class ScoreDraft(FlowState):
    """A unit scoring its sheet: the criterion open (scored, or taking evidence)."""

    code: str = ""


router.flow(FLOW, ScoreDraft)
# Each score is stored as typed: cancelling keeps them, and says how to go on.
router.keeps_answers(FLOW, N_("Đã đóng. Phần đã chấm được lưu; gõ /chamdiem để chấm tiếp."))
NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
REPORTS_SHOWN = 8


def _head(ctx: Context, sheet: UnitSheet) -> list[str]:
    return [
        ctx._("Chấm điểm thi đua năm {year} — {unit}").format(
            year=sheet.year, unit=sheet.unit.name
        ),
        sheet.title,
        ctx._("Tiến độ: {done}/{total} tiêu chí. Trạng thái: {stage}.").format(
            done=sheet.progress.done, total=sheet.progress.total, stage=ctx._(STAGES[sheet.stage])
        ),
    ]


def _next_code(sheet: UnitSheet, after: str | None = None) -> str | None:
    """Return the next criterion without a score (after `after`, wrapping round)."""
    codes = [x.criterion.code for x in sheet.lines]
    start = codes.index(after) + 1 if after in codes else 0
    for line in sheet.lines[start:] + sheet.lines[:start]:
        if line.self_score is None and line.criterion.kind is not Kind.COMPUTED:
            return line.criterion.code
    return None


async def show_menu(ctx: Context, sheet: UnitSheet) -> None:
    """Show the unit's sheet: in draft the scoring menu, later where the review stands."""
    lines = [*_head(ctx, sheet), "", *sheet_lines(ctx, sheet), "", totals_text(ctx, sheet)]
    if sheet.stage is not Stage.DRAFT or sheet.published:
        ctx.finish()
        await show_outcome(ctx, sheet, lines)
        return
    options = []
    if _next_code(sheet) is not None:
        options.append(Option(ctx._("Chấm tiêu chí tiếp theo"), "score.next"))
    if sheet.progress.complete:
        options.append(Option(ctx._("Gửi chấm điểm"), "score.confirm"))
    options.append(Option(ctx._("Đóng"), "score.close"))
    lines += [
        "",
        ctx._("Vui lòng gõ mã tiêu chí để chấm (ví dụ 1.2), hoặc mã và điểm (ví dụ 1.2 8)."),
    ]
    ctx.begin(FLOW, "menu")
    ctx.say("\n".join(lines), options)


async def open_sheet(ctx: Context) -> None:
    with refusals(ctx) as caught:
        sheet = await ctx.services.scoring.own_sheet(ctx.person)
    if caught.refused is not None:
        return
    await show_menu(ctx, sheet)


def ask_score(ctx: Context, sheet: UnitSheet, code: str) -> None:
    line = sheet.line(code)
    assert line is not None
    c = line.criterion
    text = [
        ctx._("Tiêu chí {code} ({done}/{total} tiêu chí đã chấm): {text}").format(
            code=c.code, done=sheet.progress.done, total=sheet.progress.total, text=c.text
        ),
        how_scored(ctx, c),
    ]
    if line.self_score is not None:
        text.append(ctx._("Điểm đã chấm: {points}.").format(points=show_points(line.self_score)))
    text.append(score_prompt(ctx, c))
    options = []
    if c.kind is Kind.PASS_FAIL:
        options = [
            Option(ctx._("Đạt"), "score.pass", {"code": c.code, "pass": True}),
            Option(ctx._("Không đạt"), "score.pass", {"code": c.code, "pass": False}),
        ]
    options.append(Option(ctx._("Về danh sách"), "score.menu"))
    ctx.begin(FLOW, "criterion", ScoreDraft(code=c.code))
    ctx.say("\n".join(text), options)


def _evidence_options(ctx: Context) -> list[Option]:
    return [
        Option(ctx._("Gắn báo cáo đã gửi"), "score.reports"),
        Option(ctx._("Tiêu chí tiếp theo"), "score.next"),
        Option(ctx._("Về danh sách"), "score.menu"),
    ]


def _tell_scored(ctx: Context, scored: Scored) -> None:
    c = scored.line.criterion
    ctx.begin(FLOW, "evidence", ScoreDraft(code=c.code))
    ctx.say(
        ctx._(
            "Đã ghi tiêu chí {code}: {points}/{top} điểm. Tiến độ: {done}/{total} tiêu chí.\n"
            "Vui lòng gửi minh chứng: một ghi chú ngắn, ảnh hoặc tệp; hoặc chọn báo cáo đã gửi."
        ).format(
            code=c.code,
            points=show_points(scored.points),
            top=show_points(c.max_points),
            done=scored.sheet.progress.done,
            total=scored.sheet.progress.total,
        ),
        _evidence_options(ctx),
    )


async def _score(ctx: Context, code: str, text: str, sheet: UnitSheet) -> None:
    with refusals(ctx, finish=False) as caught:
        scored = await ctx.services.scoring.set_score(ctx.person, code, text, sheet=sheet)
    if caught.refused is None:
        _tell_scored(ctx, scored)


def _open(ctx: Context, sheet: UnitSheet, criterion: Criterion) -> None:
    """Open a criterion to score, unless the bot computes it."""
    if criterion.kind is Kind.COMPUTED:
        ctx.say(ctx._("Tiêu chí {code} được tính tự động, không chấm tay.").format(
            code=criterion.code))  # fmt: skip
        return
    ask_score(ctx, sheet, criterion.code)


@router.step(FLOW, "menu")
async def typed_in_menu(ctx: Context) -> None:
    """Open the criterion typed, or score it at once ("1.2 8")."""
    parts = ctx.incoming.text.split(maxsplit=1)
    with refusals(ctx) as caught:
        sheet = await ctx.services.scoring.own_sheet(ctx.person)
    if caught.refused is not None:
        return
    line = sheet.line(parts[0]) if parts else None
    if line is None:
        ctx.say(
            ctx._(
                "Không có tiêu chí nào có mã “{code}”. Vui lòng gõ một mã trong danh sách."
            ).format(code=parts[0] if parts else "")
        )
        return
    if len(parts) == 2 and line.criterion.kind is not Kind.COMPUTED:
        await _score(ctx, line.criterion.code, parts[1], sheet)
        return
    _open(ctx, sheet, line.criterion)


@router.step(FLOW, "criterion")
async def typed_score(ctx: Context) -> None:
    """Take the typed score of the open criterion, or open the criterion whose code was typed."""
    code = ctx.state(ScoreDraft).code
    if ctx.incoming.kind is not EventKind.TEXT:
        ctx.say(ctx._("Vui lòng nhập điểm bằng chữ số trước, rồi gửi minh chứng."))
        return
    with refusals(ctx, finish=False) as caught:
        sheet = await ctx.services.scoring.own_sheet(ctx.person)
    if caught.refused is not None:
        return
    line = sheet.line(code)
    typed = read_typed(sheet.table, line.criterion, ctx.incoming.text) if line else None
    if typed is None or typed.other is None or typed.meant is Meant.SCORE:
        await _score(ctx, code, ctx.incoming.text, sheet)
    elif typed.meant is Meant.CRITERION:
        _open(ctx, sheet, typed.other)
    else:
        assert line is not None and isinstance(typed.score, int)
        other, points = typed.other.code, show_points(typed.score)
        ctx.say(
            ctx._(
                "Đồng chí muốn mở tiêu chí {other} hay chấm {points} điểm cho tiêu chí {code}?"
            ).format(other=other, points=points, code=line.criterion.code),
            [
                Option(ctx._("Mở tiêu chí {code}").format(code=other), "score.open",
                       {"code": other}),
                Option(ctx._("Chấm {points} điểm cho tiêu chí {code}").format(
                    points=points, code=line.criterion.code), "score.points",
                    {"code": line.criterion.code, "points": typed.score}),
            ],
        )  # fmt: skip


@router.choice("score.open", roles=REPORTERS)
async def open_criterion(ctx: Context, payload: dict[str, Any]) -> None:
    """Open the criterion the reporter meant by a code that also read as a score."""
    with refusals(ctx, finish=False) as caught:
        sheet = await ctx.services.scoring.own_sheet(ctx.person)
    if caught.refused is not None:
        return
    line = sheet.line(str(payload.get("code", "")))
    if line is None:
        ctx.say(ctx._("Vui lòng mở lại tiêu chí bằng lệnh /chamdiem."))
        return
    _open(ctx, sheet, line.criterion)


@router.choice("score.points", roles=REPORTERS)
async def chosen_points(ctx: Context, payload: dict[str, Any]) -> None:
    """Give the open criterion the points a code-like number read as, as the reporter chose."""
    points = payload.get("points")
    if not isinstance(points, int):
        ctx.say(ctx._("Vui lòng mở lại tiêu chí bằng lệnh /chamdiem."))
        return
    code = str(payload.get("code", ""))
    with refusals(ctx, finish=False) as caught:
        scored = await ctx.services.scoring.set_points(ctx.person, code, points)
    if caught.refused is None:
        _tell_scored(ctx, scored)


@router.choice("score.pass", roles=REPORTERS)
async def passed(ctx: Context, payload: dict[str, Any]) -> None:
    code, verdict = str(payload.get("code", "")), payload.get("pass") is True
    with refusals(ctx, finish=False) as caught:
        scored = await ctx.services.scoring.set_passed(ctx.person, code, verdict)
    if caught.refused is None:
        _tell_scored(ctx, scored)


@router.step(FLOW, "evidence", files=True)
async def evidence(ctx: Context) -> None:
    """Keep a note, or the photos and files sent, as the criterion's evidence."""
    code = ctx.state(ScoreDraft).code
    incoming = ctx.incoming
    files = [a for a in incoming.attachments if a.ref]
    if not files and await _code_typed(ctx):
        return
    with refusals(ctx, finish=False) as caught:
        if files:
            for a in files:
                item = {"channel": incoming.channel.value, "kind": a.kind, "ref": a.ref[:1000]}
                await ctx.services.scoring.add_evidence(ctx.person, code, item=item)
        elif incoming.kind is EventKind.TEXT and incoming.text.strip():
            await ctx.services.scoring.add_evidence(ctx.person, code, note=incoming.text)
        else:
            ctx.say(ctx._("Vui lòng gửi ghi chú, ảnh hoặc tệp làm minh chứng."))
            return
    if caught.refused is not None:
        return
    ctx.say(
        ctx._("Đã lưu minh chứng cho tiêu chí {code}.").format(code=code), _evidence_options(ctx)
    )


async def _code_typed(ctx: Context) -> bool:
    """Take "1.3 8" typed after a score as the next score and "1.3" as opening it, not as notes."""
    parts = ctx.incoming.text.split()
    if not 1 <= len(parts) <= 2 or (len(parts) == 2 and not NUMBER.fullmatch(parts[1])):
        return False
    try:
        sheet = await ctx.services.scoring.own_sheet(ctx.person)
    except Refused:
        return False
    line = sheet.line(parts[0])
    if line is None:
        return False
    if len(parts) == 1:
        _open(ctx, sheet, line.criterion)
    elif line.criterion.kind is Kind.COMPUTED:
        return False
    else:
        await _score(ctx, line.criterion.code, parts[1], sheet)
    return True


@router.choice("score.reports", roles=REPORTERS)
async def reports(ctx: Context, _payload: dict[str, Any]) -> None:
    """Offer the unit's recent reports to link as evidence."""
    found = await ctx.services.scoring.unit_reports(ctx.person, REPORTS_SHOWN)
    if not found:
        ctx.say(ctx._("Đơn vị chưa có báo cáo hoạt động nào."), _evidence_options(ctx))
        return
    ctx.say(
        ctx._("Chọn báo cáo làm minh chứng:"),
        [Option(f"{ctx.t.date(r.day)} {r.title}"[:60], "score.link", {"id": r.id}) for r in found],
    )


@router.choice("score.link", roles=REPORTERS)
async def link(ctx: Context, payload: dict[str, Any]) -> None:
    report = payload.get("id")
    if ctx.dialog.flow != FLOW or not isinstance(report, int):
        ctx.say(ctx._("Vui lòng mở lại tiêu chí bằng lệnh /chamdiem."))
        return
    code = ctx.state(ScoreDraft).code
    with refusals(ctx, finish=False) as caught:
        await ctx.services.scoring.add_evidence(
            ctx.person, code, item={"kind": "report", "id": report}
        )
    if caught.refused is not None:
        return
    ctx.say(
        ctx._("Đã gắn báo cáo làm minh chứng cho tiêu chí {code}.").format(code=code),
        _evidence_options(ctx),
    )


@router.choice("score.next", roles=REPORTERS)
async def next_criterion(ctx: Context, _payload: dict[str, Any]) -> None:
    with refusals(ctx, finish=False) as caught:
        sheet = await ctx.services.scoring.own_sheet(ctx.person)
    if caught.refused is not None:
        return
    code = _next_code(sheet, ctx.state(ScoreDraft).code or None)
    if code is None:
        await show_menu(ctx, sheet)
        return
    ask_score(ctx, sheet, code)


@router.choice("score.menu", roles=REPORTERS)
async def menu(ctx: Context, _payload: dict[str, Any]) -> None:
    await open_sheet(ctx)


@router.choice("score.close", roles=REPORTERS)
async def close(ctx: Context, _payload: dict[str, Any]) -> None:
    ctx.finish()
    ctx.say(ctx._("Đã đóng. Phần đã chấm được lưu; gõ /chamdiem để chấm tiếp."))


@router.choice("score.confirm", roles=REPORTERS)
async def confirm(ctx: Context, _payload: dict[str, Any]) -> None:
    """Show the total before sending."""
    with refusals(ctx, finish=False) as caught:
        sheet = await ctx.services.scoring.own_sheet(ctx.person)
    if caught.refused is not None:
        return
    if not sheet.progress.complete:
        ctx.say(ctx._("Vui lòng chấm đủ mọi tiêu chí trước khi gửi."))
        return
    ctx.begin(FLOW, "confirm")
    ctx.say(
        ctx._("{totals}\nSau khi gửi, đơn vị không sửa được điểm nữa. Gửi chấm điểm?").format(
            totals=totals_text(ctx, sheet)
        ),
        [
            Option(ctx._("Xác nhận gửi"), "score.submit"),
            Option(ctx._("Về danh sách"), "score.menu"),
        ],
    )


@router.choice("score.submit", roles=REPORTERS)
async def submit(ctx: Context, _payload: dict[str, Any]) -> None:
    ctx.finish()
    with refusals(ctx) as caught:
        sheet = await ctx.services.scoring.submit(ctx.person)
    if caught.refused is not None:
        return
    ctx.say(
        ctx._(
            "Đã gửi chấm điểm thi đua năm {year} của {unit}: {total} điểm. Lãnh đạo cụm, khối "
            "đã được báo để thẩm định."
        ).format(year=sheet.year, unit=sheet.unit.name, total=show_points(sheet.self_totals.total))
    )
