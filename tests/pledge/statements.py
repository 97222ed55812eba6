"""Bank statements as banks export them, built for the tests (xlsx with title rows, csv)."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook

VI_HEADER = ["STT", "Ngày giao dịch", "Số tham chiếu", "Số tiền ghi nợ", "Số tiền ghi có",
             "Số dư", "Nội dung chi tiết"]  # fmt: skip
TITLE: list[list[Any]] = [
    ["NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM"],
    ["SAO KÊ TÀI KHOẢN", None, None, None, None, None, None],
    ["Số tài khoản: 0011001234567", None, "Từ ngày 01/05/2026 đến ngày 31/05/2026"],
    [],
]


def xlsx(rows: list[list[Any]]) -> bytes:
    """Return a workbook whose first sheet holds `rows`."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def vietcombank(lines: list[tuple[str, str, str, str, str]]) -> bytes:
    """Return a Vietnamese xlsx statement: (date, reference, debit, credit, memo) per line."""
    body = [[n, day, ref, debit, credit, "9.999.999", memo]
            for n, (day, ref, debit, credit, memo) in enumerate(lines, 1)]  # fmt: skip
    return xlsx([*TITLE, VI_HEADER, *body, [None, "Tổng cộng", None, "0", "9.999.999"]])


def english_csv(lines: list[tuple[str, str, str, str, str]], delimiter: str = ",") -> bytes:
    """Return an English csv statement: (date, reference, debit, credit, memo) per line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["Account statement"])
    writer.writerow([])
    writer.writerow(["Transaction Date", "Reference No", "Debit", "Credit", "Description"])
    writer.writerows(lines)
    return buffer.getvalue().encode("utf-8-sig")
