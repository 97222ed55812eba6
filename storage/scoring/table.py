"""A cluster's scoring table in the database: read it as domain data, apply a new version."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.scoring.table import Criterion, Formula, Group, Kind, Table, show_points
from storage.db.times import utcnow
from storage.scoring.models import (
    AssessmentScore,
    ScoreEvent,
    ScoringCriterion,
    ScoringGroup,
    ScoringTable,
    UnitAssessment,
)


class TableLocked(Exception):
    """A unit has submitted: only the admin may change the table now."""


@dataclass(slots=True)
class TableReport:
    created: bool = False
    changes: list[str] = field(default_factory=list)
    submitted_units: list[int] = field(default_factory=list)  # to be told of the change

    def summary(self) -> str:
        if not self.changes:
            return "Nothing to change: the database already holds this table."
        head = "Created the table" if self.created else "Changed the table"
        return "\n".join([f"{head}:", *(f"  {line}" for line in self.changes)])


async def find_table(*, session: AsyncSession, cluster_id: int, year: int) -> ScoringTable | None:
    statement = select(ScoringTable).where(
        col(ScoringTable.cluster_id) == cluster_id, col(ScoringTable.year) == year
    )
    return (await session.exec(statement)).first()


async def read_table(*, session: AsyncSession, table_id: int) -> Table:
    """Return the table as domain data, groups and criteria in their order."""
    row = await session.get(ScoringTable, table_id)
    assert row is not None
    groups = (
        await session.exec(
            select(ScoringGroup)
            .where(col(ScoringGroup.table_id) == table_id)
            .order_by(col(ScoringGroup.position))
        )
    ).all()
    criteria = (
        await session.exec(
            select(ScoringCriterion)
            .where(col(ScoringCriterion.table_id) == table_id)
            .order_by(col(ScoringCriterion.position))
        )
    ).all()
    by_group: dict[int | None, list[Criterion]] = {g.id: [] for g in groups}
    for c in criteria:
        formula = Formula(c.formula) if c.formula else None
        by_group[c.group_id].append(
            Criterion(c.code, c.text, Kind(c.kind), c.max_points, c.per_item, formula)
        )
    return Table(
        row.title,
        tuple(Group(g.code, g.name, tuple(by_group[g.id])) for g in groups),
        row.bonus_cap,
        row.deduction_cap,
    )


async def _submitted_units(session: AsyncSession, table_id: int) -> list[int]:
    statement = select(UnitAssessment.unit_id).where(
        col(UnitAssessment.table_id) == table_id, col(UnitAssessment.submitted_at).is_not(None)
    )
    return list((await session.exec(statement)).all())


async def submitted_count(*, session: AsyncSession, table_id: int) -> int:
    """Return how many units have submitted against the table (from the first: it is in use)."""
    return len(await _submitted_units(session, table_id))


def _describe(c: Criterion) -> str:
    extra = f", {c.formula.value}" if c.formula else ""
    return f"{c.code} {c.kind.value} max {show_points(c.max_points)}{extra}: {c.text}"


async def apply_table(
    *, session: AsyncSession, cluster_id: int, year: int, table: Table, admin: bool,
    actor_id: int | None = None,
) -> TableReport:  # fmt: skip
    """Make the database hold `table` for the cluster and year, in the caller's transaction.

    Raises TableLocked when a unit has submitted and the change is not the admin's.
    """
    report = TableReport()
    row = await find_table(session=session, cluster_id=cluster_id, year=year)
    if row is None:
        row = ScoringTable(cluster_id=cluster_id, year=year, title=table.title)
        report.created = True
        session.add(row)
        await session.flush()
    assert row.id is not None
    old = await read_table(session=session, table_id=row.id)
    if old == table:
        return report
    report.submitted_units = await _submitted_units(session, row.id)
    if report.submitted_units and not admin:
        raise TableLocked
    before = {c.code: c for c in old.criteria()}
    after = {c.code: c for c in table.criteria()}
    report.changes += [f"+ {_describe(c)}" for code, c in after.items() if code not in before]
    report.changes += [f"- {_describe(c)}" for code, c in before.items() if code not in after]
    report.changes += [
        f"~ {_describe(c)}" for code, c in after.items() if code in before and before[code] != c
    ]
    if (old.title, old.bonus_cap, old.deduction_cap) != (
        table.title, table.bonus_cap, table.deduction_cap
    ):  # fmt: skip
        report.changes.append(
            f"~ {table.title}: bonus cap {show_points(table.bonus_cap)}, "
            f"deduction cap {show_points(table.deduction_cap)}"
        )
    if report.changes == [] and old.groups != table.groups:
        report.changes.append("~ groups renamed or reordered")
    await _replace(session, row, table, set(before) - set(after))
    session.add(
        ScoreEvent(
            table_id=row.id,
            actor_id=actor_id,
            action="table",
            reason="; ".join(report.changes)[:1000],
        )
    )
    return report


async def _replace(session: AsyncSession, row: ScoringTable, table: Table, gone: set[str]) -> None:
    """Rewrite groups and criteria in place by code; scores of removed criteria go with them."""
    assert row.id is not None
    row.title, row.bonus_cap, row.deduction_cap = table.title, table.bonus_cap, table.deduction_cap
    row.updated_at = utcnow()
    session.add(row)
    criteria = {
        c.code: c
        for c in (
            await session.exec(
                select(ScoringCriterion).where(col(ScoringCriterion.table_id) == row.id)
            )
        ).all()
    }
    removed = [criteria[code].id for code in gone]
    if removed:
        await session.exec(
            delete(AssessmentScore).where(col(AssessmentScore.criterion_id).in_(removed))
        )
        await session.exec(delete(ScoringCriterion).where(col(ScoringCriterion.id).in_(removed)))
    groups = {
        g.code: g
        for g in (
            await session.exec(select(ScoringGroup).where(col(ScoringGroup.table_id) == row.id))
        ).all()
    }
    position = 0
    for index, group in enumerate(table.groups):
        g = groups.pop(group.code, None) or ScoringGroup(
            table_id=row.id, position=index, code=group.code, name=""
        )
        g.position, g.name = index, group.name
        session.add(g)
        await session.flush()
        assert g.id is not None
        for c in group.criteria:
            position += 1
            stored = criteria.get(c.code) or ScoringCriterion(
                table_id=row.id,
                group_id=g.id,
                position=position,
                code=c.code,
                text="",
                kind="",
                max_points=0,
            )
            stored.group_id, stored.position, stored.text = g.id, position, c.text
            stored.kind, stored.max_points, stored.per_item = (
                c.kind.value,
                c.max_points,
                c.per_item,
            )
            stored.formula = c.formula.value if c.formula else None
            session.add(stored)
    await session.flush()
    for leftover in groups.values():
        await session.delete(leftover)
    await session.flush()
