"""Query functions of the province's decisions on the clusters' proposals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.membership.models import Cluster, Unit
from storage.proposals.models import ProvinceDecision
from storage.scoring.models import ScoreEvent, ScoringProposal, ScoringTable

Key = tuple[int, str, int]  # table id, award, unit id


@dataclass(frozen=True, slots=True)
class DecisionRow:
    decision: str
    reason: str
    decided_by: int
    decided_at: datetime
    changes: int


@dataclass(frozen=True, slots=True)
class ProposalRef:
    """A cluster's proposal with what the office needs to decide on it and tell the leader."""

    id: int
    table_id: int
    year: int
    cluster_id: int
    cluster_name: str
    published: bool
    award: str
    unit_id: int
    unit_name: str
    rank: int
    total: int  # half points
    status: str  # the leader's: proposed | confirmed | removed


def _row(found: ProvinceDecision) -> DecisionRow:
    return DecisionRow(found.decision, found.reason, found.decided_by, found.decided_at,
                       found.changes)  # fmt: skip


async def decisions(*, session: AsyncSession, table_ids: Sequence[int]) -> dict[Key, DecisionRow]:
    """Return the decisions made on these tables' proposals, by table, award and unit."""
    if not table_ids:
        return {}
    statement = select(ProvinceDecision).where(col(ProvinceDecision.table_id).in_(table_ids))
    return {
        (d.table_id, d.award, d.unit_id): _row(d) for d in (await session.exec(statement)).all()
    }


async def proposal(*, session: AsyncSession, proposal_id: int) -> ProposalRef | None:
    """Return one proposal with its table, cluster and unit; None when there is none."""
    statement = (
        select(ScoringProposal, ScoringTable, Cluster.name, Unit.name)
        .join(ScoringTable, col(ScoringTable.id) == col(ScoringProposal.table_id))
        .join(Cluster, col(Cluster.id) == col(ScoringTable.cluster_id))
        .join(Unit, col(Unit.id) == col(ScoringProposal.unit_id))
        .where(col(ScoringProposal.id) == proposal_id)
    )
    found = (await session.exec(statement)).first()
    if found is None:
        return None
    p, table, cluster_name, unit_name = found
    return ProposalRef(
        p.id or 0, p.table_id, table.year, table.cluster_id, cluster_name,
        table.published_at is not None, p.award, p.unit_id, unit_name, p.rank, p.total, p.status,
    )  # fmt: skip


async def decide(
    *, session: AsyncSession, key: Key, decision: str, reason: str, actor_id: int,
    now: datetime,
) -> DecisionRow | None:  # fmt: skip
    """Record the decision on a proposal, with a row in the scoring history.

    Return the decision as stored; None when it was already so (a second tap changes nothing).
    """
    table_id, award, unit_id = key
    statement = select(ProvinceDecision).where(
        col(ProvinceDecision.table_id) == table_id,
        col(ProvinceDecision.award) == award,
        col(ProvinceDecision.unit_id) == unit_id,
    )
    row = (await session.exec(statement)).first()
    old = None
    if row is None:
        row = ProvinceDecision(table_id=table_id, award=award, unit_id=unit_id,
                               decision=decision, reason=reason, decided_by=actor_id,
                               decided_at=now)  # fmt: skip
    elif (row.decision, row.reason) == (decision, reason):
        return None
    else:
        old = row.decision
        row.decision, row.reason, row.decided_by, row.decided_at = decision, reason, actor_id, now
        row.changes += 1
    session.add(row)
    session.add(
        ScoreEvent(
            table_id=table_id, criterion_code=award, actor_id=actor_id, action="province",
            old_value=old, new_value=f"{unit_id}:{decision}", reason=reason, at=now,
        )
    )  # fmt: skip
    await session.flush()
    return _row(row)
