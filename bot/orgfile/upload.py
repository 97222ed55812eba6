"""An organisation file sent through the console: checked before it is read.

A browser sends anything: a file of another kind, a huge one, a workbook with macros or
formulas (a formula's value is whatever Excel last saved, if anything: the office types
values). Each is refused with its reason before the reader sees it; what passes is read by
the CLI's own readers, with their row and column of every mistake.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from bot.orgfile.xlsx_format import read_xlsx
from bot.orgfile.yaml_format import parse_yaml
from domain.membership.organisation import OrgFile, OrgFileError

MAX_BYTES = 2 * 1024 * 1024  # an organisation of a whole province is a few dozen kB
MAX_UNPACKED = 40 * 1024 * 1024  # what a workbook may unpack to (a zip bomb is refused)
KINDS = (".xlsx", ".yaml", ".yml")
_MACRO_KINDS = (".xlsm", ".xltm", ".xlsb", ".xls")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


class UploadProblem(StrEnum):
    KIND = "kind"  # not an .xlsx or .yaml file, or not what its name says
    TOO_LARGE = "too_large"
    MACROS = "macros"
    FORMULAS = "formulas"
    EMPTY = "empty"


class Unusable(Exception):
    """The file is refused before reading; `problem` says why, `where` a sheet if known."""

    def __init__(self, problem: UploadProblem, where: str = "") -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.where = where


def _check_workbook(data: bytes) -> None:
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise Unusable(UploadProblem.KIND) from exc
    with book:
        entries = book.infolist()
        if sum(entry.file_size for entry in entries) > MAX_UNPACKED:
            raise Unusable(UploadProblem.TOO_LARGE)
        names = {entry.filename for entry in entries}
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
            raise Unusable(UploadProblem.KIND)
        types = book.read("[Content_Types].xml")
        if any("vbaProject" in name for name in names) or b"macroEnabled" in types:
            raise Unusable(UploadProblem.MACROS)
        sheets = [
            n for n in sorted(names) if n.startswith("xl/worksheets/") and n.endswith(".xml")
        ]
        for name in sheets:
            if _FORMULA.search(book.read(name)):
                raise Unusable(UploadProblem.FORMULAS, Path(name).stem)


def screen(
    name: str, data: bytes, *, kinds: tuple[str, ...] = KINDS, cap: int = MAX_BYTES
) -> str | None:
    """Check an uploaded .xlsx or text file (by default .yaml) before any reader sees it (kind,
    size, macros, formulas); return its text or None (a workbook that passed); raise Unusable.

    The scoring table's and the bank statement's uploads go through the same checks."""
    suffix = Path(name).suffix.lower()
    if suffix in _MACRO_KINDS:
        raise Unusable(UploadProblem.MACROS if suffix != ".xls" else UploadProblem.KIND)
    if suffix not in kinds:
        raise Unusable(UploadProblem.KIND)
    if len(data) > cap:
        raise Unusable(UploadProblem.TOO_LARGE)
    if not data.strip():
        raise Unusable(UploadProblem.EMPTY)
    if suffix == ".xlsx":
        _check_workbook(data)
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unusable(UploadProblem.KIND) from exc
    if "\x00" in text:
        raise Unusable(UploadProblem.KIND)
    return text


def read_upload(name: str, data: bytes) -> OrgFile:
    """Read an uploaded organisation file; raise Unusable (refused before reading) or
    OrgFileError (each mistake with its place)."""
    text = screen(name, data)
    if text is not None:
        return _guarded(lambda: parse_yaml(text))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "to-chuc.xlsx"
        path.write_bytes(data)
        return _guarded(lambda: read_xlsx(path))


def _guarded(read: Callable[[], OrgFile]) -> OrgFile:
    try:
        return read()
    except OrgFileError:
        raise
    except Exception as exc:
        # A file built to break a reader (malformed XML in a valid zip, odd YAML tags) is
        # a file of the wrong kind to the person who sent it, never a server error.
        raise Unusable(UploadProblem.KIND) from exc
