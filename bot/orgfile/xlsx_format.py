"""The organisation file as an Excel workbook: read with sheet!cell of every problem, and write."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from bot.fileread import sheet_rows
from domain.membership.organisation import (
    KINDS,
    ROLES,
    Builder,
    Cell,
    OrgError,
    OrgFile,
    OrgFileError,
    clean_text,
    word,
)
from domain.roles import ClusterKind, Role

UNIT_SHEET, LEADER_SHEET, PROVINCE_SHEET = "Đơn vị", "Lãnh đạo", "Tỉnh"
UNIT_COLUMNS = ("Mã cụm", "Loại", "Tên cụm", "Mã đơn vị", "Tên đơn vị", "Biên chế")
LEADER_COLUMNS = ("Mã cụm", "Họ và tên", "Vai trò", "Mã đơn vị")
# Optional: workbooks made before short names existed are read as they are.
SHORT_COLUMNS = ("Tên ngắn cụm", "Tên ngắn đơn vị")


def _differs(column: str, value: object, first: object) -> bool:
    """Tell whether a repeated cluster cell contradicts the row that introduced the cluster."""
    if column == "Loại":  # "Cụm" and "cum" agree; an unknown first value is reported already
        value, first = KINDS.get(word(value)), KINDS.get(word(first))
    else:
        value, first = clean_text(value), clean_text(first)
    return None not in (value, first) and value != first


def _read_units(book: Any, b: Builder) -> None:
    first: dict[str, dict[str, Cell]] = {}  # cluster code -> the row that introduced it
    codes: dict[str, str | None] = {}
    previous: str | None = None
    for row in sheet_rows(book, UNIT_SHEET, UNIT_COLUMNS, b, SHORT_COLUMNS):
        raw = clean_text(row["Mã cụm"].value)
        if raw is None and not any(clean_text(row[c].value) for c in UNIT_COLUMNS[1:3]):
            raw = previous  # merged or left-blank cluster cells continue the cluster above
        if raw is None or raw not in first:
            codes[raw or ""] = b.add_cluster(
                row["Mã cụm"], row["Loại"], row["Tên cụm"], row["Tên ngắn cụm"]
            )
            first.setdefault(raw or "", row)
        else:
            for column in (*UNIT_COLUMNS[1:3], SHORT_COLUMNS[0]):
                before = first[raw][column]
                if _differs(column, row[column].value, before.value):
                    b.error(row[column].where, f"{column} differs from {before.where}")
        previous = raw
        if any(clean_text(row[c].value) is not None for c in UNIT_COLUMNS[3:]):
            b.add_unit(
                codes[raw or ""], row["Mã đơn vị"], row["Tên đơn vị"], row["Biên chế"],
                row["Tên ngắn đơn vị"],
            )  # fmt: skip


def _read_leaders(book: Any, b: Builder) -> None:
    for row in sheet_rows(book, LEADER_SHEET, LEADER_COLUMNS, b):
        cluster, name, role, unit = (row[c] for c in LEADER_COLUMNS)
        if ROLES.get(word(role.value)) is Role.ADMIN:
            for extra in (cluster, unit):
                if clean_text(extra.value) is not None:
                    b.error(
                        extra.where, f"an admin belongs to no cluster: leave {extra.label} empty"
                    )
            b.add_admin(name)
            continue
        code = b.code(cluster)
        if code is not None and code not in b.clusters:
            b.error(cluster.where, f"no cluster {code!r} on the sheet {UNIT_SHEET!r}")
            code = None
        b.add_leader(code, name, role, unit)


def read_xlsx(path: Path) -> OrgFile:
    """Read an organisation from an Excel workbook, reporting problems by sheet!cell."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, KeyError) as exc:
        raise OrgFileError([OrgError(path.name, f"not an Excel .xlsx workbook: {exc}")]) from exc
    try:
        b = Builder()
        _read_units(book, b)
        _read_leaders(book, b)
        province = sheet_rows(book, PROVINCE_SHEET, ("Tên tỉnh",), b)
        name = b.text(province[0]["Tên tỉnh"]) if province else None
        if PROVINCE_SHEET in book.sheetnames and not province:
            b.error(f"{PROVINCE_SHEET}!A2", "Tên tỉnh is missing or blank")
        return b.finish(name)
    finally:
        book.close()


def _role_label(role: Role, kind: ClusterKind) -> str:
    noun = "cụm" if kind is ClusterKind.CLUSTER else "khối"
    return f"Trưởng {noun}" if role is Role.LEADER else f"Phó Trưởng {noun}"


def write_xlsx(org: OrgFile, path: Path) -> None:
    """Write the organisation as a workbook with the sheets read_xlsx reads."""
    book = Workbook()
    units = book.active
    units.title = UNIT_SHEET
    units.append((*UNIT_COLUMNS, *SHORT_COLUMNS))
    leaders = book.create_sheet(LEADER_SHEET)
    leaders.append(LEADER_COLUMNS)
    for c in org.clusters:
        kind = "Cụm" if c.kind is ClusterKind.CLUSTER else "Khối"
        rows: list[tuple[object, ...]] = [(u.code, u.name, u.headcount) for u in c.units]
        shorts = [u.short_name for u in c.units]
        for unit, short in zip(rows or [(None, None, None)], shorts or [None], strict=True):
            # A cluster with no units yet keeps a row.
            units.append((c.code, kind, c.name, *unit, c.short_name, short))
        for p in c.leaders:
            leaders.append((c.code, p.name, _role_label(p.role, c.kind), p.unit))
    for name in org.admins:
        leaders.append((None, name, "Quản trị", None))
    province = book.create_sheet(PROVINCE_SHEET)
    province.append(("Tên tỉnh",))
    province.append((org.province,))
    for sheet, widths in ((units, (14, 8, 50, 24, 50, 10, 24, 30)), (leaders, (14, 30, 18, 24))):
        sheet.freeze_panes = "A2"
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
    province.column_dimensions["A"].width = 50
    for sheet in (units, leaders, province):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    book.save(path)
