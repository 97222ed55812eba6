"""Query functions for invite codes and cross-channel link codes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.membership.models import Invite, LinkCode

# No 0/O, 1/I/L: codes are read aloud and typed on phones.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_code() -> str:
    """Return a random code that is easy to read and type."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str | None:
    """Return `text` as a code if it could be one ("abcd-2345" → "ABCD2345"), else None."""
    candidate = "".join(text.split()).replace("-", "").upper()
    if len(candidate) == CODE_LENGTH and all(c in ALPHABET for c in candidate):
        return candidate
    return None


@dataclass(frozen=True, slots=True)
class InviteInfo:
    id: int
    code: str
    unit_id: int | None
    cluster_id: int | None
    role: str
    member_id: int | None
    expires_at: datetime
    max_uses: int
    uses: int


async def create_invite(
    *,
    session: AsyncSession,
    unit_id: int | None,
    cluster_id: int | None,
    role: str,
    created_by: int | None,
    expires_at: datetime,
    max_uses: int,
    member_id: int | None = None,
) -> InviteInfo:
    """Store a new invite and return it."""
    invite = Invite(
        code=new_code(),
        unit_id=unit_id,
        cluster_id=cluster_id,
        role=role,
        member_id=member_id,
        created_by=created_by,
        expires_at=expires_at,
        max_uses=max_uses,
    )
    session.add(invite)
    await session.flush()
    return _info(invite)


def _info(invite: Invite) -> InviteInfo:
    assert invite.id is not None
    return InviteInfo(
        id=invite.id,
        code=invite.code,
        unit_id=invite.unit_id,
        cluster_id=invite.cluster_id,
        role=invite.role,
        member_id=invite.member_id,
        expires_at=invite.expires_at,
        max_uses=invite.max_uses,
        uses=invite.uses,
    )


async def find_invite(*, session: AsyncSession, code: str) -> InviteInfo | None:
    """Return the invite with this code, whatever its state."""
    invite = (await session.exec(select(Invite).where(Invite.code == code))).first()
    return _info(invite) if invite is not None else None


async def use_invite(*, session: AsyncSession, invite_id: int, now: datetime) -> bool:
    """Count one use; False when the invite expired or ran out meanwhile (checked in SQL)."""
    result = await session.exec(
        update(Invite)
        .where(
            col(Invite.id) == invite_id,
            col(Invite.uses) < col(Invite.max_uses),
            col(Invite.expires_at) > now,
        )
        .values(uses=col(Invite.uses) + 1)
    )
    return bool(result.rowcount)


async def create_link_code(*, session: AsyncSession, member_id: int, expires_at: datetime) -> str:
    """Store a one-time link code for a member and return it."""
    code = new_code()
    session.add(LinkCode(code=code, member_id=member_id, expires_at=expires_at))
    await session.flush()
    return code


async def redeem_link_code(*, session: AsyncSession, code: str, now: datetime) -> int | None:
    """Mark a link code used and return its member; None if unknown, used or expired."""
    result = await session.exec(
        update(LinkCode)
        .where(
            col(LinkCode.code) == code,
            col(LinkCode.used_at).is_(None),
            col(LinkCode.expires_at) > now,
        )
        .values(used_at=now)
    )
    if not result.rowcount:
        return None
    link = await session.get(LinkCode, code)
    return link.member_id if link is not None else None


async def link_code_exists(*, session: AsyncSession, code: str) -> bool:
    """Return whether a link code with this value was ever issued."""
    return await session.get(LinkCode, code) is not None
