"""Bank statements read correctly whatever the bank's layout; a malformed one is refused."""

from __future__ import annotations

from datetime import date

import pytest

from domain.pledge.statement import Problem, StatementColumns, StatementError, credit_lines
from domain.pledge.statement_file import rows_of
from tests.pledge.statements import english_csv, vietcombank, xlsx

LINES = [
    ("02/05/2026 09:15:00", "FT261230001", "", "1.500.000", "MBVCB.1.UH 2026 0001 NGUYEN M"),
    ("03/05/2026", "FT261230002", "200.000", "", "Phi quan ly tai khoan"),
    ("04/05/2026", "FT261230003", "", "500000", "ung ho"),
]


def read(
    content: bytes, name: str, columns: StatementColumns | None = None
) -> list[tuple[object, ...]]:
    return [
        (line.line, line.reference, line.day, line.amount, line.description)
        for line in credit_lines(rows_of(content, name), columns)
    ]


def test_vietnamese_xlsx_with_title_rows_debits_and_a_footer() -> None:
    assert read(vietcombank(LINES), "sao-ke.xlsx") == [
        (6, "FT261230001", date(2026, 5, 2), 1_500_000, "MBVCB.1.UH 2026 0001 NGUYEN M"),
        (8, "FT261230003", date(2026, 5, 4), 500_000, "ung ho"),
    ]


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_english_csv_with_commas_for_thousands(delimiter: str) -> None:
    lines = [("2026-05-02", "TX1", "", "1,500,000", "UH 2026 0001"),
             ("2026-05-03", "TX2", "1,000", "", "fee"),
             ("2026-05-04", "TX3", "", "1,500,000.00", "gift")]  # fmt: skip
    assert read(english_csv(lines, delimiter), "statement.csv") == [
        (4, "TX1", date(2026, 5, 2), 1_500_000, "UH 2026 0001"),
        (6, "TX3", date(2026, 5, 4), 1_500_000, "gift"),
    ]


def test_a_bank_with_other_headers_needs_the_configured_mapping() -> None:
    content = xlsx([["Sao kê"], ["Ngày GD", "Mã GD", "Tiền về", "Chi tiết"],
                    ["05/05/2026", "A1", 300_000, "UH 2026 0002 TRAN H"]])  # fmt: skip
    with pytest.raises(StatementError) as refused:
        read(content, "khac.xlsx")
    assert refused.value.problem is Problem.NO_TABLE
    columns = StatementColumns(date="Ngày GD", credit="Tiền về", description="Chi tiết",
                               reference="Mã GD")  # fmt: skip
    assert read(content, "khac.xlsx", columns) == [
        (3, "A1", date(2026, 5, 5), 300_000, "UH 2026 0002 TRAN H")
    ]


@pytest.mark.parametrize(
    ("line", "problem", "column"),
    [
        (("02/05/2026", "FT1", "", "1.500.000,5", "x"), Problem.AMOUNT, "E"),
        (("31/02/2026", "FT1", "", "1.500.000", "x"), Problem.DATE, "B"),
        (("02/05/2026", "", "", "1.500.000", "x"), Problem.REFERENCE, "C"),
        (("02/05/2026", "FT1", "abc", "", "x"), Problem.AMOUNT, "D"),
    ],
)
def test_a_malformed_line_is_refused_with_its_line_and_column(
    line: tuple[str, str, str, str, str], problem: Problem, column: str
) -> None:
    with pytest.raises(StatementError) as refused:
        read(vietcombank([LINES[0], line]), "sao-ke.xlsx")
    assert (refused.value.problem, refused.value.line, refused.value.column) == (
        problem, 7, column
    )  # fmt: skip


def test_the_same_reference_twice_in_a_file_is_refused() -> None:
    with pytest.raises(StatementError) as refused:
        read(vietcombank([LINES[0], LINES[0]]), "sao-ke.xlsx")
    assert (refused.value.problem, refused.value.line) == (Problem.DUPLICATE, 7)


@pytest.mark.parametrize(
    ("content", "name"), [(b"\xff\xfe\x00garbage", "x.csv"), (b"PK\x03\x04broken", "x.xlsx")]
)
def test_what_is_no_statement_is_unreadable(content: bytes, name: str) -> None:
    with pytest.raises(StatementError) as refused:
        read(content, name)
    assert refused.value.problem in (Problem.UNREADABLE, Problem.NO_TABLE)
