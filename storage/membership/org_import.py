"""Apply an organisation file to the database idempotently, and read the organisation back."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.membership.organisation import LEADER_ROLES, OrgCluster, OrgFile, OrgLeader, OrgUnit
from domain.roles import ClusterKind, Role
from storage.db.engine import SessionFactory
from storage.membership.models import Cluster, Member, Province, Unit

_LEADER_VALUES = [role.value for role in LEADER_ROLES]


@dataclass(frozen=True, slots=True)
class Change:
    """One field of one row that the import changed."""

    item: str  # e.g. "unit so-tai-chinh"
    field: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.item}: {self.field} {self.old!r} → {self.new!r}"


@dataclass(slots=True)
class ImportReport:
    """What an import added, changed and, since it never deletes, left alone."""

    added: list[str] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    left_alone: list[str] = field(default_factory=list)
    demo: bool = False

    @property
    def unchanged(self) -> bool:
        """Return whether the database already matched the file."""
        return not self.added and not self.changed

    def summary(self) -> str:
        """Return the report as lines for the operator."""
        lines = ["Demo data (DỮ LIỆU MẪU), not a real province's."] if self.demo else []
        if self.unchanged:
            lines.append("No changes: the database already matches the file.")
        sections = (
            ("Added", self.added),
            ("Changed", [str(change) for change in self.changed]),
            ("Left alone (not in the file; nothing is ever deleted)", self.left_alone),
        )
        for title, items in sections:
            if items:
                lines.append(f"{title}: {len(items)}")
                lines.extend(f"  {item}" for item in items)
        return "\n".join(lines)


def _set(report: ImportReport, item: str, row: object, attr: str, new: object) -> None:
    """Update one attribute of `row`, recording the change if there is one."""
    old = getattr(row, attr)
    if old != new:
        report.changed.append(Change(item, attr, str(old), str(new)))
        setattr(row, attr, new)


async def _apply_province(session: AsyncSession, name: str, report: ImportReport) -> None:
    province = (await session.exec(select(Province).order_by(col(Province.id)))).first()
    if province is None:
        session.add(Province(name=name))
        report.added.append(f"province {name}")
    else:
        _set(report, "province", province, "name", name)
        session.add(province)


async def _apply_clusters(
    session: AsyncSession, org: OrgFile, report: ImportReport
) -> dict[str, Cluster]:
    clusters = {c.code: c for c in (await session.exec(select(Cluster))).all()}
    for wanted in org.clusters:
        row = clusters.get(wanted.code)
        if row is None:
            row = clusters[wanted.code] = Cluster(
                code=wanted.code, kind=wanted.kind.value, name=wanted.name,
                short_name=wanted.short_name,
            )  # fmt: skip
            report.added.append(f"cluster {wanted.code} ({wanted.name})")
        else:
            _set(report, f"cluster {wanted.code}", row, "kind", wanted.kind.value)
            _set(report, f"cluster {wanted.code}", row, "name", wanted.name)
            _set(report, f"cluster {wanted.code}", row, "short_name", wanted.short_name)
        session.add(row)
    await session.flush()  # the new clusters' ids are needed by their units
    in_file = {c.code for c in org.clusters}
    report.left_alone.extend(
        f"cluster {code} ({row.name})" for code, row in clusters.items() if code not in in_file
    )
    return clusters


async def _apply_units(
    session: AsyncSession, org: OrgFile, clusters: dict[str, Cluster], report: ImportReport
) -> dict[str, Unit]:
    units = {u.code: u for u in (await session.exec(select(Unit))).all()}
    code_of = {c.id: code for code, c in clusters.items()}
    for cluster in org.clusters:
        cluster_id = clusters[cluster.code].id
        assert cluster_id is not None
        for wanted in cluster.units:
            row = units.get(wanted.code)
            item = f"unit {wanted.code}"
            if row is None:
                row = units[wanted.code] = Unit(
                    code=wanted.code,
                    name=wanted.name,
                    cluster_id=cluster_id,
                    headcount=wanted.headcount,
                    short_name=wanted.short_name,
                )
                report.added.append(f"{item} ({wanted.name}) in {cluster.code}")
            else:
                _set(report, item, row, "name", wanted.name)
                _set(report, item, row, "short_name", wanted.short_name)
                _set(report, item, row, "headcount", wanted.headcount)
                if row.cluster_id != cluster_id:
                    old = code_of.get(row.cluster_id, str(row.cluster_id))
                    report.changed.append(Change(item, "cluster", old, cluster.code))
                    row.cluster_id = cluster_id
            session.add(row)
    await session.flush()
    in_file = {u.code for c in org.clusters for u in c.units}
    report.left_alone.extend(
        f"unit {code} ({row.name})" for code, row in units.items() if code not in in_file
    )
    return units


async def _apply_people(
    session: AsyncSession,
    org: OrgFile,
    clusters: dict[str, Cluster],
    units: dict[str, Unit],
    report: ImportReport,
) -> None:
    statement = (
        select(Member)
        .where(col(Member.role).in_([*_LEADER_VALUES, Role.ADMIN.value]))
        .order_by(col(Member.id))
    )
    leaders: dict[tuple[int | None, str], Member] = {}
    admins: dict[str, Member] = {}
    for member in (await session.exec(statement)).all():
        if member.role == Role.ADMIN.value:
            admins.setdefault(member.full_name, member)
        elif member.cluster_id is not None:  # the lowest id wins if staff made duplicates
            leaders.setdefault((member.cluster_id, member.full_name), member)
    unit_code = {u.id: code for code, u in units.items()}
    seen: set[tuple[int | None, str]] = set()
    for cluster in org.clusters:
        cluster_id = clusters[cluster.code].id
        for person in cluster.leaders:
            key = (cluster_id, person.name)
            seen.add(key)
            unit_id = units[person.unit].id if person.unit else None
            row = leaders.get(key)
            item = f"{person.name} in {cluster.code}"
            if row is None:
                # No identity yet: the person claims this row later with an invite code.
                row = Member(
                    full_name=person.name,
                    role=person.role.value,
                    cluster_id=cluster_id,
                    unit_id=unit_id,
                )
                report.added.append(f"{person.role.value} {item}")
            else:
                _set(report, item, row, "role", person.role.value)
                if row.unit_id != unit_id:
                    old, new = unit_code.get(row.unit_id, "—"), person.unit or "—"
                    report.changed.append(Change(item, "unit", old, new))
                    row.unit_id = unit_id
            session.add(row)
    code_of = {c.id: code for code, c in clusters.items()}
    report.left_alone.extend(
        f"{row.role} {name} in {code_of.get(cluster_id, '?')}"
        for (cluster_id, name), row in leaders.items()
        if (cluster_id, name) not in seen
    )
    for name in org.admins:
        if name not in admins:
            session.add(Member(full_name=name, role=Role.ADMIN.value))
            report.added.append(f"admin {name}")
    report.left_alone.extend(f"admin {name}" for name in admins if name not in org.admins)
    await session.flush()


async def apply_org(*, session: AsyncSession, org: OrgFile) -> ImportReport:
    """Make the database hold `org`, in the caller's transaction; nothing is deleted."""
    report = ImportReport(demo=org.demo)
    await _apply_province(session, org.province, report)
    clusters = await _apply_clusters(session, org, report)
    units = await _apply_units(session, org, clusters, report)
    await _apply_people(session, org, clusters, units, report)
    return report


async def import_org(*, sessions: SessionFactory, org: OrgFile) -> ImportReport:
    """Apply `org` in one transaction: on any error the database is left as it was."""
    async with sessions() as session, session.begin():
        return await apply_org(session=session, org=org)


async def read_org(*, session: AsyncSession) -> OrgFile:
    """Return the organisation the database holds, in the order it was created."""
    province = (await session.exec(select(Province).order_by(col(Province.id)))).first()
    clusters = (await session.exec(select(Cluster).order_by(col(Cluster.id)))).all()
    units = (await session.exec(select(Unit).order_by(col(Unit.id)))).all()
    statement = (
        select(Member)
        .where(col(Member.role).in_([*_LEADER_VALUES, Role.ADMIN.value]))
        .order_by(col(Member.id))
    )
    people = (await session.exec(statement)).all()
    unit_code = {u.id: u.code for u in units}
    by_id = {
        c.id: OrgCluster(
            code=c.code, kind=ClusterKind(c.kind), name=c.name, short_name=c.short_name
        )
        for c in clusters
    }
    for u in units:
        by_id[u.cluster_id].units.append(OrgUnit(u.code, u.name, u.headcount, u.short_name))
    admins: list[str] = []
    seen: set[tuple[bool, int | None, str]] = set()  # as in the import, the lowest id wins
    # The leader first, then deputies, each in the order they were added.
    for member in sorted(people, key=lambda m: m.role != Role.LEADER.value):
        key = (member.role == Role.ADMIN.value, member.cluster_id, member.full_name)
        if key in seen:
            continue
        seen.add(key)
        if member.role == Role.ADMIN.value:
            admins.append(member.full_name)
        elif member.cluster_id in by_id:
            unit = unit_code.get(member.unit_id) if member.unit_id is not None else None
            leader = OrgLeader(member.full_name, Role(member.role), unit)
            by_id[member.cluster_id].leaders.append(leader)
    return OrgFile(province.name if province else "", list(by_id.values()), admins)


async def export_org(*, sessions: SessionFactory) -> OrgFile:
    """Return the organisation the database holds, read in one session."""
    async with sessions() as session:
        return await read_org(session=session)
