"""The scoring table as an Excel workbook: read with sheet!cell of every problem, and write."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from bot.fileread import sheet_rows
from bot.scoringfile.builder import KIND_LABELS, ScoringFileError, TableBuilder, points_value
from domain.membership.organisation import Cell, OrgError, clean_text
from domain.scoring.table import Table

SHEET, SETTINGS = "Thang điểm", "Chung"
COLUMNS = ("Mã nhóm", "Tên nhóm", "Mã tiêu chí", "Nội dung tiêu chí", "Loại", "Điểm tối đa",
           "Điểm mỗi lần", "Công thức")  # fmt: skip
SETTING_COLUMNS = ("Tên bảng điểm", "Điểm thưởng tối đa", "Điểm trừ tối đa")
WIDTHS = (10, 40, 12, 70, 16, 12, 12, 24)


def read_xlsx(path: Path) -> Table:
    """Read a table from a workbook: one row per criterion, a group's cells on its first row."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, KeyError) as exc:
        raise ScoringFileError(
            [OrgError(path.name, f"not an Excel .xlsx workbook: {exc}")]
        ) from exc
    try:
        b = TableBuilder()
        current: str | None = None
        for row in sheet_rows(book, SHEET, COLUMNS, b):
            group = clean_text(row["Mã nhóm"].value)
            if group is not None and group != current:
                b.add_group(row["Mã nhóm"], row["Tên nhóm"])
                current = group
            if clean_text(row["Mã tiêu chí"].value) is not None:
                b.add_criterion(*(row[c] for c in COLUMNS[2:]))
        settings = sheet_rows(book, SETTINGS, SETTING_COLUMNS, b)
        if not settings:
            blank = [Cell(None, f"{SETTINGS}!A2", c) for c in SETTING_COLUMNS]
            return b.finish(*blank)
        return b.finish(*(settings[0][c] for c in SETTING_COLUMNS))
    finally:
        book.close()


def write_xlsx(table: Table, path: Path) -> None:
    """Write the table as a workbook with the sheets read_xlsx reads."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(COLUMNS)
    for g in table.groups:
        for i, c in enumerate(g.criteria):
            head = (g.code, g.name) if i == 0 else (g.code, None)
            sheet.append((
                *head, c.code, c.text, KIND_LABELS[c.kind], points_value(c.max_points),
                points_value(c.per_item) if c.per_item else None,
                c.formula.value if c.formula else None,
            ))  # fmt: skip
    settings = book.create_sheet(SETTINGS)
    settings.append(SETTING_COLUMNS)
    settings.append(
        (table.title, points_value(table.bonus_cap), points_value(table.deduction_cap))
    )
    for ws, widths in ((sheet, WIDTHS), (settings, (60, 20, 20))):
        ws.freeze_panes = "A2"
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        for cell in ws[1]:
            cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2, min_col=4, max_col=4):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    book.save(path)
