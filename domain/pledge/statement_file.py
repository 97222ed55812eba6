"""Turn the bytes of a bank's export (xlsx or csv) into rows of cells, in memory."""

from __future__ import annotations

import csv
import io
import zipfile

from openpyxl import load_workbook

from domain.pledge.statement import Cell, Problem, StatementError

MAX_BYTES = 5 * 1024 * 1024  # a year of a fund's statement is far smaller
HEAD = 40  # rows looked at to tell the csv's delimiter


def rows_of(content: bytes, filename: str) -> list[list[Cell]]:
    """Return the first sheet's rows of an xlsx, or a csv's rows; refuse anything else."""
    if len(content) > MAX_BYTES:
        raise StatementError(Problem.UNREADABLE)
    if content.startswith(b"PK"):  # an xlsx is a zip archive, whatever its name says
        return _xlsx(content)
    if filename.lower().endswith((".xlsx", ".xls")):
        raise StatementError(Problem.UNREADABLE)
    return _csv(content)


def _xlsx(content: bytes) -> list[list[Cell]]:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise StatementError(Problem.UNREADABLE) from None
    try:
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _csv(content: bytes) -> list[list[Cell]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StatementError(Problem.UNREADABLE) from None
    if "\x00" in text:
        raise StatementError(Problem.UNREADABLE)
    # Banks use commas, semicolons or tabs: the one that splits the table widest is it.
    parsed = [list(csv.reader(io.StringIO(text), delimiter=d)) for d in (",", ";", "\t")]
    rows = max(parsed, key=_widest)
    return [[cell or None for cell in row] for row in rows]


def _widest(rows: list[list[str]]) -> int:
    return max((sum(1 for cell in row if cell.strip()) for row in rows[:HEAD]), default=0)
