"""The words of the finale's screens: refusals, how a criterion is scored, a sheet's lines."""

from __future__ import annotations

from bot.flow.context import Context
from bot.flow.refusals import wording
from bot.services.scoring.unit import Line, UnitSheet
from domain.refusals import Reason, Refused, ScoringRefusal
from domain.scoring.flow import Stage
from domain.scoring.formulas import UnitFacts
from domain.scoring.table import Criterion, Formula, Kind, show_points
from domain.text import N_

REFUSALS: dict[Reason, str] = {
    ScoringRefusal.NO_UNIT: N_("Đồng chí chưa thuộc đơn vị nào nên không chấm điểm được."),
    ScoringRefusal.NOT_REPORTER: N_("Chỉ đầu mối đơn vị được chấm điểm cho đơn vị."),
    ScoringRefusal.NOT_LEADER: N_("Chỉ lãnh đạo cụm, khối của đơn vị được làm việc này."),
    ScoringRefusal.NOT_ADMIN: N_(
        "Kết quả đã công bố: chỉ Ban Thi đua - Khen thưởng được sửa, kèm lý do."
    ),
    ScoringRefusal.NO_TABLE: N_("Cụm, khối chưa có thang bảng điểm thi đua năm nay."),
    ScoringRefusal.NOT_FOUND: N_("Không tìm thấy đơn vị này trong cụm, khối."),
    ScoringRefusal.UNKNOWN_CRITERION: N_(
        "Không có tiêu chí nào có mã này. Vui lòng gõ một mã trong danh sách."
    ),
    ScoringRefusal.SUBMITTED: N_("Đơn vị đã gửi chấm điểm, không sửa được nữa."),
    ScoringRefusal.PUBLISHED: N_("Kết quả đã công bố, không thay đổi được nữa."),
    ScoringRefusal.INCOMPLETE: N_("Vui lòng chấm đủ mọi tiêu chí trước khi gửi."),
    ScoringRefusal.NOT_SUBMITTED: N_("Đơn vị chưa gửi chấm điểm."),
    ScoringRefusal.WRONG_STAGE: N_("Bước này không còn thực hiện được ở trạng thái hiện tại."),
    ScoringRefusal.EXPLAIN_CLOSED: N_("Đã hết thời hạn giải trình."),
    ScoringRefusal.CANNOT_SETTLE: N_(
        "Chưa thống nhất được: đơn vị còn trong thời hạn giải trình."
    ),
    ScoringRefusal.NOT_READY: N_(
        "Chưa công bố được: mọi đơn vị đã gửi chấm điểm phải được thống nhất kết quả trước."
    ),
    ScoringRefusal.NOT_PUBLISHED: N_("Kết quả chấm điểm thi đua chưa được công bố."),
    ScoringRefusal.BAD_TEXT: N_("Nội dung cần từ 3 đến 500 ký tự. Vui lòng nhập lại."),
    # A typed score: {text} is what was typed, {maximum} the most the criterion gives.
    ScoringRefusal.NOT_A_NUMBER: N_(
        "“{text}” không phải là số điểm. Vui lòng nhập một số, ví dụ 7,5."
    ),
    ScoringRefusal.NEGATIVE: N_("Điểm không được âm. Vui lòng nhập lại."),
    ScoringRefusal.NOT_HALF: N_(
        "Điểm chỉ chấm đến nửa điểm (ví dụ 7 hoặc 7,5). Vui lòng nhập lại."
    ),
    ScoringRefusal.ABOVE_MAX: N_("Điểm vượt mức tối đa {maximum}. Vui lòng nhập lại."),
    ScoringRefusal.NOT_PASS_FAIL: N_(
        "Tiêu chí này chỉ nhận 0 hoặc {maximum} điểm. Vui lòng nhập lại."
    ),
    ScoringRefusal.NOT_WHOLE: N_("Vui lòng nhập số lần là một số nguyên, ví dụ 2."),
    ScoringRefusal.COMPUTED: N_("Tiêu chí này được tính tự động, không chấm tay."),
}
STAGES = {
    Stage.DRAFT: N_("đang chấm"),
    Stage.SUBMITTED: N_("đã gửi, chờ thẩm định"),
    Stage.REVIEWED: N_("đã thẩm định"),
    Stage.EXPLAINED: N_("đã giải trình"),
    Stage.SETTLED: N_("đã thống nhất"),
}


@wording(ScoringRefusal)
def scoring_refusal(ctx: Context, refused: Refused) -> str:
    """Explain why a scoring step changed nothing."""
    return ctx._(REFUSALS[refused.reason]).format(
        text=refused.detail.strip(), maximum=show_points(refused.amount)
    )


def how_scored(ctx: Context, c: Criterion) -> str:
    top = show_points(c.max_points)
    if c.kind is Kind.PASS_FAIL:
        return ctx._("Đạt: {top} điểm, không đạt: 0 điểm.").format(top=top)
    if c.kind is Kind.PER_OCCURRENCE:
        return ctx._("Nhập số lần; mỗi lần {each} điểm, tối đa {top} điểm.").format(
            each=show_points(c.per_item), top=top
        )
    if c.kind is Kind.BONUS:
        return ctx._("Điểm thưởng từ 0 đến {top}.").format(top=top)
    if c.kind is Kind.DEDUCTION:
        return ctx._("Điểm trừ từ 0 đến {top}.").format(top=top)
    return ctx._("Từ 0 đến {top} điểm, được chấm nửa điểm (ví dụ 7,5).").format(top=top)


def score_prompt(ctx: Context, c: Criterion) -> str:
    """Ask for the score, restating the criterion and its range (the screen may have scrolled)."""
    top = show_points(c.max_points)
    if c.kind is Kind.PER_OCCURRENCE:
        return ctx._("Vui lòng nhập số lần của tiêu chí {code} (mỗi lần {each} điểm).").format(
            code=c.code, each=show_points(c.per_item)
        )
    if c.kind is Kind.PASS_FAIL:
        return ctx._("Vui lòng chọn “Đạt” hoặc “Không đạt” cho tiêu chí {code}.").format(
            code=c.code
        )
    return ctx._("Vui lòng nhập điểm tự chấm tiêu chí {code} (0–{top}).").format(
        code=c.code, top=top
    )


def how_computed(ctx: Context, c: Criterion, facts: UnitFacts | None) -> str:
    if facts is None:
        return ""
    match c.formula:
        case Formula.PLEDGE_SHARE:
            return ctx._("{done}/{total} người tham gia ủng hộ").format(
                done=min(facts.participants, facts.headcount), total=facts.headcount
            )
        case Formula.REPORTS_PER_PHASE:
            return ctx._("{n}/2 đợt có báo cáo đúng hạn").format(n=facts.phases_on_time)
        case Formula.REGISTRATION_ON_TIME:
            if facts.registration_on_time:
                return ctx._("đăng ký thi đua gửi đúng hạn")
            return ctx._("chưa có đăng ký thi đua gửi đúng hạn")
        case Formula.ANNIVERSARY_REPORTS:
            return ctx._("{n} hoạt động chào mừng ngày kỷ niệm").format(
                n=facts.anniversary_reports
            )
        case Formula.FEATURED_EXAMPLES:
            return ctx._("{n} gương điển hình được biểu dương").format(n=facts.featured_examples)
    return ""


def evidence_text(ctx: Context, line: Line) -> str:
    files = sum(1 for e in line.evidence if "ref" in e)
    reports = sum(1 for e in line.evidence if e.get("kind") == "report")
    parts = []
    if line.note:
        parts.append(ctx._("ghi chú: {note}").format(note=line.note))
    if files:
        parts.append(ctx._("{n} ảnh, tệp").format(n=files))
    if reports:
        parts.append(ctx._("{n} báo cáo").format(n=reports))
    return "; ".join(parts)


def line_text(ctx: Context, sheet: UnitSheet, line: Line, *, evidence: bool = False) -> str:
    c = line.criterion
    top = show_points(c.max_points)
    short = c.text if len(c.text) <= 70 else c.text[:67] + "…"
    if line.self_score is None:
        score = ctx._("chưa chấm")
    else:
        score = f"{show_points(line.self_score)}/{top}"
    if line.changed:
        score += " → " + show_points(line.reviewed or 0)
    text = f"• {c.code} {short}: {score}"
    if c.kind is Kind.COMPUTED:
        how = how_computed(ctx, c, sheet.facts)
        if how:
            text += " " + ctx._("(tính tự động: {how})").format(how=how)
    if evidence and (proof := evidence_text(ctx, line)):
        text += "\n   " + ctx._("Minh chứng: {proof}").format(proof=proof)
    if line.changed and line.reason:
        text += "\n   " + ctx._("Lý do sửa: {reason}").format(reason=line.reason)
    return text


def sheet_lines(ctx: Context, sheet: UnitSheet, *, evidence: bool = False) -> list[str]:
    """Return the criteria by group, one line each."""
    lines: list[str] = []
    group = None
    for line in sheet.lines:
        if line.group != group:
            group = line.group
            lines.append(group)
        lines.append(line_text(ctx, sheet, line, evidence=evidence))
    return lines


def totals_text(ctx: Context, sheet: UnitSheet, *, final: bool = False) -> str:
    sums = sheet.final_totals if final else sheet.self_totals
    return ctx._(
        "Tổng: {total} điểm (cơ bản {base}, thưởng {bonus}, trừ {deduction})."
    ).format(
        total=show_points(sums.total), base=show_points(sums.base),
        bonus=show_points(sums.bonus), deduction=show_points(sums.deduction),
    )  # fmt: skip
