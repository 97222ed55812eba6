"""The cluster's score sheet (.xlsx) in the shape a cluster sends to the province.

The headings are Vietnamese whatever the reader's language: the sheet is an administrative
document for the province, like the table files beside it. Points are written as numbers
(7.5, not "7,5") with a one-decimal format, so the province can add them up.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from domain.scoring.table import Criterion, HalfPoints, to_decimal

POINTS = "0.0"
DAY = "dd/mm/yyyy"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True, name="Times New Roman", size=12)
PLAIN = Font(name="Times New Roman", size=12)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


@dataclass(frozen=True, slots=True)
class SheetUnit:
    name: str
    rank: int
    status: str  # Vietnamese, as the province reads it
    submitted: date | None
    self_scores: dict[str, HalfPoints]
    final_scores: dict[str, HalfPoints]
    self_total: HalfPoints
    final_total: HalfPoints
    computed: HalfPoints


@dataclass(frozen=True, slots=True)
class SheetProposal:
    award: str  # "Cờ thi đua của UBND tỉnh"
    unit: str
    rank: int
    total: HalfPoints
    status: str
    reason: str


@dataclass(frozen=True, slots=True)
class SheetData:
    cluster: str
    year: int
    title: str
    published: date | None
    groups: list[tuple[str, list[Criterion]]]  # "I. Thực hiện nhiệm vụ…", its criteria
    units: list[SheetUnit]  # in the order of the ranking
    proposals: list[SheetProposal]


def _points(value: HalfPoints | None) -> Decimal | None:
    return to_decimal(value) if value is not None else None


def _put(ws: Worksheet, row: int, col: int, value: object, *, bold: bool = False,
         fmt: str | None = None, align: Alignment = WRAP) -> None:  # fmt: skip
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # a name starting with "=" stays text
    cell.font, cell.border, cell.alignment = (BOLD if bold else PLAIN), BOX, align
    if fmt:
        cell.number_format = fmt


def _print_setup(ws: Worksheet, title_rows: str) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = True


def _scores(book: Workbook, data: SheetData) -> None:
    ws = book.active
    assert ws is not None
    ws.title = "Bảng điểm"
    ws.cell(row=1, column=1, value=f"{data.title} — {data.cluster}").font = Font(
        bold=True, name="Times New Roman", size=14
    )
    heads = ["STT", "Mã", "Tiêu chí", "Điểm tối đa"]
    for col, text in enumerate(heads, 1):
        ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
        _put(ws, 2, col, text, bold=True, align=CENTRE)
        _put(ws, 3, col, None)
    for i, unit in enumerate(data.units):
        col = 5 + 2 * i
        ws.merge_cells(start_row=2, start_column=col, end_row=2, end_column=col + 1)
        _put(ws, 2, col, unit.name, bold=True, align=CENTRE)
        _put(ws, 2, col + 1, None)
        _put(ws, 3, col, "Tự chấm", bold=True, align=CENTRE)
        _put(ws, 3, col + 1, "Thẩm định", bold=True, align=CENTRE)
    row, number = 4, 0
    for head, criteria in data.groups:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        _put(ws, row, 1, head, bold=True)
        row += 1
        for c in criteria:
            number += 1
            for col, value in enumerate([number, c.code, c.text, _points(c.max_points)], 1):
                _put(ws, row, col, value, fmt=POINTS if col == 4 else None)
            for i, unit in enumerate(data.units):
                own, final = unit.self_scores.get(c.code), unit.final_scores.get(c.code)
                _put(ws, row, 5 + 2 * i, _points(own), fmt=POINTS)
                _put(ws, row, 6 + 2 * i, _points(final), fmt=POINTS)
            row += 1
    _put(ws, row, 3, "Tổng điểm", bold=True)
    _put(ws, row + 1, 3, "Xếp hạng", bold=True)
    for i, unit in enumerate(data.units):
        _put(ws, row, 5 + 2 * i, _points(unit.self_total), bold=True, fmt=POINTS)
        _put(ws, row, 6 + 2 * i, _points(unit.final_total), bold=True, fmt=POINTS)
        _put(ws, row + 1, 6 + 2 * i, unit.rank, bold=True)
    for col, width in ((1, 6), (2, 8), (3, 60), (4, 10)):
        ws.column_dimensions[get_column_letter(col)].width = width
    for i in range(2 * len(data.units)):
        ws.column_dimensions[get_column_letter(5 + i)].width = 11
    ws.freeze_panes = "E4"  # the headings and the criteria stay in view
    _print_setup(ws, "2:3")


def _table(book: Workbook, name: str, title: str, heads: list[tuple[str, int]],
           rows: list[list[object]], formats: dict[int, str]) -> None:  # fmt: skip
    ws = book.create_sheet(name)
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, name="Times New Roman", size=14)
    for col, (text, width) in enumerate(heads, 1):
        _put(ws, 2, col, text, bold=True, align=CENTRE)
        ws.column_dimensions[get_column_letter(col)].width = width
    for r, values in enumerate(rows, 3):
        for col, value in enumerate(values, 1):
            _put(ws, r, col, value, fmt=formats.get(col))
    ws.freeze_panes = "A3"
    _print_setup(ws, "2:2")


def score_sheet(data: SheetData) -> bytes:
    """Write the score sheet, the ranking and the proposals; return the .xlsx bytes."""
    book = Workbook()
    _scores(book, data)
    _table(
        book, "Xếp hạng", f"Kết quả xếp hạng thi đua năm {data.year} — {data.cluster}",
        [("Hạng", 8), ("Đơn vị", 40), ("Tự chấm", 12), ("Kết quả", 12),
         ("Điểm tính tự động", 12), ("Ngày gửi", 14), ("Trạng thái", 20)],
        [[u.rank, u.name, _points(u.self_total), _points(u.final_total), _points(u.computed),
          u.submitted, u.status] for u in data.units],
        {3: POINTS, 4: POINTS, 5: POINTS, 6: DAY},
    )  # fmt: skip
    _table(
        book, "Đề nghị khen thưởng", f"Đề nghị khen thưởng năm {data.year} — {data.cluster}",
        [("Hình thức", 44), ("Đơn vị", 40), ("Hạng", 8), ("Điểm", 10), ("Trạng thái", 16),
         ("Lý do", 40)],
        [[p.award, p.unit, p.rank, _points(p.total), p.status, p.reason or None]
         for p in data.proposals],
        {4: POINTS},
    )  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
