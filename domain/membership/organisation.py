"""The organisation file (YAML or .xlsx) the province's staff edit: data model and validation.

The formats are read and written by bot.orgfile; storage.membership.org_import maps these
values to rows.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar

from domain.roles import ClusterKind, Role

MAX_NAME = 200
MAX_SHORT = 80  # a short name fits a chart's label or a table's narrow column
MAX_HEADCOUNT = 100_000  # larger than any unit in a province: surely a typo
CODE = re.compile(r"[a-z0-9-]{1,64}")
KINDS = {"cum": ClusterKind.CLUSTER, "cụm": ClusterKind.CLUSTER}
KINDS |= {"khoi": ClusterKind.BLOC, "khối": ClusterKind.BLOC}
ROLES = {"leader": Role.LEADER, "trưởng cụm": Role.LEADER, "trưởng khối": Role.LEADER}
ROLES |= {"deputy": Role.DEPUTY, "phó trưởng cụm": Role.DEPUTY, "phó trưởng khối": Role.DEPUTY}
ROLES |= {"admin": Role.ADMIN, "quản trị": Role.ADMIN}
LEADER_ROLES = (Role.LEADER, Role.DEPUTY)
T = TypeVar("T")


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
    short_name: str | None = None  # «UBND phường Quy Nhơn»: the words that tell units apart


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
    short_name: str | None = None  # «Cụm Kinh tế»


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


def word(value: object) -> str:
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

    def short(self, cell: Cell) -> str | None:
        """Return an optional short name: None when blank, else text of at most MAX_SHORT."""
        if cell.value is None or clean_text(cell.value) is None:
            return None
        return self.text(cell, limit=MAX_SHORT)

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
        found = table.get(word(cell.value))
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

    def add_cluster(
        self, code: Cell, kind: Cell, name: Cell, short: Cell | None = None
    ) -> str | None:
        """Add a cluster or bloc; return its code when that is usable."""
        key, kind_, name_ = (
            self.code(code),
            self.choice(kind, KINDS, tuple(ClusterKind)),
            self.text(name),
        )
        short_ = self.short(short) if short is not None else None
        if key is None or not self._unique(("cluster", key), code.where, f"cluster code {key!r}"):
            return None
        self.clusters[key] = OrgCluster(
            key, kind_ or ClusterKind.CLUSTER, name_ or "", short_name=short_
        )
        return key

    def add_unit(
        self, cluster: str | None, code: Cell, name: Cell, headcount: Cell,
        short: Cell | None = None,
    ) -> None:  # fmt: skip
        """Add a member unit to `cluster` (None when the cluster itself was unusable)."""
        key, name_, staff = self.code(code), self.text(name), self.headcount(headcount)
        short_ = self.short(short) if short is not None else None
        if key is None or not self._unique(("unit", key), code.where, f"unit code {key!r}"):
            return
        if cluster is not None:
            self._unit_home[key] = cluster
            self.clusters[cluster].units.append(OrgUnit(key, name_ or "", staff or 0, short_))

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
