"""Tables of the audit trail: what was done in the office console, and the sign-in nonces."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.db.times import utcnow


class AuditEntry(SQLModel, table=True):
    """One act recorded for the trail: who, what, when, from what to what, and why."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: int | None = Field(default=None, foreign_key="member.id")
    kind: str = Field(max_length=16)  # storage.audit.queries' kinds: signin, organisation …
    action: str = Field(max_length=32)
    # No foreign key: the trail outlives a cluster the organisation later takes away.
    cluster_id: int | None = Field(default=None, index=True)
    subject: str = Field(default="", max_length=300)
    old: str = Field(default="", max_length=500)
    new: str = Field(default="", max_length=500)
    reason: str = Field(default="", max_length=1000)


class SignInNonce(SQLModel, table=True):
    """A sign-in link used: its nonce, so that the same link never opens a second session."""

    nonce: str = Field(primary_key=True, max_length=32)
    member_id: int = Field(foreign_key="member.id")
    used_at: datetime = Field(default_factory=utcnow)
