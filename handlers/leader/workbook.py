"""The cluster's Excel workbook: the sheets in the person's language, written with openpyxl."""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from bot.flow.context import Context
from bot.reminders.texts import ROMAN
from bot.services.leader.summary import ClusterExport
from domain.pledge.rules import PledgeStatus
from domain.progress import percent
from handlers.activity.texts import anniversary_title, kind_label
from handlers.pledge.texts import status_name
from handlers.registration.texts import status_text
from storage.cluster.picture import NOT_YET, RegistrationLine

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY = "#,##0"
DAY = "dd/mm/yyyy"

Value = str | int | date | None


@dataclass(frozen=True, slots=True)
class Sheet:
    """One sheet: a title line, the column headers with their widths, the rows."""

    name: str
    title: str
    headers: list[tuple[str, int]]
    rows: list[list[Value]]
    money: frozenset[int] = frozenset()  # column indexes that hold đồng


def _local(ctx: Context, moment: datetime | None) -> date | None:
    return moment.astimezone(ctx.province.tz).date() if moment is not None else None


def _registration_status(ctx: Context, status: str) -> str:
    return ctx._("chưa gửi") if status == NOT_YET else status_text(ctx, status)


def _summary_sheet(ctx: Context, data: ClusterExport) -> Sheet:
    phase = ctx._("Đợt {phase} năm {year}").format(phase=ROMAN[data.phase.number],
                                                   year=data.phase.year)  # fmt: skip
    rows: list[list[Value]] = [
        [u.totals.name, u.totals.headcount, u.activity.reports, u.totals.pledged, u.totals.paid,
         u.totals.confirmed, u.totals.participants,
         percent(u.totals.participants, u.totals.headcount),
         _registration_status(ctx, u.activity.registration)]
        for u in data.units
    ]  # fmt: skip
    if data.totals is not None:
        t = data.totals
        rows.append([ctx._("Cộng"), t.headcount, sum(u.activity.reports for u in data.units),
                     t.pledged, t.paid, t.confirmed, t.participants,
                     percent(t.participants, t.headcount), None])  # fmt: skip
    # A past year's workbook is as the year stood on its last day, not as of today.
    title = (
        ctx._("Tổng hợp {cluster} năm {year}").format(cluster=data.cluster.name, year=data.year)
        if data.year < ctx.today.year
        else ctx._("Tổng hợp {cluster} ngày {date}").format(
            cluster=data.cluster.name, date=ctx.t.date(ctx.today)
        )
    )
    return Sheet(
        ctx._("Tổng hợp"),
        title,
        [(ctx._("Đơn vị"), 36), (ctx._("Số người (biên chế)"), 12),
         (ctx._("Báo cáo trong {phase}").format(phase=phase), 16),
         (ctx._("Đăng ký ủng hộ (₫)"), 16), (ctx._("Đã nộp (₫)"), 16),
         (ctx._("Đã xác nhận (₫)"), 16), (ctx._("Người tham gia"), 12),
         (ctx._("Tỷ lệ tham gia (%)"), 12), (ctx._("Đăng ký thi đua"), 24)],
        rows, frozenset({3, 4, 5}),
    )  # fmt: skip


def _reports_sheet(ctx: Context, data: ClusterExport) -> Sheet:
    activities = ctx.services.activities
    rows: list[list[Value]] = []
    for r in data.reports:
        anniversary = activities.anniversary(r.anniversary_key)
        greets = anniversary_title(ctx, anniversary, r.day, False) if anniversary else None
        rows.append([r.day, r.unit_name, kind_label(ctx, r.kind), r.title, r.participants,
                     greets, "⭐" if r.example else None])  # fmt: skip
    return Sheet(
        ctx._("Báo cáo"),
        ctx._("Báo cáo hoạt động năm {year} của {cluster}").format(
            year=data.year, cluster=data.cluster.name
        ),
        [(ctx._("Ngày"), 12), (ctx._("Đơn vị"), 30), (ctx._("Loại"), 28),
         (ctx._("Tên hoạt động"), 48), (ctx._("Số người tham gia"), 12),
         (ctx._("Ngày kỷ niệm"), 40), (ctx._("Gương điển hình"), 10)],
        rows,
    )  # fmt: skip


def _pledges_sheet(ctx: Context, data: ClusterExport) -> Sheet:
    # Names and amounts only: remembered salaries stay out of every export.
    rows: list[list[Value]] = [
        [p.unit_name,
         p.member_name if p.member_name is not None
         else ctx.t.ngettext("Thu qua công đoàn ({count} người)",
                             "Thu qua công đoàn ({count} người)", p.contributors)
         .format(count=p.contributors),
         p.amount, status_name(ctx, PledgeStatus(p.status)), p.paid_amount]
        for p in data.pledges
    ]  # fmt: skip
    return Sheet(
        ctx._("Ủng hộ"),
        ctx._("Ủng hộ “{campaign}” — {cluster}").format(
            campaign=data.campaign.name, cluster=data.cluster.name
        ),
        [(ctx._("Đơn vị"), 30), (ctx._("Họ và tên"), 30), (ctx._("Số tiền (₫)"), 16),
         (ctx._("Trạng thái"), 20), (ctx._("Đã chuyển khoản (₫)"), 18)],
        rows, frozenset({2, 4}),
    )  # fmt: skip


def _registration_row(ctx: Context, g: RegistrationLine) -> list[Value]:
    config = ctx.services.registrations.config

    def names(field: str, keys: list[str]) -> str:
        catalogue = {item.key: item for item in getattr(config, field)}
        return "\n".join(catalogue[k].label(ctx.t.locale) if k in catalogue else k for k in keys)

    return [g.unit_name, status_text(ctx, g.status),
            "\n".join(str(t.get("text", "")) for t in g.targets), names("titles", g.titles),
            names("rewards", g.rewards), _local(ctx, g.submitted_at),
            _local(ctx, g.reviewed_at), g.return_reason or None]  # fmt: skip


def _registrations_sheet(ctx: Context, data: ClusterExport) -> Sheet:
    return Sheet(
        ctx._("Đăng ký"),
        ctx._("Đăng ký thi đua năm {year} của {cluster}").format(
            year=data.year, cluster=data.cluster.name
        ),
        [(ctx._("Đơn vị"), 30), (ctx._("Trạng thái"), 22), (ctx._("Chỉ tiêu thi đua"), 40),
         (ctx._("Danh hiệu thi đua"), 30), (ctx._("Hình thức khen thưởng"), 30),
         (ctx._("Ngày gửi"), 12), (ctx._("Ngày duyệt"), 12), (ctx._("Lý do trả lại"), 30)],
        [_registration_row(ctx, g) for g in data.registrations],
    )  # fmt: skip


def workbook_bytes(sheets: list[Sheet]) -> bytes:
    """Write the sheets into an .xlsx file and return its bytes."""
    book = Workbook(write_only=True)  # rows stream out: a large cluster stays small in memory
    for sheet in sheets:
        ws = book.create_sheet(sheet.name[:31])
        for index, (_, width) in enumerate(sheet.headers, 1):
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "A3"
        title = WriteOnlyCell(ws, sheet.title)
        title.font = Font(bold=True, size=13)
        ws.append([title])
        ws.append([_cell(ws, name, bold=True) for name, _ in sheet.headers])
        for row in sheet.rows:
            ws.append([_cell(ws, value, money=i in sheet.money) for i, value in enumerate(row)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(ws: object, value: Value, *, bold: bool = False, money: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value)
    if isinstance(value, str):
        # Members type titles and names: text starting with "=" must stay text, not a formula.
        cell.data_type = "s"
        if "\n" in value:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    elif isinstance(value, date):
        cell.number_format = DAY
    elif money:
        cell.number_format = MONEY
    if bold:
        cell.font = Font(bold=True)
    return cell


async def workbook(ctx: Context, data: ClusterExport) -> bytes:
    """Return the cluster's workbook; the writing runs off the event loop."""
    sheets = [_summary_sheet(ctx, data), _reports_sheet(ctx, data), _pledges_sheet(ctx, data),
              _registrations_sheet(ctx, data)]  # fmt: skip
    return await asyncio.to_thread(workbook_bytes, sheets)
