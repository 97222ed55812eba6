"""Read and write the organisation file; the format follows the file's extension."""

from __future__ import annotations

import zipfile
from pathlib import Path

from bot.orgfile.xlsx_format import read_xlsx, write_xlsx
from bot.orgfile.yaml_format import parse_yaml, to_yaml
from domain.membership.organisation import OrgError, OrgFile, OrgFileError


def write_org_file(org: OrgFile, path: Path) -> None:
    """Write the organisation to `path`; the format follows the extension."""
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        path.write_text(to_yaml(org), encoding="utf-8")
    elif suffix == ".xlsx":
        write_xlsx(org, path)
    else:
        raise ValueError(f"{path.name}: use a .yaml, .yml or .xlsx file")


def read_org_file(path: Path) -> OrgFile:
    """Read and validate an organisation file; the format follows the extension."""
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".xlsx"):
        raise OrgFileError([OrgError(path.name, "use a .yaml, .yml or .xlsx file")])
    try:
        if suffix == ".xlsx":
            return read_xlsx(path)
        return parse_yaml(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, zipfile.BadZipFile) as exc:
        raise OrgFileError([OrgError(path.name, f"cannot read the file: {exc}")]) from exc
