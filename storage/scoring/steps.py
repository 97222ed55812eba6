"""Query functions of the assessment's steps: status, publication, proposals, recipients."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, exists, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.roles import Role
from storage.membership.models import Cluster, Identity, Member, Unit
from storage.membership.org import Recipient
from storage.scoring.models import ScoreEvent, ScoringProposal, ScoringTable, UnitAssessment


async def set_stage(
    *, session: AsyncSession, row: UnitAssessment, stage: str, now: datetime,
    actor_id: int | None = None, explanation: str | None = None,
) -> None:  # fmt: skip
    """Move the assessment to `stage`, stamping the moment the stage names."""
    row.status = stage
    if stage == "submitted":
        row.submitted_at, row.submitted_by = now, actor_id
    elif stage == "reviewed":
        row.reviewed_at = now
    elif stage == "explained":
        row.explained_at, row.explanation = now, explanation or ""
    elif stage == "settled":
        row.settled_at = now
    row.updated_at = now
    session.add(row)
    await session.flush()


async def publish(
    *, session: AsyncSession, table: ScoringTable, actor_id: int, now: datetime
) -> None:
    """Mark the table's results as published, with a row in the history."""
    table.published_at, table.published_by, table.updated_at = now, actor_id, now
    session.add(table)
    session.add(ScoreEvent(table_id=table.id or 0, actor_id=actor_id, action="published", at=now))
    await session.flush()


@dataclass(frozen=True, slots=True)
class ProposalRow:
    id: int
    award: str
    unit_id: int
    unit_name: str
    rank: int
    total: int
    status: str
    reason: str


async def replace_proposals(
    *, session: AsyncSession, table_id: int, rows: list[tuple[str, int, int, int]]
) -> None:
    """Write the bot's proposals (award, unit id, rank, total), replacing earlier ones."""
    old = (
        await session.exec(
            select(ScoringProposal).where(col(ScoringProposal.table_id) == table_id)
        )
    ).all()
    for proposal in old:
        await session.delete(proposal)
    await session.flush()
    for award, unit_id, rank, total in rows:
        session.add(
            ScoringProposal(
                table_id=table_id, award=award, unit_id=unit_id, rank=rank, total=total
            )
        )
    await session.flush()


async def proposals(*, session: AsyncSession, table_id: int) -> list[ProposalRow]:
    """Return the table's proposals, the flag first, then by rank."""
    statement = (
        select(ScoringProposal, Unit.name)
        .join(Unit, col(Unit.id) == col(ScoringProposal.unit_id))
        .where(col(ScoringProposal.table_id) == table_id)
        .order_by(col(ScoringProposal.rank), col(Unit.name))
    )
    rows = [
        ProposalRow(p.id or 0, p.award, p.unit_id, name, p.rank, p.total, p.status, p.reason)
        for p, name in (await session.exec(statement)).all()
    ]
    return sorted(rows, key=lambda p: p.award != "flag")  # stable: by rank within each award


async def decide_proposal(
    *, session: AsyncSession, table_id: int, award: str, unit_id: int, status: str,
    rank: int, total: int, actor_id: int, reason: str, now: datetime,
) -> None:  # fmt: skip
    """Confirm, remove or add a unit's proposal for an award, with a row in the history."""
    statement = select(ScoringProposal).where(
        col(ScoringProposal.table_id) == table_id,
        col(ScoringProposal.award) == award,
        col(ScoringProposal.unit_id) == unit_id,
    )
    row = (await session.exec(statement)).first() or ScoringProposal(
        table_id=table_id, award=award, unit_id=unit_id, rank=rank, total=total
    )
    old = row.status if row.id is not None else None
    row.status, row.reason, row.decided_by, row.decided_at = status, reason, actor_id, now
    session.add(row)
    session.add(
        ScoreEvent(
            table_id=table_id, criterion_code=award, actor_id=actor_id, action="proposal",
            old_value=old, new_value=f"{unit_id}:{status}", reason=reason, at=now,
        )
    )  # fmt: skip
    await session.flush()


async def member_recipients(
    *, session: AsyncSession, cluster_id: int
) -> dict[int, list[Recipient]]:
    """Return the accounts of every active member of the cluster's units, by unit id."""
    statement = (
        select(Member, Identity)
        .join(Identity, col(Identity.member_id) == col(Member.id))
        .join(Unit, col(Unit.id) == col(Member.unit_id))
        .where(col(Unit.cluster_id) == cluster_id, col(Member.active).is_(True))
    )
    out: dict[int, list[Recipient]] = {}
    for member, identity in (await session.exec(statement)).all():
        recipient = Recipient(member.id or 0, identity.channel, identity.chat_id, member.locale)
        out.setdefault(member.unit_id or 0, []).append(recipient)
    return out


@dataclass(frozen=True, slots=True)
class TableInfo:
    id: int
    cluster_id: int
    cluster_name: str
    published_at: datetime | None


async def tables_of_year(*, session: AsyncSession, year: int) -> list[TableInfo]:
    """Return every cluster's table of the year, by cluster name."""
    statement = (
        select(ScoringTable, Cluster.name)
        .join(Cluster, col(Cluster.id) == col(ScoringTable.cluster_id))
        .where(col(ScoringTable.year) == year)
        .order_by(col(Cluster.name))
    )
    return [
        TableInfo(t.id or 0, t.cluster_id, name, t.published_at)
        for t, name in (await session.exec(statement)).all()
    ]


async def open_tables(*, session: AsyncSession, year: int) -> list[TableInfo]:
    """Return the tables of the year whose results are not yet published."""
    return [t for t in await tables_of_year(session=session, year=year) if t.published_at is None]


async def reporters_not_submitted(
    *, session: AsyncSession, table_id: int, cluster_id: int
) -> list[int]:
    """Return the active reporters, reachable by the bot, of units that have not submitted."""
    done = select(UnitAssessment.unit_id).where(
        col(UnitAssessment.table_id) == table_id, col(UnitAssessment.submitted_at).is_not(None)
    )
    statement = (
        select(Member.id)
        .join(Unit, col(Unit.id) == col(Member.unit_id))
        .where(
            col(Unit.cluster_id) == cluster_id,
            col(Member.role) == Role.REPORTER.value,
            col(Member.active).is_(True),
            col(Member.unit_id).not_in(done),
            exists().where(col(Identity.member_id) == col(Member.id)),
        )
    )
    return [member_id for member_id in (await session.exec(statement)).all() if member_id]


@dataclass(frozen=True, slots=True)
class StageCounts:
    """How far a cluster's units are: all of them, those that submitted, those settled."""

    units: int
    submitted: int
    settled: int


async def progress(*, session: AsyncSession, table_id: int, cluster_id: int) -> StageCounts:
    """Count the cluster's units, those that submitted and those settled."""
    units = (
        await session.exec(
            select(func.count()).select_from(Unit).where(col(Unit.cluster_id) == cluster_id)
        )
    ).one()
    rows = (
        await session.exec(
            select(UnitAssessment.status, UnitAssessment.submitted_at).where(
                col(UnitAssessment.table_id) == table_id
            )
        )
    ).all()
    submitted = sum(1 for _, at in rows if at is not None)
    return StageCounts(units, submitted, sum(1 for status, _ in rows if status == "settled"))
