"""Query functions for members and their channel identities."""

from __future__ import annotations

from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.people import Person
from domain.roles import Role
from storage.membership.models import Identity, Member


def _person(member: Member) -> Person:
    assert member.id is not None
    return Person(
        member_id=member.id,
        full_name=member.full_name,
        role=Role(member.role),
        locale=member.locale,
        active=member.active,
        unit_id=member.unit_id,
        led_cluster_id=member.cluster_id,
    )


async def get_person(*, session: AsyncSession, member_id: int) -> Person | None:
    """Return a member by id."""
    member = await session.get(Member, member_id)
    return _person(member) if member is not None else None


async def find_person(
    *, session: AsyncSession, channel: str, external_user_id: str
) -> Person | None:
    """Return the member behind a channel account, or None for a stranger."""
    statement = (
        select(Member)
        .join(Identity, col(Identity.member_id) == col(Member.id))
        .where(Identity.channel == channel, Identity.external_user_id == external_user_id)
    )
    member = (await session.exec(statement)).first()
    return _person(member) if member is not None else None


async def create_guest(
    *,
    session: AsyncSession,
    channel: str,
    external_user_id: str,
    chat_id: str,
    display_name: str,
    locale: str | None = None,
) -> Person:
    """Record someone who has not joined a unit yet, with their channel account."""
    member = Member(full_name=display_name[:200], role=Role.GUEST.value, locale=locale)
    session.add(member)
    await session.flush()
    assert member.id is not None
    session.add(
        Identity(
            member_id=member.id,
            channel=channel,
            external_user_id=external_user_id,
            chat_id=chat_id,
            display_name=display_name[:200],
        )
    )
    await session.flush()
    return _person(member)


async def set_locale(*, session: AsyncSession, member_id: int, locale: str) -> None:
    """Store the member's chosen language."""
    member = await session.get(Member, member_id)
    if member is None:
        raise LookupError(f"member {member_id} not found")
    member.locale = locale
    session.add(member)
    await session.flush()


async def attach_identity(
    *,
    session: AsyncSession,
    member_id: int,
    channel: str,
    external_user_id: str,
    chat_id: str,
    display_name: str,
) -> None:
    """Make this channel account belong to `member_id`; a guest row it leaves is retired."""
    statement = select(Identity).where(
        Identity.channel == channel, Identity.external_user_id == external_user_id
    )
    identity = (await session.exec(statement)).first()
    if identity is None:
        session.add(
            Identity(
                member_id=member_id,
                channel=channel,
                external_user_id=external_user_id,
                chat_id=chat_id,
                display_name=display_name[:200],
            )
        )
        await session.flush()
        return
    previous = identity.member_id
    identity.member_id, identity.chat_id = member_id, chat_id
    session.add(identity)
    await session.flush()
    if previous != member_id:
        old = await session.get(Member, previous)
        if old is not None and old.role == Role.GUEST.value:
            old.active = False  # kept, not deleted: nothing may point at a vanished row
            session.add(old)
            await session.flush()


async def update_membership(
    *,
    session: AsyncSession,
    member_id: int,
    full_name: str,
    role: str,
    unit_id: int | None,
    led_cluster_id: int | None,
) -> None:
    """Set a member's unit, role and name, and make them active."""
    member = await session.get(Member, member_id)
    if member is None:
        raise LookupError(f"member {member_id} not found")
    member.full_name, member.role, member.active = full_name[:200], role, True
    member.unit_id, member.cluster_id = unit_id, led_cluster_id
    session.add(member)
    await session.flush()


async def identities_of(*, session: AsyncSession, member_id: int) -> list[tuple[str, str]]:
    """Return the (channel, chat id) of every account of a member."""
    statement = select(Identity.channel, Identity.chat_id).where(Identity.member_id == member_id)
    return [(channel, chat) for channel, chat in (await session.exec(statement)).all()]


async def leave(*, session: AsyncSession, member_id: int) -> None:
    """Deactivate a member, forget their name and channel accounts; records stay with the unit."""
    member = await session.get(Member, member_id)
    if member is None:
        return
    member.active, member.full_name, member.locale = False, "", None
    session.add(member)
    await session.exec(delete(Identity).where(col(Identity.member_id) == member_id))
    await session.flush()


async def deactivate(*, session: AsyncSession, member_id: int) -> None:
    """Make a member inactive; their name and channel accounts stay (they are told why)."""
    member = await session.get(Member, member_id)
    if member is None:
        raise LookupError(f"member {member_id} not found")
    member.active = False
    session.add(member)
    await session.flush()


async def unclaimed(*, session: AsyncSession, roles: list[str]) -> list[Member]:
    """Return active members with these roles who have no channel account yet (imported)."""
    statement = (
        select(Member)
        .where(
            col(Member.active).is_(True),
            col(Member.role).in_(roles),
            ~col(Member.id).in_(select(Identity.member_id)),
        )
        .order_by(col(Member.id))
    )
    return list((await session.exec(statement)).all())
