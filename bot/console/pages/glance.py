"""The province at a glance (the admin's table, sortable, downloadable) and a cluster's page."""

from __future__ import annotations

from aiohttp import web

from bot.console.downloads import Cell, csv_file, xlsx_file
from bot.console.visit import Visit, signed_in
from bot.console.words import REGISTRATION, word
from bot.i18n import Translator
from bot.services.office.glance import SORTS, GlanceRow, ScoringStep
from domain.text import N_

routes = web.RouteTableDef()

# The table's columns: the sort key (None: not sortable) and the heading.
COLUMNS: tuple[tuple[str | None, str], ...] = (
    ("name", N_("Cụm, khối")),
    ("units", N_("Đơn vị")),
    ("joined", N_("Đã tham gia / biên chế")),
    ("phase1", N_("Đợt I: đơn vị đã báo cáo")),
    ("phase2", N_("Đợt II: đơn vị đã báo cáo")),
    ("registered", N_("Đã đăng ký thi đua")),
    ("pledged", N_("Đăng ký ủng hộ (₫)")),
    ("paid", N_("Đã nộp (₫)")),
    ("confirmed", N_("Đã xác nhận (₫)")),
    ("houses", N_("Nhà đủ tiền")),
    ("scoring", N_("Chấm điểm thi đua")),
)
# The downloads' columns: figures apart, as numbers a spreadsheet adds up.
DOWNLOAD = (
    N_("Cụm, khối"), N_("Mã"), N_("Đơn vị"), N_("Đã tham gia"), N_("Biên chế"),
    N_("Đợt I: đơn vị đã báo cáo"), N_("Đợt II: đơn vị đã báo cáo"), N_("Đã đăng ký thi đua"),
    N_("Đăng ký ủng hộ (₫)"), N_("Đã nộp (₫)"), N_("Đã xác nhận (₫)"), N_("Nhà đủ tiền"),
    N_("Chỉ tiêu nhà"), N_("Chấm điểm thi đua"),
)  # fmt: skip


def scoring_text(t: Translator, step: ScoringStep | None) -> str:
    """Return the one-line state of a cluster's scoring (the dashboard's words)."""
    if step is None:
        return t._("Chưa có bảng điểm")
    if step.published_on is not None:
        return t._("Đã công bố ngày {day}").format(day=t.date(step.published_on))
    return t._("Đã gửi {submitted}/{units} đơn vị, đã thống nhất {settled}").format(
        submitted=step.submitted, units=step.units, settled=step.settled
    )


def _order(visit: Visit) -> tuple[str, bool]:
    query = visit.request.query
    sort = query.get("sort", "name")
    return (sort if sort in SORTS else "name"), query.get("dir") == "desc"


def _cells(t: Translator, row: GlanceRow) -> list[Cell]:
    return [
        row.label, row.cluster.code, row.units, row.joined, row.headcount, *row.reported,
        row.registered, row.pledged, row.paid, row.confirmed, row.houses, row.house_target,
        scoring_text(t, row.scoring),
    ]  # fmt: skip


@routes.get("/tinh")
@signed_in()
async def province(visit: Visit) -> web.Response:
    """Every cluster in one table; a column's heading sorts by it (again: the other way)."""
    sort, descending = _order(visit)
    rows = await visit.office.glance.province(visit.person, sort, descending)
    t = visit.t
    return visit.render(
        "province.html", rows=rows, columns=COLUMNS, sort=sort, descending=descending,
        scoring=lambda step: scoring_text(t, step),
    )  # fmt: skip


@routes.get("/tinh.csv")
@signed_in()
async def province_csv(visit: Visit) -> web.Response:
    """The province's table as CSV, in the order asked."""
    rows = await visit.office.glance.province(visit.person, *_order(visit))
    t = visit.t
    return csv_file(
        f"toan-tinh-{visit.now.date().isoformat()}.csv", [t._(h) for h in DOWNLOAD],
        [_cells(t, row) for row in rows],
    )  # fmt: skip


@routes.get("/tinh.xlsx")
@signed_in()
async def province_xlsx(visit: Visit) -> web.Response:
    """The province's table as an Excel workbook, in the order asked."""
    rows = await visit.office.glance.province(visit.person, *_order(visit))
    t = visit.t
    return xlsx_file(
        f"toan-tinh-{visit.now.date().isoformat()}.xlsx", t._("Toàn tỉnh"),
        [t._(h) for h in DOWNLOAD], [_cells(t, row) for row in rows],
    )  # fmt: skip


@routes.get(r"/cum/{cluster:\d{1,9}}")
@signed_in()
async def cluster(visit: Visit) -> web.Response:
    """A cluster's line and its units (the admin: any cluster; a leader: their own)."""
    wanted = int(visit.request.match_info["cluster"])
    view = await visit.office.glance.cluster(visit.person, wanted)
    t = visit.t
    return visit.render(
        "cluster.html", view=view, row=view.row, scoring=scoring_text(t, view.row.scoring),
        registration=lambda code: word(t, REGISTRATION, code),
    )  # fmt: skip
