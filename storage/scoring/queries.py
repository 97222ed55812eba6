"""Query functions of the unit assessments: scores, history, and the results to rank."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import and_, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.roles import Role
from domain.scoring import table as score_table
from domain.scoring.rank import Result
from domain.scoring.table import HalfPoints, Table, final_scores, show_points, totals
from storage.db.times import utcnow
from storage.membership.models import Identity, Member, Unit
from storage.membership.org import Recipient
from storage.registration.models import Registration
from storage.scoring.models import AssessmentScore, ScoreEvent, ScoringCriterion, UnitAssessment


async def reporter_recipients(*, session: AsyncSession, cluster_id: int) -> list[Recipient]:
    """Return every channel account of the active reporters of the cluster's units."""
    statement = (
        select(Member, Identity)
        .join(Identity, col(Identity.member_id) == col(Member.id))
        .join(Unit, col(Unit.id) == col(Member.unit_id))
        .where(
            col(Unit.cluster_id) == cluster_id,
            col(Member.role) == Role.REPORTER.value,
            col(Member.active).is_(True),
        )
    )
    return [
        Recipient(member.id or 0, identity.channel, identity.chat_id, member.locale)
        for member, identity in (await session.exec(statement)).all()
    ]


async def assessment(
    *, session: AsyncSession, table_id: int, unit_id: int, create: bool = False
) -> UnitAssessment | None:
    """Return the unit's assessment against the table, made on first use when `create`."""
    statement = select(UnitAssessment).where(
        col(UnitAssessment.table_id) == table_id, col(UnitAssessment.unit_id) == unit_id
    )
    row = (await session.exec(statement)).first()
    if row is None and create:
        row = UnitAssessment(table_id=table_id, unit_id=unit_id)
        session.add(row)
        await session.flush()
    return row


async def criterion_ids(*, session: AsyncSession, table_id: int) -> dict[str, int]:
    """Return the table's criterion ids by code."""
    statement = select(ScoringCriterion.code, ScoringCriterion.id).where(
        col(ScoringCriterion.table_id) == table_id
    )
    return {code: id_ for code, id_ in (await session.exec(statement)).all() if id_ is not None}


async def scores_of(*, session: AsyncSession, assessment_id: int) -> dict[str, AssessmentScore]:
    """Return an assessment's score rows by criterion code."""
    statement = (
        select(ScoringCriterion.code, AssessmentScore)
        .join(AssessmentScore, col(AssessmentScore.criterion_id) == col(ScoringCriterion.id))
        .where(col(AssessmentScore.assessment_id) == assessment_id)
    )
    return {code: row for code, row in (await session.exec(statement)).all()}


def _text(points: HalfPoints | None) -> str | None:
    return show_points(points) if points is not None else None


async def set_score(
    *, session: AsyncSession, row: UnitAssessment, criterion_id: int, code: str,
    actor_id: int, self_score: HalfPoints | None = None, final_score: HalfPoints | None = None,
    count: int | None = None, note: str | None = None,
    evidence: list[dict[str, Any]] | None = None, reason: str = "",
) -> AssessmentScore:  # fmt: skip
    """Write one criterion's score; once submitted, every change is a row of the history."""
    assert row.id is not None
    statement = select(AssessmentScore).where(
        col(AssessmentScore.assessment_id) == row.id,
        col(AssessmentScore.criterion_id) == criterion_id,
    )
    score = (await session.exec(statement)).first() or AssessmentScore(
        assessment_id=row.id, criterion_id=criterion_id
    )
    events: list[tuple[str, str | None, str | None]] = []
    if self_score is not None and self_score != score.self_score:
        events.append(("self_score", _text(score.self_score), _text(self_score)))
        score.self_score = self_score
    if final_score is not None and final_score != score.final_score:
        before = score_table.final_score(score.self_score, score.final_score)  # what stood
        events.append(("final_score", _text(before), _text(final_score)))
        score.final_score, score.reason = final_score, reason
    if count is not None:
        score.count = count
    if note is not None:
        score.evidence_note = note
    if evidence is not None:
        score.evidence = evidence
    score.updated_at = utcnow()
    session.add(score)
    if row.submitted_at is not None:
        for action, old, new in events:
            session.add(
                ScoreEvent(
                    table_id=row.table_id, assessment_id=row.id, criterion_code=code,
                    actor_id=actor_id, action=action, old_value=old, new_value=new,
                    reason=reason,
                )
            )  # fmt: skip
    await session.flush()
    return score


async def record(
    *, session: AsyncSession, row: UnitAssessment, actor_id: int, action: str, reason: str = ""
) -> None:
    """Add a step of the assessment (submitted, reviewed, explained, settled) to the history."""
    session.add(
        ScoreEvent(
            table_id=row.table_id, assessment_id=row.id, actor_id=actor_id, action=action,
            new_value=row.status, reason=reason,
        )
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class UnitScores:
    unit_id: int
    code: str
    name: str
    status: str
    submitted_at: datetime | None
    self_scores: dict[str, HalfPoints]
    final_scores: dict[str, HalfPoints]  # the reviewer's where set, else the unit's own
    explained: bool = False  # the unit explained (it may be settled since)


async def cluster_scores(
    *, session: AsyncSession, table_id: int, cluster_id: int
) -> list[UnitScores]:
    """Return every unit of the cluster with its scores (units that never began: none)."""
    units = (
        await session.exec(
            select(Unit, UnitAssessment)
            .outerjoin(
                UnitAssessment,
                and_(
                    col(UnitAssessment.unit_id) == col(Unit.id),
                    col(UnitAssessment.table_id) == table_id,
                ),
            )
            .where(col(Unit.cluster_id) == cluster_id)
            .order_by(col(Unit.name))
        )
    ).all()
    rows = (
        await session.exec(
            select(AssessmentScore.assessment_id, ScoringCriterion.code, AssessmentScore)
            .join(ScoringCriterion, col(ScoringCriterion.id) == col(AssessmentScore.criterion_id))
            .where(col(ScoringCriterion.table_id) == table_id)
        )
    ).all()
    by_assessment: dict[int, list[tuple[str, AssessmentScore]]] = {}
    for assessment_id, code, score in rows:
        by_assessment.setdefault(assessment_id, []).append((code, score))
    result = []
    for unit, a in units:
        own = by_assessment.get(a.id, []) if a is not None and a.id is not None else []
        selves = {code: s.self_score for code, s in own if s.self_score is not None}
        finals = final_scores((code, s.self_score, s.final_score) for code, s in own)
        result.append(
            UnitScores(
                unit.id or 0, unit.code, unit.name, a.status if a else "none",
                a.submitted_at if a else None, selves, finals,
                a is not None and a.explained_at is not None,
            )
        )  # fmt: skip
    return result


async def results(
    *, session: AsyncSession, table: Table, table_id: int, cluster_id: int, year: int
) -> list[Result]:
    """Return each unit's final totals with what its registration named, ready to rank."""
    registered = {
        unit_id: frozenset([*titles, *rewards])
        for unit_id, titles, rewards in (
            await session.exec(
                select(Registration.unit_id, Registration.titles, Registration.rewards).where(
                    col(Registration.year) == year
                )
            )
        ).all()
    }
    out = []
    for unit in await cluster_scores(session=session, table_id=table_id, cluster_id=cluster_id):
        sums = totals(table, unit.final_scores)
        out.append(
            Result(
                unit.unit_id, unit.code, unit.name, sums.total, sums.computed, sums.deduction,
                unit.submitted_at, registered.get(unit.unit_id, frozenset()),
            )
        )  # fmt: skip
    return out
