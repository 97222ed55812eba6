"""The scoring table file (YAML or .xlsx) a cluster's staff edit: reading with every problem.

The formats live in bot.scoringfile.yaml_format and bot.scoringfile.xlsx_format; problems are
reported with their line/column or sheet!cell, like the organisation file's.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from bot.scoringfile.builder import ScoringFileError
from bot.scoringfile.xlsx_format import read_xlsx, write_xlsx
from bot.scoringfile.yaml_format import parse_yaml, to_yaml
from domain.membership.organisation import OrgError
from domain.scoring.table import Table


def write_scoring_file(table: Table, path: Path) -> None:
    """Write the table to `path`; the format follows the extension."""
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        path.write_text(to_yaml(table), encoding="utf-8")
    elif suffix == ".xlsx":
        write_xlsx(table, path)
    else:
        raise ValueError(f"{path.name}: use a .yaml, .yml or .xlsx file")


def read_scoring_file(path: Path) -> Table:
    """Read and validate a scoring table file; the format follows the extension."""
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".xlsx"):
        raise ScoringFileError([OrgError(path.name, "use a .yaml, .yml or .xlsx file")])
    try:
        if suffix == ".xlsx":
            return read_xlsx(path)
        return parse_yaml(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, zipfile.BadZipFile) as exc:
        raise ScoringFileError([OrgError(path.name, f"cannot read the file: {exc}")]) from exc


__all__ = ["ScoringFileError", "read_scoring_file", "write_scoring_file"]
