"""Query functions for members and their channel identities."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import Identity, Member, Role


@dataclass(frozen=True, slots=True)
class Person:
    """A member as handlers see it: plain data, no live session behind it."""

    member_id: int
    full_name: str
    role: Role
    locale: str | None
    active: bool


def _person(member: Member) -> Person:
    assert member.id is not None
    return Person(
        member_id=member.id,
        full_name=member.full_name,
        role=Role(member.role),
        locale=member.locale,
        active=member.active,
    )


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
