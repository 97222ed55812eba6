"""The words of the turn of the year in the chat: the plan per cluster, why it cannot run."""

from __future__ import annotations

from bot.flow.context import Context
from bot.services.year.plan import ClusterPlan, Problem
from bot.services.year.turn import TurnReport, cluster_step
from domain.roles import role_name
from domain.text import N_
from domain.year.config import Rotation
from domain.year.rotation import NoHead

ROTATIONS = {
    Rotation.ORDER: N_("luân phiên theo thứ tự các đơn vị"),
    Rotation.RANKING: N_("theo kết quả xếp hạng thi đua năm {closed}"),
    Rotation.FILE: N_("theo danh sách trong tệp cấu hình"),
}
WHY = {
    NoHead.NO_UNITS: N_("cụm, khối chưa có đơn vị nào."),
    NoHead.NO_RANKING: N_(
        "chọn Trưởng cụm, khối theo kết quả xếp hạng nhưng kết quả năm {closed} chưa được công bố."
    ),
    NoHead.NOT_NAMED: N_(
        "chọn Trưởng cụm, khối theo danh sách nhưng tệp cấu hình năm chưa nêu "
        "đơn vị nào cho năm {opened}."
    ),
    NoHead.UNKNOWN_UNIT: N_("tệp cấu hình năm nêu đơn vị {unit}, không thuộc cụm, khối này."),
    NoHead.NO_PERSON: N_(
        "đơn vị {unit} không có người đảm nhiệm (không có lãnh đạo cụm, khối hay đầu mối đơn vị)."
    ),
}


def plan_lines(ctx: Context, plan: ClusterPlan, report: TurnReport) -> list[str]:
    """«Cụm thi đua số 1 (luân phiên …):» then the new head, deputies, who steps down."""
    rotation = ctx._(ROTATIONS[plan.rotation]).format(closed=report.closed)
    title = f"{plan.name} ({rotation}):"
    if cluster_step(plan) in report.done_before:
        title += " " + ctx._("đã thực hiện xong.")
    lines = [title]
    for s in (plan.head, *plan.deputies):
        role = role_name(ctx.t, s.role)
        lines.append(f"  • {role[:1].upper()}{role[1:]}: {s.name} ({s.unit})")
    lines += [
        ctx._("  • Trở về vai trò {role} của đơn vị: {name} ({unit})").format(
            role=role_name(ctx.t, s.role), name=s.name, unit=s.unit
        )
        for s in plan.leaving
    ]
    if plan.copy_table:
        lines.append(
            ctx._("  • Sao chép thang bảng điểm năm {closed} làm dự thảo năm {opened}").format(
                closed=report.closed, opened=report.opened
            )
        )
    told = ctx.t.ngettext(
        "  • Thông báo tới {count} tài khoản", "  • Thông báo tới {count} tài khoản", plan.accounts
    )
    lines.append(told.format(count=ctx.t.number(plan.accounts)))
    return lines


def preview_text(ctx: Context, report: TurnReport) -> str:
    """The dry run: what the turn would do, cluster by cluster, and the question."""
    lines = [
        ctx._(
            "Chuyển năm thi đua: khép lại năm {closed}, mở năm {opened}. Dự kiến (chưa có gì "
            "thay đổi):"
        ).format(closed=report.closed, opened=report.opened)
    ]
    if report.done_before:
        lines.append(
            ctx._(
                "Lần chuyển năm trước đã dừng giữa chừng; “Thực hiện” sẽ làm tiếp các bước còn "
                "lại, không làm lại bước đã xong."
            )
        )
    for plan in report.clusters:
        lines += ["", *plan_lines(ctx, plan, report)]
    greeted = ctx.t.ngettext(
        "Lời chào năm mới gửi tới {count} tài khoản (ngoài các cụm, khối: {others}).",
        "Lời chào năm mới gửi tới {count} tài khoản (ngoài các cụm, khối: {others}).",
        report.accounts,
    )
    lines += [
        "",
        greeted.format(count=ctx.t.number(report.accounts), others=ctx.t.number(report.others)),
        ctx._("Đồng chí có thực hiện chuyển năm không?"),
    ]
    return "\n".join(lines)


def refusal_text(ctx: Context, closed: int, problems: list[Problem]) -> str:
    """Why the turn cannot run: a line per cluster; nothing was changed."""
    lines = [ctx._("Chưa thể chuyển năm {closed}, không có gì thay đổi:").format(closed=closed)]
    lines += [
        f"• {p.cluster}: "
        + ctx._(WHY[p.reason]).format(closed=closed, opened=closed + 1, unit=p.detail)
        for p in problems
    ]
    return "\n".join(lines)


def done_text(ctx: Context, report: TurnReport) -> str:
    """What the run did."""
    clusters = sum(1 for p in report.clusters if cluster_step(p) in report.done_now)
    queued = ctx.t.ngettext(
        "Đã khép lại năm {closed} và mở năm {opened}: {clusters} cụm, khối có lãnh đạo năm "
        "{opened}; đã xếp gửi {count} tin nhắn thông báo.",
        "Đã khép lại năm {closed} và mở năm {opened}: {clusters} cụm, khối có lãnh đạo năm "
        "{opened}; đã xếp gửi {count} tin nhắn thông báo.",
        report.queued,
    )
    return queued.format(
        closed=report.closed, opened=report.opened, clusters=ctx.t.number(clusters),
        count=ctx.t.number(report.queued),
    )  # fmt: skip


NOTHING_MORE = N_(
    "Năm {closed} đã khép lại và năm {opened} đã mở từ trước; lần này không có gì thay đổi."
)
