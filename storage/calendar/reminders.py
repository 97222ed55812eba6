"""Query functions for reminders: deciding an occasion once, and fanning it out in bulk."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.sqltypes import UTCDateTime

from domain.roles import Role
from storage.calendar.models import ReminderRun
from storage.db.statements import dialect_insert
from storage.membership.absences import away_on
from storage.membership.models import GroupLink, Identity, Member, Unit
from storage.outbox.models import Outbox, OutboxStatus


async def _insert(session: AsyncSession) -> Any:
    # Both dialects' insert() offer on_conflict_do_nothing; plain SQL's does not.
    dialect = (await session.connection()).dialect.name
    return dialect_insert(dialect)


async def decided(*, session: AsyncSession, occasion_ids: Iterable[str]) -> set[str]:
    """Return which of these occasions were already sent or skipped."""
    ids = list(occasion_ids)
    if not ids:
        return set()
    statement = select(ReminderRun.occasion_id).where(col(ReminderRun.occasion_id).in_(ids))
    return set((await session.exec(statement)).all())


async def claim_occasion(
    *, session: AsyncSession, occasion_id: str, status: str, now: datetime
) -> bool:
    """Record the decision for an occasion; False when another process decided it first."""
    insert = await _insert(session)
    statement = (
        insert(ReminderRun)
        .values(occasion_id=occasion_id, status=status, recipients=0, decided_at=now)
        .on_conflict_do_nothing(index_elements=["occasion_id"])
    )
    return bool((await session.exec(statement)).rowcount)


async def skip_occasions(
    *, session: AsyncSession, occasion_ids: list[str], now: datetime
) -> list[str]:
    """Record these occasions as skipped, in one statement; return those decided here.

    A first start finds a year of occasions past their grace: one statement, not one
    transaction each. Ids another process decided first are left out of the answer.
    """
    if not occasion_ids:
        return []
    insert = await _insert(session)
    rows = [
        {"occasion_id": id, "status": "skipped", "recipients": 0, "decided_at": now}
        for id in occasion_ids
    ]
    statement = (
        insert(ReminderRun)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["occasion_id"])
        .returning(col(ReminderRun.occasion_id))
    )
    claimed = set((await session.exec(statement)).scalars().all())
    return [id for id in occasion_ids if id in claimed]


async def count_recipients(*, session: AsyncSession, occasion_id: str, recipients: int) -> None:
    """Store how many messages an occasion queued."""
    await session.exec(
        sa.update(ReminderRun)
        .where(col(ReminderRun.occasion_id) == occasion_id)
        .values(recipients=recipients)
    )


async def fan_out_to_members(
    *,
    session: AsyncSession,
    key_prefix: str,
    texts: dict[str, str],
    default_locale: str,
    not_before: datetime,
    roles: Iterable[Role],
    led_cluster_id: int | None = None,
    unit_cluster_id: int | None = None,
    only_member_ids: Iterable[int] | None = None,
    present_on: date | None = None,
) -> int:
    """Queue one message per account of the matching active members, in one statement.

    With `present_on`, members away that day (on leave, on a course…) are left out: the
    calendar's reminders and nudges leave them in peace.
    """
    text = sa.case(
        *((col(Member.locale) == locale, body) for locale, body in texts.items()),
        else_=texts[default_locale],
    )
    key = sa.literal(f"{key_prefix}:") + col(Identity.channel) + ":" + col(Identity.chat_id)
    query = (
        sa.select(
            key,
            col(Identity.channel),
            col(Identity.chat_id),
            col(Member.id),
            text,
            sa.literal(OutboxStatus.PENDING.value),
            sa.literal(0),
            sa.literal(not_before, UTCDateTime()),
            sa.literal(not_before, UTCDateTime()),
            sa.literal(""),
        )
        .join(Identity, col(Identity.member_id) == col(Member.id))
        .where(col(Member.active).is_(True), col(Member.role).in_([r.value for r in roles]))
    )
    if led_cluster_id is not None:
        query = query.where(col(Member.cluster_id) == led_cluster_id)
    if unit_cluster_id is not None:
        query = query.join(Unit, col(Unit.id) == col(Member.unit_id)).where(
            col(Unit.cluster_id) == unit_cluster_id
        )
    if only_member_ids is not None:
        query = query.where(col(Member.id).in_(list(only_member_ids)))
    if present_on is not None:
        query = query.where(~away_on(col(Member.id), present_on))
    insert = await _insert(session)
    columns = ["key", "channel", "chat_id", "member_id", "text", "status", "attempts",
               "not_before", "created_at", "last_error"]  # fmt: skip
    statement = (
        insert(Outbox).from_select(columns, query).on_conflict_do_nothing(index_elements=["key"])
    )
    return int((await session.exec(statement)).rowcount or 0)


async def fan_out_to_groups(
    *,
    session: AsyncSession,
    key_prefix: str,
    text: str,
    not_before: datetime,
    cluster_id: int | None = None,
) -> int:
    """Queue one message per linked group chat (of one cluster, or of all)."""
    query = select(GroupLink.channel, GroupLink.chat_id)
    if cluster_id is not None:
        query = query.where(GroupLink.cluster_id == cluster_id)
    insert = await _insert(session)
    added = 0
    for channel, chat_id in (await session.exec(query)).all():
        statement = (
            insert(Outbox)
            .values(
                key=f"{key_prefix}:{channel}:{chat_id}", channel=channel, chat_id=chat_id,
                member_id=None, text=text, status=OutboxStatus.PENDING.value, attempts=0,
                not_before=not_before, created_at=not_before, last_error="",
            )
            .on_conflict_do_nothing(index_elements=["key"])
        )  # fmt: skip
        added += int((await session.exec(statement)).rowcount or 0)
    return added
