"""An organisation file's mistakes in the console's words: where (sheet, row, column) and what.

The readers (bot.orgfile, shared with the CLI) say where as "Đơn vị!E7" or "line 12, column
7" and what in the CLI's English; the usual mistakes are said again here in the reader's
language, the rest shown as the reader wrote them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.i18n import Translator
from domain.membership.organisation import OrgError

_CELL = re.compile(r"^(?P<sheet>[^!]+)!(?P<column>[A-Z]{1,3})(?P<row>\d+)$")
_ROW = re.compile(r"^(?P<sheet>[^!]+)!(?P<row>\d+):\d+$")
_LINE = re.compile(r"^line (?P<row>\d+), column (?P<column>\d+)$")

Say = Callable[[Translator, re.Match[str]], str]
_MESSAGES: tuple[tuple[re.Pattern[str], Say], ...] = (
    (re.compile(r"^(?P<label>.+) is missing or blank$"),
     lambda t, m: t._("Thiếu “{label}”.").format(label=m["label"])),
    (re.compile(r"^(?P<label>.+) must be a whole number ≥ 0, not (?P<value>.+)$"),
     lambda t, m: t._("“{label}” phải là số nguyên không âm, không phải {value}.").format(
         label=m["label"], value=m["value"])),
    (re.compile(r"^unknown (?P<label>.+?) (?P<value>'.*') \(use one of: (?P<names>.+)\)$"),
     lambda t, m: t._("“{label}” không hợp lệ: {value} (dùng một trong: {names}).").format(
         label=m["label"], value=m["value"], names=m["names"])),
    (re.compile(r"^duplicate (?P<what>.+) \(first at (?P<first>.+)\)$"),
     lambda t, m: t._("Trùng lặp: {what} (đã có ở {first}).").format(
         what=m["what"], first=m["first"])),
    (re.compile(r"^the header row lacks column\(s\): (?P<names>.+)$"),
     lambda t, m: t._("Dòng tiêu đề thiếu cột: {names}.").format(names=m["names"])),
    (re.compile(r"^(?P<label>.+) (?P<value>'.*') may only use lowercase a-z, digits and '-'$"),
     lambda t, m: t._("“{label}” {value} chỉ được dùng chữ thường a-z, chữ số và dấu gạch ngang.").format(  # noqa: E501
         label=m["label"], value=m["value"])),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Mistake:
    """One mistake as the page shows it."""

    sheet: str  # "" in a YAML file
    row: str  # "" when the reader could not say
    column: str
    where: str  # the reader's own words for the place, for anything else
    message: str


def mistake(t: Translator, error: OrgError) -> Mistake:
    """Return the mistake with its place split up and its message in `t`'s language."""
    message = error.message
    for pattern, say in _MESSAGES:
        found = pattern.match(message)
        if found is not None:
            message = say(t, found)
            break
    if found := _CELL.match(error.location):
        return Mistake(found["sheet"], found["row"], found["column"], error.location, message)
    if found := _ROW.match(error.location):
        return Mistake(found["sheet"], found["row"], "", error.location, message)
    if found := _LINE.match(error.location):
        return Mistake("", found["row"], found["column"], error.location, message)
    return Mistake("", "", "", error.location, message)
