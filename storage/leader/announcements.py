"""Query functions for announcements and their delivery reports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement
from sqlmodel import col, func, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.roles import Role
from storage.leader.models import Announcement
from storage.membership.models import GroupLink, Identity, Member, Unit
from storage.outbox.models import Outbox, OutboxStatus
from storage.outbox.queries import SENDING

WAITING = (OutboxStatus.PENDING.value, SENDING)


def _in_cluster(cluster_id: int) -> ColumnElement[bool]:
    # Members of the cluster's units, and the leaders of the cluster wherever they work.
    return or_(
        col(Member.unit_id).in_(select(Unit.id).where(Unit.cluster_id == cluster_id)),
        col(Member.cluster_id) == cluster_id,
    )


async def audience_by_channel(*, session: AsyncSession, cluster_id: int) -> dict[str, int]:
    """Count the accounts an announcement to the cluster reaches, per channel."""
    statement = (
        select(Identity.channel, func.count())
        .join(Member, col(Member.id) == col(Identity.member_id))
        .where(
            col(Member.active).is_(True),
            col(Member.role) != Role.GUEST.value,
            _in_cluster(cluster_id),
        )
        .group_by(col(Identity.channel))
    )
    return {channel: count for channel, count in (await session.exec(statement)).all()}


async def group_count(*, session: AsyncSession, cluster_id: int) -> int:
    """Count the group chats linked to the cluster."""
    statement = (
        select(func.count()).select_from(GroupLink).where(GroupLink.cluster_id == cluster_id)
    )
    return int((await session.exec(statement)).one())


async def create_announcement(
    *, session: AsyncSession, cluster_id: int, author_id: int, text: str, now: datetime
) -> int:
    """Store an announcement and return its id."""
    row = Announcement(cluster_id=cluster_id, author_id=author_id, text=text, created_at=now)
    session.add(row)
    await session.flush()
    assert row.id is not None
    return row.id


async def finished_unreported(*, session: AsyncSession) -> list[tuple[int, int]]:
    """Return (announcement id, author id) of announcements fully delivered but not reported."""
    rows = (
        await session.exec(
            select(Announcement.id, Announcement.author_id).where(
                col(Announcement.reported_at).is_(None)
            )
        )
    ).all()
    done = []
    for announcement_id, author_id in rows:
        assert announcement_id is not None
        waiting = select(func.count()).where(
            col(Outbox.key).startswith(f"ann:{announcement_id}:"),
            col(Outbox.status).in_(WAITING),
        )
        if int((await session.exec(waiting)).one()) == 0:
            done.append((announcement_id, author_id))
    return done


async def mark_reported(*, session: AsyncSession, announcement_id: int, now: datetime) -> None:
    """Record that the author got the delivery report."""
    row = await session.get(Announcement, announcement_id)
    if row is not None:
        row.reported_at = now
        session.add(row)
        await session.flush()
