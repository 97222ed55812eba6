"""What an organisation file would change, compared with the organisation on record.

Both sides are `OrgFile`s (the file as read, the database as `read_org` returns it), so the
comparison is pure. The console applies the file as the CLI does (added, changed, moved) and
also takes away what the file no longer lists: units and clusters (only when they hold no
data: the service checks) and the leaders and deputies it does not name (their role ends).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.membership.organisation import OrgCluster, OrgFile
from domain.roles import Role

CLUSTER, UNIT, ADMIN, PROVINCE = "cluster", "unit", "admin", "province"


@dataclass(frozen=True, slots=True)
class Item:
    """A row the file adds or no longer lists: a cluster, a unit or a person."""

    kind: str  # CLUSTER, UNIT, ADMIN, or a leader's role ("leader", "deputy")
    code: str  # the cluster's or unit's code; a leader's cluster ("" for an admin)
    name: str
    place: str = ""  # a unit's cluster


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of one row the file changes."""

    kind: str  # CLUSTER, UNIT, PROVINCE or a leader's role (their role after the change)
    code: str
    name: str
    field: str  # "name", "short_name", "kind", "headcount", "role", "unit"
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class Move:
    """A unit moving to another cluster, with its people."""

    code: str
    name: str
    old: str  # the cluster it leaves
    new: str  # the cluster it joins


@dataclass(frozen=True, slots=True)
class Replacement:
    """A cluster's leader (or deputies) replaced by other people."""

    cluster: str
    role: str
    old: tuple[str, ...]
    new: tuple[str, ...]


@dataclass(slots=True)
class OrgDiff:
    added: list[Item] = field(default_factory=list)
    changed: list[FieldChange] = field(default_factory=list)
    removed: list[Item] = field(default_factory=list)
    moved: list[Move] = field(default_factory=list)
    replaced: list[Replacement] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Tell whether the file changes nothing."""
        return not (self.added or self.changed or self.removed or self.moved or self.replaced)

    def removed_units(self) -> list[str]:
        """Return the codes of the units the file no longer lists."""
        return [item.code for item in self.removed if item.kind == UNIT]

    def removed_clusters(self) -> list[str]:
        """Return the codes of the clusters the file no longer lists."""
        return [item.code for item in self.removed if item.kind == CLUSTER]

    def leaders_out(self) -> list[tuple[str, str]]:
        """Return (cluster code, name) of each leader or deputy whose role ends."""
        gone = [(i.code, i.name) for i in self.removed if i.kind not in (CLUSTER, UNIT, ADMIN)]
        return gone + [(r.cluster, name) for r in self.replaced for name in r.old]


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _compare(
    diff: OrgDiff, kind: str, code: str, name: str, pairs: list[tuple[str, object, object]]
) -> None:
    for name_of_field, old, new in pairs:
        if old != new:
            diff.changed.append(
                FieldChange(kind, code, name, name_of_field, _text(old), _text(new))
            )


def _clusters(diff: OrgDiff, old: dict[str, OrgCluster], new: dict[str, OrgCluster]) -> None:
    for code, wanted in new.items():
        found = old.get(code)
        if found is None:
            diff.added.append(Item(CLUSTER, code, wanted.name))
            continue
        _compare(diff, CLUSTER, code, wanted.name, [
            ("name", found.name, wanted.name), ("short_name", found.short_name, wanted.short_name),
            ("kind", found.kind.value, wanted.kind.value),
        ])  # fmt: skip
    diff.removed.extend(
        Item(CLUSTER, c.code, c.name) for code, c in old.items() if code not in new
    )


def _units(diff: OrgDiff, old: OrgFile, new: OrgFile) -> None:
    before = {u.code: (c.code, u) for c in old.clusters for u in c.units}
    after = {u.code: (c.code, u) for c in new.clusters for u in c.units}
    for code, (cluster, wanted) in after.items():
        found = before.get(code)
        if found is None:
            diff.added.append(Item(UNIT, code, wanted.name, cluster))
            continue
        home, unit = found
        _compare(diff, UNIT, code, wanted.name, [
            ("name", unit.name, wanted.name), ("short_name", unit.short_name, wanted.short_name),
            ("headcount", unit.headcount, wanted.headcount),
        ])  # fmt: skip
        if home != cluster:
            diff.moved.append(Move(code, wanted.name, home, cluster))
    diff.removed.extend(
        Item(UNIT, code, unit.name, cluster)
        for code, (cluster, unit) in before.items()
        if code not in after
    )


def _leaders(diff: OrgDiff, old: OrgFile, new: OrgFile) -> None:
    def people(org: OrgFile) -> dict[tuple[str, str], tuple[Role, str | None]]:
        return {(c.code, p.name): (p.role, p.unit) for c in org.clusters for p in c.leaders}

    before, after = people(old), people(new)
    added: list[Item] = []
    for (cluster, name), (role, unit) in after.items():
        found = before.get((cluster, name))
        if found is None:
            added.append(Item(role.value, cluster, name))
            continue
        _compare(diff, role.value, cluster, name, [
            ("role", found[0].value, role.value), ("unit", found[1], unit),
        ])  # fmt: skip
    removed = [
        Item(role.value, c, n) for (c, n), (role, _) in before.items() if (c, n) not in after
    ]
    # In one cluster and role, people going and others coming: a replacement, said as one.
    both = {(i.code, i.kind) for i in added} & {(i.code, i.kind) for i in removed}
    for key in sorted(both):
        going = tuple(i.name for i in removed if (i.code, i.kind) == key)
        coming = tuple(i.name for i in added if (i.code, i.kind) == key)
        diff.replaced.append(Replacement(key[0], key[1], going, coming))
    replaced = {(r.cluster, r.role) for r in diff.replaced}
    diff.added.extend(i for i in added if (i.code, i.kind) not in replaced)
    diff.removed.extend(i for i in removed if (i.code, i.kind) not in replaced)


def compare(old: OrgFile, new: OrgFile) -> OrgDiff:
    """Return what applying `new` would change in `old` (the organisation on record).

    Admins are only ever added here: one missing from the file keeps the role (taking the
    office's own access away is done person by person, never by a file).
    """
    diff = OrgDiff()
    if old.province != new.province and new.province:
        diff.changed.append(
            FieldChange(PROVINCE, "", new.province, "name", old.province, new.province)
        )
    _clusters(diff, {c.code: c for c in old.clusters}, {c.code: c for c in new.clusters})
    _units(diff, old, new)
    _leaders(diff, old, new)
    diff.added.extend(Item(ADMIN, "", name) for name in new.admins if name not in old.admins)
    return diff
