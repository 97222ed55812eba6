"""The audit trail as one list: the console's entries and every feature's own history.

A read model: pledge events (storage.pledge), registration events (storage.registration),
score events (storage.scoring) and the console's audit entries, each read with the same
filters and merged newest first. Nothing is copied: each history stays where its feature
writes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.text import fold
from storage.audit.models import AuditEntry
from storage.audit.queries import CONSOLE, ORGANISATION, SIGNIN
from storage.membership.models import Cluster, Member, Unit
from storage.pledge.models import Pledge, PledgeEvent, UnitCollection
from storage.registration.models import Registration, RegistrationEvent
from storage.scoring.models import ScoreEvent, ScoringTable, UnitAssessment

PLEDGE, REGISTRATION, SCORE = "pledge", "registration", "score"
KINDS = (PLEDGE, REGISTRATION, SCORE, ORGANISATION, SIGNIN, CONSOLE)
MAX_LINES = 5000  # a download's ceiling; a page shows fewer


@dataclass(frozen=True, slots=True)
class TrailFilter:
    """Which lines to list; every field left empty lets everything through."""

    cluster_id: int | None = None
    person: str = ""  # part of the name of who acted, any case, with or without diacritics
    kinds: frozenset[str] = frozenset()
    since: datetime | None = None  # from this moment on
    until: datetime | None = None  # before this moment


@dataclass(frozen=True, slots=True)
class TrailLine:
    """One change: who, what, when, from what to what, and why."""

    at: datetime
    kind: str  # one of KINDS
    action: str
    actor: str  # "" when nobody acted (the bank, the bot)
    cluster: str  # the cluster's name, "" when it concerns none
    subject: str  # the person, the unit or the row that changed
    old: str
    new: str
    reason: str
    old_amount: int | None = None  # a pledge's amounts, in đồng
    new_amount: int | None = None


def _bounds(column: Any, wanted: TrailFilter) -> list[sa.ColumnElement[bool]]:
    where = []
    if wanted.since is not None:
        where.append(column >= wanted.since)
    if wanted.until is not None:
        where.append(column < wanted.until)
    return where


async def _actors(session: AsyncSession, person: str) -> list[int]:
    """Return the ids of the people whose name contains `person` (folded: any case, any
    diacritics), so that each history is filtered by id in SQL."""
    wanted = fold(person)
    rows = await session.exec(select(col(Member.id), col(Member.full_name)))
    return [member_id for member_id, name in rows.all() if member_id and wanted in fold(name)]


def _filtered(
    statement: Any, at: Any, actor: Any, cluster: Any, wanted: TrailFilter,
    actors: list[int] | None,
) -> Any:  # fmt: skip
    where = _bounds(at, wanted)
    if wanted.cluster_id is not None:
        where.append(cluster == wanted.cluster_id)
    if actors is not None:
        where.append(actor.in_(actors))
    return statement.where(*where).order_by(at.desc()).limit(MAX_LINES)


async def _pledges(
    session: AsyncSession, wanted: TrailFilter, actors: list[int] | None
) -> list[tuple[Any, ...]]:
    unit_id = func.coalesce(col(Pledge.unit_id), col(UnitCollection.unit_id))
    pledger = sa.orm.aliased(Member)
    statement = (
        sa.select(
            col(PledgeEvent.at), col(PledgeEvent.action), col(PledgeEvent.actor_id),
            col(Unit.cluster_id), func.coalesce(col(pledger.full_name), col(Unit.name)),
            col(PledgeEvent.old_status), col(PledgeEvent.new_status),
            col(PledgeEvent.old_amount), col(PledgeEvent.new_amount),
        )
        .select_from(PledgeEvent)
        .outerjoin(Pledge, col(Pledge.id) == col(PledgeEvent.pledge_id))
        .outerjoin(UnitCollection, col(UnitCollection.id) == col(PledgeEvent.collection_id))
        .outerjoin(pledger, col(pledger.id) == col(Pledge.member_id))
        .outerjoin(Unit, col(Unit.id) == unit_id)
    )  # fmt: skip
    statement = _filtered(
        statement, col(PledgeEvent.at), col(PledgeEvent.actor_id), col(Unit.cluster_id),
        wanted, actors,
    )  # fmt: skip
    rows = await _rows(session, statement)
    return [(at, PLEDGE, action, actor, cluster, subject, old or "", new or "", "", a, b)
            for at, action, actor, cluster, subject, old, new, a, b in rows]  # fmt: skip


async def _registrations(
    session: AsyncSession, wanted: TrailFilter, actors: list[int] | None
) -> list[tuple[Any, ...]]:
    statement = (
        sa.select(
            col(RegistrationEvent.at), col(RegistrationEvent.action),
            col(RegistrationEvent.member_id), col(Unit.cluster_id), col(Unit.name),
            col(RegistrationEvent.note), col(Registration.year),
        )
        .join(Registration, col(Registration.id) == col(RegistrationEvent.registration_id))
        .join(Unit, col(Unit.id) == col(Registration.unit_id))
    )  # fmt: skip
    statement = _filtered(
        statement, col(RegistrationEvent.at), col(RegistrationEvent.member_id),
        col(Unit.cluster_id), wanted, actors,
    )  # fmt: skip
    rows = await _rows(session, statement)
    return [(at, REGISTRATION, action, actor, cluster, f"{unit} ({year})", "", "", note,
             None, None) for at, action, actor, cluster, unit, note, year in rows]  # fmt: skip


async def _scores(
    session: AsyncSession, wanted: TrailFilter, actors: list[int] | None
) -> list[tuple[Any, ...]]:
    statement = (
        sa.select(
            col(ScoreEvent.at), col(ScoreEvent.action), col(ScoreEvent.actor_id),
            col(ScoringTable.cluster_id), col(Unit.name), col(ScoreEvent.criterion_code),
            col(ScoreEvent.old_value), col(ScoreEvent.new_value), col(ScoreEvent.reason),
        )
        .join(ScoringTable, col(ScoringTable.id) == col(ScoreEvent.table_id))
        .outerjoin(UnitAssessment, col(UnitAssessment.id) == col(ScoreEvent.assessment_id))
        .outerjoin(Unit, col(Unit.id) == col(UnitAssessment.unit_id))
    )  # fmt: skip
    statement = _filtered(
        statement, col(ScoreEvent.at), col(ScoreEvent.actor_id), col(ScoringTable.cluster_id),
        wanted, actors,
    )  # fmt: skip
    rows = await _rows(session, statement)
    return [
        (at, SCORE, action, actor, cluster,
         " · ".join(part for part in (unit, criterion) if part), old or "", new or "",
         reason, None, None)
        for at, action, actor, cluster, unit, criterion, old, new, reason in rows
    ]  # fmt: skip


async def _entries(
    session: AsyncSession, wanted: TrailFilter, actors: list[int] | None, kinds: Sequence[str]
) -> list[tuple[Any, ...]]:
    statement = sa.select(
        col(AuditEntry.at), col(AuditEntry.kind), col(AuditEntry.action),
        col(AuditEntry.actor_id), col(AuditEntry.cluster_id), col(AuditEntry.subject),
        col(AuditEntry.old), col(AuditEntry.new), col(AuditEntry.reason),
    ).where(col(AuditEntry.kind).in_(kinds))  # fmt: skip
    statement = _filtered(
        statement, col(AuditEntry.at), col(AuditEntry.actor_id), col(AuditEntry.cluster_id),
        wanted, actors,
    )  # fmt: skip
    rows = await _rows(session, statement)
    return [(*row, None, None) for row in rows]


async def trail(
    *, session: AsyncSession, wanted: TrailFilter, limit: int = MAX_LINES
) -> list[TrailLine]:
    """Return the changes `wanted` lets through, newest first, at most `limit`."""
    actors = await _actors(session, wanted.person) if wanted.person.strip() else None
    kinds = wanted.kinds or frozenset(KINDS)
    rows: list[tuple[Any, ...]] = []
    if PLEDGE in kinds:
        rows += await _pledges(session, wanted, actors)
    if REGISTRATION in kinds:
        rows += await _registrations(session, wanted, actors)
    if SCORE in kinds:
        rows += await _scores(session, wanted, actors)
    own = [kind for kind in (ORGANISATION, SIGNIN, CONSOLE) if kind in kinds]
    if own:
        rows += await _entries(session, wanted, actors, own)
    rows.sort(key=lambda row: row[0], reverse=True)
    rows = rows[:limit]
    names = await _names(session, Member, {row[3] for row in rows if row[3] is not None})
    clusters = await _names(session, Cluster, {row[4] for row in rows if row[4] is not None})
    return [
        TrailLine(
            at=at, kind=kind, action=action, actor=names.get(actor, ""),
            cluster=clusters.get(cluster, ""), subject=subject or "", old=old, new=new,
            reason=reason or "", old_amount=a, new_amount=b,
        )
        for at, kind, action, actor, cluster, subject, old, new, reason, a, b in rows
    ]  # fmt: skip


async def _names(
    session: AsyncSession, table: type[Member] | type[Cluster], ids: set[int]
) -> dict[int, str]:
    if not ids:
        return {}
    name = col(Member.full_name) if table is Member else col(Cluster.name)
    key = col(Member.id) if table is Member else col(Cluster.id)
    rows = await _rows(session, sa.select(key, name).where(key.in_(ids)))
    return {row_id: text for row_id, text in rows}


async def _rows(session: AsyncSession, statement: sa.Executable) -> list[Any]:
    """Run a core statement (tuples, not models) on the session's connection."""
    connection = await session.connection()
    return list((await connection.execute(statement)).all())
