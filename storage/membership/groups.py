"""Query functions for group chats linked to clusters."""

from __future__ import annotations

from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.db.times import utcnow
from storage.membership.models import GroupLink


async def link_group(
    *,
    session: AsyncSession,
    channel: str,
    chat_id: str,
    title: str,
    cluster_id: int,
    linked_by: int,
) -> None:
    """Link a group chat to a cluster, replacing an earlier link of the same chat."""
    statement = select(GroupLink).where(GroupLink.channel == channel, GroupLink.chat_id == chat_id)
    link = (await session.exec(statement)).first() or GroupLink(
        channel=channel, chat_id=chat_id, cluster_id=cluster_id
    )
    link.title, link.cluster_id, link.linked_by, link.created_at = (
        title[:200],
        cluster_id,
        linked_by,
        utcnow(),
    )
    session.add(link)
    await session.flush()


async def unlink_group(*, session: AsyncSession, channel: str, chat_id: str) -> bool:
    """Remove a group chat's link; return whether there was one."""
    result = await session.exec(
        delete(GroupLink).where(
            col(GroupLink.channel) == channel, col(GroupLink.chat_id) == chat_id
        )
    )
    return bool(result.rowcount)


async def groups_of_cluster(*, session: AsyncSession, cluster_id: int) -> list[tuple[str, str]]:
    """Return the (channel, chat id) of the group chats linked to a cluster."""
    statement = select(GroupLink.channel, GroupLink.chat_id).where(
        GroupLink.cluster_id == cluster_id
    )
    return [(channel, chat) for channel, chat in (await session.exec(statement)).all()]
