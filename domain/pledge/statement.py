"""Read a bank statement's rows: find the table under any title rows, keep the credit lines.

Banks' exports differ in everything but what matters here: a transaction date, a credit amount,
a description (the memo is in it) and the bank's reference. Columns are found by their
Vietnamese or English header; `StatementColumns` names them for a bank whose headers differ.
Every error carries the file's line and column, so the treasurer can find the cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel

from domain.text import fold

HEADER_ROWS = 30  # the table starts within the first rows: titles, the account, the period
Cell = str | int | float | datetime | date | None


class Column(StrEnum):
    DATE = "date"
    CREDIT = "credit"
    DEBIT = "debit"
    DESCRIPTION = "description"
    REFERENCE = "reference"


# Folded, with anything in brackets and all punctuation removed.
HEADERS: dict[Column, frozenset[str]] = {
    Column.DATE: frozenset({
        "ngay", "ngay giao dich", "ngay gd", "ngay hach toan", "ngay hieu luc", "thoi gian",
        "thoi gian giao dich", "date", "transaction date", "posting date", "value date",
        "txn date", "ngay gio giao dich",
    }),
    Column.CREDIT: frozenset({
        "ghi co", "so tien ghi co", "phat sinh co", "so tien co", "co", "tien vao", "credit",
        "credit amount", "so tien vao", "ps co", "amount in", "deposit",
    }),
    Column.DEBIT: frozenset({
        "ghi no", "so tien ghi no", "phat sinh no", "so tien no", "no", "tien ra", "debit",
        "debit amount", "so tien ra", "ps no", "amount out", "withdrawal",
    }),
    Column.DESCRIPTION: frozenset({
        "noi dung", "noi dung giao dich", "noi dung chuyen khoan", "dien giai", "mo ta",
        "chi tiet giao dich", "noi dung chi tiet", "description", "details",
        "transaction details", "memo", "remarks", "narrative",
    }),
    Column.REFERENCE: frozenset({
        "so tham chieu", "ma tham chieu", "ma giao dich", "so giao dich", "so but toan",
        "so ct", "so chung tu", "ma gd", "reference", "reference number", "reference no",
        "ref no", "transaction id", "transaction no", "transaction number", "ref",
    }),
}  # fmt: skip
NEEDED = (Column.DATE, Column.CREDIT, Column.DESCRIPTION, Column.REFERENCE)


class StatementColumns(BaseModel):
    """The campaign's `statement_columns`: the header of each column, for an unusual bank."""

    date: str | None = None
    credit: str | None = None
    debit: str | None = None
    description: str | None = None
    reference: str | None = None

    def names(self) -> dict[Column, str]:
        """Return the configured header of each column, normalised like the file's."""
        given = {Column(key): value for key, value in self.model_dump().items() if value}
        return {column: header_key(value) for column, value in given.items()}


class Problem(StrEnum):
    NO_TABLE = "no_table"  # no row holds the needed headers
    AMOUNT = "amount"  # a credit that is not a whole number of đồng
    DATE = "date"
    REFERENCE = "reference"  # a credit line without the bank's reference
    DUPLICATE = "duplicate"  # one reference twice in the same file
    UNREADABLE = "unreadable"  # not an xlsx or a csv at all


class StatementError(ValueError):
    """The file is refused; `line` (1-based) and `column` locate the cell when there is one."""

    def __init__(self, problem: Problem, line: int = 0, column: str = "", value: str = "") -> None:
        super().__init__(f"{problem.value} at line {line} column {column}: {value!r}")
        self.problem, self.line, self.column, self.value = problem, line, column, value


@dataclass(frozen=True, slots=True)
class StatementLine:
    """One credit of the statement, as the bank wrote it."""

    line: int  # the row in the file, for the pledge event and the treasurer
    reference: str
    day: date
    amount: int  # whole đồng
    description: str


def header_key(text: str) -> str:
    """Return a header as compared: folded, without brackets and punctuation."""
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", fold(text))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def column_letter(index: int) -> str:
    """Return a spreadsheet's column name for a 0-based index: 0 → A, 27 → AB."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _find_header(
    rows: list[list[Cell]], mapping: dict[Column, str]
) -> tuple[int, dict[Column, int]]:
    for number, row in enumerate(rows[:HEADER_ROWS]):
        keys = [header_key(str(cell)) if cell is not None else "" for cell in row]
        found: dict[Column, int] = {}
        for column in Column:
            wanted = {mapping[column]} if column in mapping else HEADERS[column]
            index = next((i for i, key in enumerate(keys) if key in wanted), None)
            if index is not None:
                found[column] = index
        if all(column in found for column in NEEDED):
            return number, found
    raise StatementError(Problem.NO_TABLE)


def parse_amount(cell: Cell) -> int | None:
    """Return whole đồng from `1.500.000`, `1,500,000`, `1500000.00` or a number; None if blank."""
    if cell is None or isinstance(cell, datetime | date):
        return None if cell is None else _bad()
    if isinstance(cell, bool):
        return _bad()
    if isinstance(cell, int | float):
        if cell != int(cell):
            return _bad()
        return int(cell)
    text = re.sub(r"\s|vnd|đ|₫|dong", "", cell.strip().lower())
    if text in ("", "-", "0"):
        return None if text != "0" else 0
    if text.startswith("+"):
        text = text[1:]
    if re.fullmatch(r"\d+", text):
        return int(text)
    grouped = re.fullmatch(r"(\d{1,3}(?:[.,]\d{3})+)(?:([.,])(\d{1,2}))?", text)
    if grouped:
        separators = set(re.findall(r"[.,]", grouped.group(1)))
        # 1.500.000,00 and 1,500,000.00 are amounts; 1.500,000 and 1.500.000.00 are not.
        if len(separators) > 1 or (grouped.group(2) in separators) or int(grouped.group(3) or 0):
            return _bad()
        return int(re.sub(r"[.,]", "", grouped.group(1)))
    plain = re.fullmatch(r"(\d+)[.,](\d{1,2})", text)
    if plain and not int(plain.group(2)):
        return int(plain.group(1))
    return _bad()


def _bad() -> int:
    raise ValueError("not a whole amount")


def parse_day(cell: Cell) -> date:
    """Return the date of `dd/mm/yyyy`, `dd-mm-yyyy`, `yyyy-mm-dd` (a time may follow)."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = str(cell or "").strip()
    match = re.match(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b", text)
    if match:
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    match = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})\b", text)
    if match:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    raise ValueError("not a date")


def _is_day(cell: Cell) -> bool:
    try:
        parse_day(cell)
    except ValueError:
        return False
    return True


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell == int(cell):
        return str(int(cell))  # a reference number stored as a number by the spreadsheet
    return str(cell).strip()


def credit_lines(
    rows: list[list[Cell]], columns: StatementColumns | None = None
) -> list[StatementLine]:
    """Return the credit lines of a statement's rows; raise `StatementError` on a bad cell."""
    start, where = _find_header(rows, (columns or StatementColumns()).names())
    lines: list[StatementLine] = []
    seen: set[str] = set()
    for number, row in enumerate(rows[start + 1 :], start + 2):

        def cell(column: Column, row: list[Cell] = row) -> Cell:
            index = where.get(column)
            return row[index] if index is not None and index < len(row) else None

        def fail(problem: Problem, column: Column, number: int = number) -> StatementError:
            return StatementError(
                problem, number, column_letter(where[column]), _text(cell(column))
            )

        reference, day_cell = _text(cell(Column.REFERENCE)), cell(Column.DATE)
        if not reference and not _is_day(day_cell):
            continue  # a blank row, or a footer ("Tổng cộng") with sums but no transaction
        try:
            amount = parse_amount(cell(Column.CREDIT))
        except ValueError:
            raise fail(Problem.AMOUNT, Column.CREDIT) from None
        if Column.DEBIT in where:
            try:
                parse_amount(cell(Column.DEBIT))  # a malformed debit means a misread table
            except ValueError:
                raise fail(Problem.AMOUNT, Column.DEBIT) from None
        if not amount or amount < 0:
            continue  # a debit (money out), or nothing in
        try:
            day = parse_day(day_cell)
        except ValueError:
            raise fail(Problem.DATE, Column.DATE) from None
        if not reference:
            raise fail(Problem.REFERENCE, Column.REFERENCE)
        if reference in seen:
            raise fail(Problem.DUPLICATE, Column.REFERENCE)
        seen.add(reference)
        description = _text(cell(Column.DESCRIPTION))
        lines.append(StatementLine(number, reference, day, amount, description))
    return lines
