"""Write the console's audit entries and spend sign-in nonces."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.audit.models import AuditEntry, SignInNonce

# The kinds of the console's own entries (the trail adds the features' histories' kinds).
SIGNIN, ORGANISATION, CONSOLE = "signin", "organisation", "console"
SIGNED_IN, SIGNED_OUT = "signed_in", "signed_out"


async def record(
    *, session: AsyncSession, at: datetime, actor_id: int | None, kind: str, action: str,
    cluster_id: int | None = None, subject: str = "", old: str = "", new: str = "",
    reason: str = "",
) -> None:  # fmt: skip
    """Add one entry to the trail, in the caller's transaction."""
    session.add(AuditEntry(
        at=at, actor_id=actor_id, kind=kind, action=action, cluster_id=cluster_id,
        subject=subject[:300], old=old[:500], new=new[:500], reason=reason[:1000],
    ))  # fmt: skip
    await session.flush()


async def signed_out_since(*, session: AsyncSession, member_id: int, moment: datetime) -> bool:
    """Tell whether the person signed out (anywhere) from `moment` on: that ends every session
    they opened before, a copied cookie's too."""
    statement = select(col(AuditEntry.id)).where(
        col(AuditEntry.actor_id) == member_id, col(AuditEntry.kind) == SIGNIN,
        col(AuditEntry.action) == SIGNED_OUT, col(AuditEntry.at) >= moment,
    )  # fmt: skip
    return (await session.exec(statement.limit(1))).first() is not None


async def nonce_used(*, session: AsyncSession, nonce: str) -> bool:
    """Tell whether a sign-in link with this nonce was used already."""
    found = await session.exec(select(col(SignInNonce.nonce)).where(SignInNonce.nonce == nonce))
    return found.first() is not None


async def spend_nonce(*, session: AsyncSession, nonce: str, member_id: int, at: datetime) -> bool:
    """Record the nonce as used; False when it was used already.

    Two tabs opening one link at once both find it unused: the primary key lets one insert
    win and the other's transaction fail, so the link still opens one session only.
    """
    if await nonce_used(session=session, nonce=nonce):
        return False
    session.add(SignInNonce(nonce=nonce, member_id=member_id, used_at=at))
    await session.flush()
    return True
