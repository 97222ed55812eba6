"""Read, validate and write the organisation file (YAML or .xlsx) the province's staff edit."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import yaml
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from storage.models import ClusterKind, Role

MAX_NAME = 200
MAX_HEADCOUNT = 100_000  # larger than any unit in a province: surely a typo
CODE = re.compile(r"[a-z0-9-]{1,64}")
KINDS = {"cum": ClusterKind.CLUSTER, "cụm": ClusterKind.CLUSTER}
KINDS |= {"khoi": ClusterKind.BLOC, "khối": ClusterKind.BLOC}
ROLES = {"leader": Role.LEADER, "trưởng cụm": Role.LEADER, "trưởng khối": Role.LEADER}
ROLES |= {"deputy": Role.DEPUTY, "phó trưởng cụm": Role.DEPUTY, "phó trưởng khối": Role.DEPUTY}
ROLES |= {"admin": Role.ADMIN, "quản trị": Role.ADMIN}
LEADER_ROLES = (Role.LEADER, Role.DEPUTY)
UNIT_SHEET, LEADER_SHEET, PROVINCE_SHEET = "Đơn vị", "Lãnh đạo", "Tỉnh"
UNIT_COLUMNS = ("Mã cụm", "Loại", "Tên cụm", "Mã đơn vị", "Tên đơn vị", "Biên chế")
LEADER_COLUMNS = ("Mã cụm", "Họ và tên", "Vai trò", "Mã đơn vị")
T = TypeVar("T")
DEMO_NOTE = "DỮ LIỆU MẪU — không phải dữ liệu thật của tỉnh nào"


@dataclass(frozen=True, slots=True)
class OrgError:
    """One problem in the file, where it is ("line 12, column 7", "Đơn vị!E7") and what."""

    location: str
    message: str


class OrgFileError(Exception):
    """The file cannot be imported; `errors` lists every problem found."""

    def __init__(self, errors: list[OrgError]) -> None:
        super().__init__("\n".join(f"{e.location}: {e.message}" for e in errors))
        self.errors = errors


@dataclass(slots=True)
class OrgUnit:
    code: str
    name: str
    headcount: int


@dataclass(slots=True)
class OrgLeader:
    name: str
    role: Role  # LEADER or DEPUTY
    unit: str | None = None  # code of the leader's own unit, one of the cluster's


@dataclass(slots=True)
class OrgCluster:
    code: str
    kind: ClusterKind
    name: str
    units: list[OrgUnit] = field(default_factory=list)
    leaders: list[OrgLeader] = field(default_factory=list)


@dataclass(slots=True)
class OrgFile:
    """The whole organisation as plain data: what a file says or what the database holds."""

    province: str
    clusters: list[OrgCluster] = field(default_factory=list)
    admins: list[str] = field(default_factory=list)
    demo: bool = False


class Cell(NamedTuple):
    """A raw value from the file with where it was and what the staff call that field."""

    value: object
    where: str
    label: str


def clean_text(value: object) -> str | None:
    """Return `value` as tidy text (NFC, single spaces), None when blank or not text."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores typed numbers as floats
    text = " ".join(unicodedata.normalize("NFC", str(value)).split())
    return text or None


def _word(value: object) -> str:
    return (clean_text(value) or "").casefold()


class Builder:
    """Collect the organisation from any file format, with every error and its location."""

    def __init__(self) -> None:
        self.errors: list[OrgError] = []
        self.clusters: dict[str, OrgCluster] = {}
        self.admins: list[str] = []
        self._first: dict[tuple[str, ...], str] = {}  # key -> where it first appeared
        self._unit_home: dict[str, str] = {}
        self._leader_units: list[tuple[str, str, str]] = []  # cluster, unit, where

    def error(self, where: str, message: str) -> None:
        """Record a problem; reading goes on so that every problem is reported at once."""
        self.errors.append(OrgError(where, message))

    def text(self, cell: Cell, *, limit: int = MAX_NAME) -> str | None:
        """Return a required piece of text, or record why it is unusable."""
        if cell.value is not None and not isinstance(cell.value, str | int | float):
            self.error(cell.where, f"{cell.label} must be plain text, not {cell.value!r}")
            return None
        text = clean_text(cell.value)
        if text is None:
            self.error(cell.where, f"{cell.label} is missing or blank")
        elif len(text) > limit:
            self.error(
                cell.where, f"{cell.label} is {len(text)} characters long (at most {limit})"
            )
            return None
        return text

    def code(self, cell: Cell) -> str | None:
        """Return a code made of a-z, 0-9 and '-', or record why it is not one."""
        code = self.text(cell, limit=64)
        if code is not None and not CODE.fullmatch(code):
            self.error(
                cell.where,
                f"{cell.label} {code!r} may only use lowercase a-z, digits and '-'",
            )
            return None
        return code

    def choice(self, cell: Cell, table: dict[str, T], allowed: tuple[T, ...]) -> T | None:
        """Return the value `cell` names in `table` if it is `allowed`, else record why not."""
        found = table.get(_word(cell.value))
        if clean_text(cell.value) is None:
            self.error(cell.where, f"{cell.label} is missing or blank")
        elif found is None or found not in allowed:
            names = ", ".join(k for k, v in table.items() if v in allowed)
            shown = clean_text(cell.value)
            self.error(cell.where, f"unknown {cell.label} {shown!r} (use one of: {names})")
            return None
        return found

    def headcount(self, cell: Cell) -> int | None:
        """Return a whole number of staff, or record why the value is not one."""
        value = cell.value
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if value is None or value == "":
            self.error(cell.where, f"{cell.label} is missing or blank")
        elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.error(cell.where, f"{cell.label} must be a whole number ≥ 0, not {value!r}")
        elif value > MAX_HEADCOUNT:
            self.error(
                cell.where, f"{cell.label} {value} is implausible (at most {MAX_HEADCOUNT})"
            )
        else:
            return value
        return None

    def _unique(self, key: tuple[str, ...], where: str, what: str) -> bool:
        first = self._first.setdefault(key, where)
        if first != where:
            self.error(where, f"duplicate {what} (first at {first})")
        return first == where

    def add_cluster(self, code: Cell, kind: Cell, name: Cell) -> str | None:
        """Add a cluster or bloc; return its code when that is usable."""
        key, kind_, name_ = (
            self.code(code),
            self.choice(kind, KINDS, tuple(ClusterKind)),
            self.text(name),
        )
        if key is None or not self._unique(("cluster", key), code.where, f"cluster code {key!r}"):
            return None
        self.clusters[key] = OrgCluster(key, kind_ or ClusterKind.CLUSTER, name_ or "")
        return key

    def add_unit(self, cluster: str | None, code: Cell, name: Cell, headcount: Cell) -> None:
        """Add a member unit to `cluster` (None when the cluster itself was unusable)."""
        key, name_, staff = self.code(code), self.text(name), self.headcount(headcount)
        if key is None or not self._unique(("unit", key), code.where, f"unit code {key!r}"):
            return
        if cluster is not None:
            self._unit_home[key] = cluster
            self.clusters[cluster].units.append(OrgUnit(key, name_ or "", staff or 0))

    def add_leader(self, cluster: str | None, name: Cell, role: Cell, unit: Cell) -> None:
        """Add a cluster leader or deputy; their unit, if given, must belong to the cluster."""
        person, role_ = self.text(name), self.choice(role, ROLES, LEADER_ROLES)
        unit_code = self.code(unit) if clean_text(unit.value) is not None else None
        if cluster is None or person is None:
            return
        if self._unique(("leader", cluster, person), name.where, f"leader {person!r}"):
            self.clusters[cluster].leaders.append(
                OrgLeader(person, role_ or Role.DEPUTY, unit_code)
            )
            if unit_code is not None:
                self._leader_units.append((cluster, unit_code, unit.where))

    def add_admin(self, name: Cell) -> None:
        """Add a province admin (Ban Thi đua - Khen thưởng)."""
        person = self.text(name)
        if person is not None and self._unique(("admin", person), name.where, f"admin {person!r}"):
            self.admins.append(person)

    def finish(self, province: str | None, *, demo: bool = False) -> OrgFile:
        """Return the organisation, or raise OrgFileError with every problem found."""
        for cluster, unit, where in self._leader_units:
            home = self._unit_home.get(unit)
            if home != cluster:
                found = f" (it is in {home!r})" if home else ""
                self.error(
                    where, f"the leader's unit {unit!r} is not a unit of {cluster!r}{found}"
                )
        if self.errors:
            raise OrgFileError(self.errors)
        return OrgFile(province or "", list(self.clusters.values()), self.admins, demo)


class _Nested:
    """Stands for a list or mapping found where a single value belongs."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __repr__(self) -> str:
        return self.what


def _at(mark: yaml.Mark) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


class _YamlReader:
    """Walk the YAML node tree, so every value keeps its line and column."""

    def __init__(self, loader: yaml.SafeLoader) -> None:
        self.loader = loader
        self.b = Builder()

    def fields(self, node: yaml.Node, known: tuple[str, ...], what: str) -> dict[str, yaml.Node]:
        """Return the mapping's values by key; unknown or repeated keys are errors."""
        if not isinstance(node, yaml.MappingNode):
            self.b.error(_at(node.start_mark), f"expected {what} as a mapping of key: value")
            return {}
        found: dict[str, yaml.Node] = {}
        for key, value in node.value:
            name = str(key.value)
            if name not in known:
                # A typo such as `heacount` would otherwise be silently dropped.
                self.b.error(_at(key.start_mark), f"unknown key {name!r} in {what}")
            elif name in found:
                self.b.error(_at(key.start_mark), f"key {name!r} appears twice in {what}")
            found[name] = value
        return found

    def cell(self, fields: dict[str, yaml.Node], parent: yaml.Node, key: str) -> Cell:
        """Return the value under `key` with its place; a missing key points at the parent."""
        node = fields.get(key)
        if node is None:
            return Cell(None, _at(parent.start_mark), key)
        if not isinstance(node, yaml.ScalarNode):
            what = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
            return Cell(_Nested(what), _at(node.start_mark), key)
        if node.tag == "tag:yaml.org,2002:null":
            return Cell(None, _at(node.start_mark), key)
        if key in ("headcount", "demo"):
            try:
                return Cell(self.loader.construct_object(node), _at(node.start_mark), key)
            except yaml.YAMLError:  # e.g. `!!int abc`: report the text as the wrong value
                return Cell(node.value, _at(node.start_mark), key)
        # Text stays as written: YAML would turn `no` into False and `010` into 8.
        return Cell(node.value, _at(node.start_mark), key)

    def items(self, fields: dict[str, yaml.Node], key: str) -> list[yaml.Node]:
        """Return the list under `key`; a missing or empty key is an empty list."""
        node = fields.get(key)
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        if node is not None and node.tag != "tag:yaml.org,2002:null":
            self.b.error(_at(node.start_mark), f"{key} must be a list (lines starting with '-')")
        return []

    def read(self, root: yaml.Node) -> OrgFile:
        """Collect the whole file, then validate it as one."""
        top = self.fields(root, ("demo", "province", "clusters", "admins"), "the file")
        demo = self.cell(top, root, "demo")
        if not isinstance(demo.value, bool | None):
            self.b.error(demo.where, "demo must be true or false")
        province = self.b.text(self.cell(top, root, "province"))
        for node in self.items(top, "clusters"):
            known = ("code", "kind", "name", "units", "leaders")
            f = self.fields(node, known, "a cluster")
            code = self.b.add_cluster(*(self.cell(f, node, k) for k in ("code", "kind", "name")))
            for unit in self.items(f, "units"):
                u = self.fields(unit, ("code", "name", "headcount"), "a unit")
                self.b.add_unit(
                    code, *(self.cell(u, unit, k) for k in ("code", "name", "headcount"))
                )
            for leader in self.items(f, "leaders"):
                p = self.fields(leader, ("name", "role", "unit"), "a leader")
                self.b.add_leader(
                    code, *(self.cell(p, leader, k) for k in ("name", "role", "unit"))
                )
        for admin in self.items(top, "admins"):
            if isinstance(admin, yaml.ScalarNode):  # `- Lê Minh Châu` is as clear as `- {name: …}`
                self.b.add_admin(Cell(admin.value, _at(admin.start_mark), "admin"))
            else:
                self.b.add_admin(
                    self.cell(self.fields(admin, ("name",), "an admin"), admin, "name")
                )
        return self.b.finish(province, demo=demo.value is True)


def parse_yaml(text: str) -> OrgFile:
    """Read an organisation from YAML text, reporting problems by line and column."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _at(mark) if mark else "file"
        raise OrgFileError([OrgError(where, f"not valid YAML: {exc.problem}")]) from exc
    except yaml.YAMLError as exc:
        raise OrgFileError([OrgError("file", f"not valid YAML: {exc}")]) from exc
    finally:
        loader.dispose()
    if root is None:
        raise OrgFileError([OrgError("line 1, column 1", "the file is empty")])
    return _YamlReader(loader).read(root)


def _sheet(book: Any, name: str, columns: tuple[str, ...], b: Builder) -> list[dict[str, Cell]]:
    """Return the sheet's non-blank rows as cells keyed by header; columns may be in any order."""
    if name not in book.sheetnames:
        b.error(name, f"the sheet {name!r} is missing")
        return []
    sheet = book[name]
    sheet.reset_dimensions()  # some writers store a wrong size, which would cut rows off
    rows = sheet.iter_rows(values_only=True)
    index = {_word(v): i for i, v in enumerate(next(rows, ())) if clean_text(v)}
    missing = [c for c in columns if _word(c) not in index]
    if missing:
        b.error(f"{name}!1:1", f"the header row lacks column(s): {', '.join(missing)}")
        return []
    found = []
    for number, values in enumerate(rows, start=2):
        if all(clean_text(v) is None for v in values):
            continue
        row = {}
        for column in columns:
            i = index[_word(column)]
            where = f"{name}!{get_column_letter(i + 1)}{number}"
            row[column] = Cell(values[i] if i < len(values) else None, where, column)
        found.append(row)
    return found


def _differs(column: str, value: object, first: object) -> bool:
    """Tell whether a repeated cluster cell contradicts the row that introduced the cluster."""
    if column == "Loại":  # "Cụm" and "cum" agree; an unknown first value is reported already
        value, first = KINDS.get(_word(value)), KINDS.get(_word(first))
    else:
        value, first = clean_text(value), clean_text(first)
    return None not in (value, first) and value != first


def _read_units(book: Any, b: Builder) -> None:
    first: dict[str, dict[str, Cell]] = {}  # cluster code -> the row that introduced it
    codes: dict[str, str | None] = {}
    previous: str | None = None
    for row in _sheet(book, UNIT_SHEET, UNIT_COLUMNS, b):
        raw = clean_text(row["Mã cụm"].value)
        if raw is None and not any(clean_text(row[c].value) for c in UNIT_COLUMNS[1:3]):
            raw = previous  # merged or left-blank cluster cells continue the cluster above
        if raw is None or raw not in first:
            codes[raw or ""] = b.add_cluster(row["Mã cụm"], row["Loại"], row["Tên cụm"])
            first.setdefault(raw or "", row)
        else:
            for column in UNIT_COLUMNS[1:3]:
                before = first[raw][column]
                if _differs(column, row[column].value, before.value):
                    b.error(row[column].where, f"{column} differs from {before.where}")
        previous = raw
        if any(clean_text(row[c].value) is not None for c in UNIT_COLUMNS[3:]):
            b.add_unit(codes[raw or ""], row["Mã đơn vị"], row["Tên đơn vị"], row["Biên chế"])


def _read_leaders(book: Any, b: Builder) -> None:
    for row in _sheet(book, LEADER_SHEET, LEADER_COLUMNS, b):
        cluster, name, role, unit = (row[c] for c in LEADER_COLUMNS)
        if ROLES.get(_word(role.value)) is Role.ADMIN:
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
        province = _sheet(book, PROVINCE_SHEET, ("Tên tỉnh",), b)
        name = b.text(province[0]["Tên tỉnh"]) if province else None
        if PROVINCE_SHEET in book.sheetnames and not province:
            b.error(f"{PROVINCE_SHEET}!A2", "Tên tỉnh is missing or blank")
        return b.finish(name)
    finally:
        book.close()


class _Flow(dict[str, object]):
    """A mapping written on one line, as a unit or a person reads best."""


class _Dumper(yaml.SafeDumper):
    pass


def _flow(dumper: _Dumper, data: _Flow) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)


_Dumper.add_representer(_Flow, _flow)


def to_yaml(org: OrgFile) -> str:
    """Return the organisation as YAML in the layout of examples/org.yaml."""
    data: dict[str, object] = {"demo": True} if org.demo else {}
    data["province"] = org.province
    data["clusters"] = [
        {
            "code": c.code,
            "kind": c.kind.value,
            "name": c.name,
            "units": [_Flow(code=u.code, name=u.name, headcount=u.headcount) for u in c.units],
            "leaders": [
                _Flow(name=p.name, role=p.role.value, **({"unit": p.unit} if p.unit else {}))
                for p in c.leaders
            ],
        }
        for c in org.clusters
    ]
    data["admins"] = [_Flow(name=name) for name in org.admins]
    head = f"# {DEMO_NOTE}\n" if org.demo else ""
    # A wide line keeps long Vietnamese names on one line, as staff typed them.
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096)
    return head + body


def _role_label(role: Role, kind: ClusterKind) -> str:
    noun = "cụm" if kind is ClusterKind.CLUSTER else "khối"
    return f"Trưởng {noun}" if role is Role.LEADER else f"Phó Trưởng {noun}"


def write_xlsx(org: OrgFile, path: Path) -> None:
    """Write the organisation as a workbook with the sheets read_xlsx reads."""
    book = Workbook()
    units = book.active
    units.title = UNIT_SHEET
    units.append(UNIT_COLUMNS)
    leaders = book.create_sheet(LEADER_SHEET)
    leaders.append(LEADER_COLUMNS)
    for c in org.clusters:
        kind = "Cụm" if c.kind is ClusterKind.CLUSTER else "Khối"
        rows: list[tuple[object, ...]] = [(u.code, u.name, u.headcount) for u in c.units]
        for unit in rows or [(None, None, None)]:  # a cluster with no units yet keeps a row
            units.append((c.code, kind, c.name, *unit))
        for p in c.leaders:
            leaders.append((c.code, p.name, _role_label(p.role, c.kind), p.unit))
    for name in org.admins:
        leaders.append((None, name, "Quản trị", None))
    province = book.create_sheet(PROVINCE_SHEET)
    province.append(("Tên tỉnh",))
    province.append((org.province,))
    for sheet, widths in ((units, (14, 8, 50, 24, 50, 10)), (leaders, (14, 30, 18, 24))):
        sheet.freeze_panes = "A2"
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
    province.column_dimensions["A"].width = 50
    for sheet in (units, leaders, province):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    book.save(path)


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
