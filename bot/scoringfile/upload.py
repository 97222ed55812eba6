"""A scoring table sent through the console: the organisation upload's checks, then the CLI's
readers (kind, size cap, no macros or formulas first; then every mistake with its place)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bot.orgfile.upload import Unusable, UploadProblem, screen
from bot.scoringfile.xlsx_format import read_xlsx
from bot.scoringfile.yaml_format import parse_yaml
from domain.membership.organisation import OrgFileError
from domain.scoring.table import Table


def read_table_upload(name: str, data: bytes) -> Table:
    """Read an uploaded scoring table; raise Unusable (refused before reading) or
    ScoringFileError (each mistake with its place)."""
    text = screen(name, data)
    try:
        if text is not None:
            return parse_yaml(text)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bang-diem.xlsx"
            path.write_bytes(data)
            return read_xlsx(path)
    except OrgFileError:
        raise
    except Exception as exc:
        # A file built to break a reader is a file of the wrong kind, never a server error.
        raise Unusable(UploadProblem.KIND) from exc
