"""Collecting a scoring table from any file format, with every problem and its place.

The formats (bot.scoringfile.yaml_format, bot.scoringfile.xlsx_format) read cells and hand
them to a `TableBuilder`; bot.scoringfile.files picks the format by the file's extension.
"""

from __future__ import annotations

import re

from domain.membership.organisation import Cell, OrgError, OrgFileError, clean_text, word
from domain.scoring.formulas import table_problems
from domain.scoring.table import (
    MAX_POINTS,
    Criterion,
    Formula,
    Group,
    HalfPoints,
    Kind,
    ScoreProblem,
    Table,
    parse_points,
)

MAX_TEXT = 1000
CODE = re.compile(r"[A-Za-z0-9.\-]{1,16}")
KIND_LABELS = {
    Kind.GRADED: "Chấm điểm",
    Kind.PASS_FAIL: "Đạt/Không đạt",
    Kind.PER_OCCURRENCE: "Theo lần",
    Kind.COMPUTED: "Tự động",
    Kind.BONUS: "Điểm thưởng",
    Kind.DEDUCTION: "Điểm trừ",
}
KINDS = {k.value: k for k in Kind} | {word(label): k for k, label in KIND_LABELS.items()}


class ScoringFileError(OrgFileError):
    """The table cannot be imported; `errors` lists every problem with its place."""


class TableBuilder:
    """Collect a table from any file format, with every error and its location."""

    def __init__(self) -> None:
        self.errors: list[OrgError] = []
        self.groups: list[Group] = []
        self._codes: dict[str, str] = {}  # code -> where it first appeared

    def error(self, where: str, message: str) -> None:
        self.errors.append(OrgError(where, message))

    def text(self, cell: Cell, *, limit: int = MAX_TEXT) -> str:
        text = clean_text(cell.value)
        if text is None:
            self.error(cell.where, f"{cell.label} is missing or blank")
        elif len(text) > limit:
            self.error(cell.where, f"{cell.label} is longer than {limit} characters")
        return text or ""

    def code(self, cell: Cell) -> str:
        code = self.text(cell, limit=16)
        if code and not CODE.fullmatch(code):
            self.error(cell.where, f"{cell.label} {code!r} may use only letters, digits, '.', '-'")
        return code

    def points(self, cell: Cell, *, required: bool = True) -> HalfPoints:
        """Read points (half points allowed); a float from Excel is read by its shortest text."""
        value = cell.value
        if value is None or clean_text(value) is None:
            if required:
                self.error(cell.where, f"{cell.label} is missing or blank")
            return 0
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.error(cell.where, f"{cell.label} must be a number, not {value!r}")
            return 0
        parsed = parse_points(repr(value) if isinstance(value, float) else str(value))
        if isinstance(parsed, ScoreProblem):
            self.error(
                cell.where,
                f"{cell.label} must be a number of points from 0 to {MAX_POINTS} "
                f"in steps of 0.5, not {value!r}",
            )
            return 0
        return parsed

    def add_group(self, code: Cell, name: Cell) -> None:
        self.groups.append(Group(self.code(code), self.text(name, limit=300)))

    def add_criterion(
        self, code: Cell, text: Cell, kind: Cell, maximum: Cell, per_item: Cell, formula: Cell
    ) -> None:
        """Add a criterion to the last group added."""
        key = self.code(code)
        first = self._codes.setdefault(key.casefold(), code.where)
        if key and first != code.where:
            self.error(code.where, f"duplicate criterion code {key!r} (first at {first})")
        kind_ = KINDS.get(word(kind.value))
        if kind_ is None:
            names = ", ".join(k.value for k in Kind)
            self.error(
                kind.where, f"unknown {kind.label} {clean_text(kind.value)!r} (use: {names})"
            )
        formula_ = None
        if clean_text(formula.value) is not None:
            try:
                formula_ = Formula(word(formula.value))
            except ValueError:
                names = ", ".join(f.value for f in Formula)
                self.error(formula.where, f"unknown formula {formula.value!r} (use: {names})")
        criterion = Criterion(
            key,
            self.text(text),
            kind_ or Kind.GRADED,
            self.points(maximum),
            self.points(per_item, required=False),
            formula_,
        )
        if not self.groups:
            self.error(code.where, "a criterion must belong to a group")
            return
        last = self.groups[-1]
        self.groups[-1] = Group(last.code, last.name, (*last.criteria, criterion))

    def finish(self, title: Cell, bonus_cap: Cell, deduction_cap: Cell) -> Table:
        """Return the table, or raise ScoringFileError with every problem found."""
        table = Table(
            self.text(title, limit=300),
            tuple(self.groups),
            self.points(bonus_cap, required=False),
            self.points(deduction_cap, required=False),
        )
        if not self.errors:
            self.errors += [OrgError(title.where, p) for p in table_problems(table)]
        if self.errors:
            raise ScoringFileError(self.errors)
        return table


def points_value(points: HalfPoints) -> int | float:
    """Write half points as a plain number for a file: 10, 7.5."""
    return points // 2 if points % 2 == 0 else points / 2
