"""The consolidated list of the clusters' proposals (.xlsx), as the province's office keeps it.

Headings are Vietnamese whatever the reader's language: it is an administrative document.
Scores are numbers with one decimal and ranks whole numbers, so the office can sort and sum.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.documents.submission import SubmissionData
from bot.scoringfile.score_sheet import BOLD, BOX, CENTRE, PLAIN, POINTS, WRAP

TITLE = Font(bold=True, name="Times New Roman", size=14)
LIST_SHEET, RANKING_SHEET = "Đề nghị khen thưởng", "Xếp hạng"
LIST_HEADS = [("STT", 6), ("Cụm, khối thi đua", 32), ("Đơn vị", 36), ("Điểm", 9),
              ("Xếp hạng", 9), ("Số đơn vị", 9), ("Hình thức đề nghị", 34),
              ("Ý kiến của Ban Thi đua - Khen thưởng", 22), ("Lý do", 40)]  # fmt: skip
RANKING_HEADS = [("Cụm, khối thi đua", 32), ("Xếp hạng", 9), ("Đơn vị", 36), ("Điểm", 9)]


def _put(ws: Worksheet, row: int, col: int, value: object, *, bold: bool = False,
         fmt: str | None = None, align: Alignment = WRAP) -> None:  # fmt: skip
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # a name starting with "=" stays text
    cell.font, cell.border, cell.alignment = (BOLD if bold else PLAIN), BOX, align
    if fmt:
        cell.number_format = fmt


def _sheet(ws: Worksheet, title: str, heads: list[tuple[str, int]],
           rows: list[list[object]]) -> None:  # fmt: skip
    ws.cell(row=1, column=1, value=title).font = TITLE
    for col, (text, width) in enumerate(heads, 1):
        _put(ws, 2, col, text, bold=True, align=CENTRE)
        ws.column_dimensions[get_column_letter(col)].width = width
    points = [i for i, (text, _) in enumerate(heads, 1) if text == "Điểm"]
    for r, values in enumerate(rows, 3):
        for col, value in enumerate(values, 1):
            _put(ws, r, col, value, fmt=POINTS if col in points else None)
    ws.freeze_panes = "A3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "2:2"


def proposal_list(data: SubmissionData) -> bytes:
    """Write every cluster's proposals with the office's decision, and the rankings."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = LIST_SHEET
    rows: list[list[object]] = [
        [n, p.cluster, p.unit, p.score, p.rank, p.units, p.award,
         p.label, p.reason or None]
        for n, p in enumerate(data.proposals, 1)
    ]  # fmt: skip
    _sheet(ws, f"Danh sách đề nghị khen thưởng của các cụm, khối thi đua năm {data.year}",
           LIST_HEADS, rows)  # fmt: skip
    ranking = [
        [c.name, rank, unit, score] for c in data.clusters for rank, unit, score in c.ranking
    ]
    _sheet(book.create_sheet(RANKING_SHEET),
           f"Kết quả xếp hạng thi đua năm {data.year} của các cụm, khối", RANKING_HEADS,
           ranking)  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
