"""Claim codes still to be used: the people an import created who have not joined yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.membership.models import Cluster, Invite, Member
from storage.membership.people import unclaimed


@dataclass(frozen=True, slots=True)
class Unclaimed:
    """A person on record with no channel account, and their live claim code if any."""

    member_id: int
    name: str
    role: str
    cluster: str  # the cluster they lead, "" for an admin
    code: str | None
    expires_at: datetime | None


async def unclaimed_with_codes(
    *, session: AsyncSession, roles: list[str], now: datetime
) -> list[Unclaimed]:
    """Return the unclaimed people with these roles, each with their newest live code."""
    people = await unclaimed(session=session, roles=roles)
    ids = [p.id for p in people if p.id is not None]
    live = (
        select(Invite)
        .where(col(Invite.member_id).in_(ids), col(Invite.expires_at) > now,
               col(Invite.uses) < col(Invite.max_uses))
        .order_by(col(Invite.id))
    )  # fmt: skip
    codes = {i.member_id: i for i in (await session.exec(live)).all()}  # the newest wins
    names = {c.id: c.name for c in (await session.exec(select(Cluster))).all()}
    return [
        Unclaimed(
            member_id=p.id, name=p.full_name, role=p.role,
            cluster=names.get(p.cluster_id, "") if p.cluster_id else "",
            code=codes[p.id].code if p.id in codes else None,
            expires_at=codes[p.id].expires_at if p.id in codes else None,
        )
        for p in people
        if p.id is not None
    ]  # fmt: skip


async def member_rows(*, session: AsyncSession, ids: list[int]) -> list[Member]:
    """Return the members with these ids (to make their codes)."""
    return list((await session.exec(select(Member).where(col(Member.id).in_(ids)))).all())
