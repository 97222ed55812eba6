"""Tables downloaded from the console: CSV (UTF-8 with a BOM, for Excel) and .xlsx."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from urllib.parse import quote

from aiohttp import web
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bot.console.headers import headers

Cell = str | int | float | None
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_RISKY = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet would run as a formula


def _safe(value: Cell) -> Cell:
    # A name typed as "=HYPERLINK(…)" stays text in a spreadsheet: a quote makes it so.
    if isinstance(value, str) and value.startswith(_RISKY):
        return "'" + value
    return value


def _attachment(filename: str, body: bytes, content_type: str) -> web.Response:
    response = web.Response(body=body, content_type=content_type, headers=headers())
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{filename.encode("ascii", "replace").decode()}"; '
        f"filename*=UTF-8''{quote(filename)}"
    )
    return response


def csv_file(filename: str, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> web.Response:
    """Return the rows as a CSV download that Excel opens with its diacritics."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_safe(h) for h in header])
    writer.writerows([[_safe(v) for v in row] for row in rows])
    body = ("\ufeff" + out.getvalue()).encode("utf-8")
    response = _attachment(filename, body, "text/csv")
    response.charset = "utf-8"
    return response


def xlsx_file(
    filename: str, title: str, header: Sequence[str], rows: Sequence[Sequence[Cell]]
) -> web.Response:
    """Return the rows as a one-sheet workbook, its header bold and frozen."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([_safe(h) for h in header])
    for row in rows:
        sheet.append([_safe(v) for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(name) + 4))
    out = io.BytesIO()
    book.save(out)
    return _attachment(filename, out.getvalue(), XLSX)


def workbook_file(filename: str, body: bytes) -> web.Response:
    """Return a workbook made elsewhere (the organisation's) as a download."""
    return _attachment(filename, body, XLSX)


def json_file(filename: str, body: bytes) -> web.Response:
    """Return a JSON document (a person's data) as a download."""
    response = _attachment(filename, body, "application/json")
    response.charset = "utf-8"
    return response
