"""Tables of the covenant (giao ước thi đua) and the launch plan: one of each per cluster and year.

A covenant is a draft until its leader opens it for signing (`opened_at`); each unit signs it
once (the unique pair makes a double tap, or two reporters of one unit, a single signature).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from storage.db.times import utcnow


class Covenant(SQLModel, table=True):
    """A cluster's covenant for one year: its text, or the Word file it was sent as."""

    __table_args__ = (sa.UniqueConstraint("cluster_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    cluster_id: int = Field(foreign_key="cluster.id")
    year: int
    text: str = Field(sa_type=sa.Text)  # typed, or read from the file (what signers are shown)
    file_name: str = Field(default="", max_length=200)
    file_content: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    started_by: int = Field(foreign_key="member.id")
    created_at: datetime = Field(default_factory=utcnow)
    opened_at: datetime | None = None  # None: a draft only its leaders see


class CovenantSignature(SQLModel, table=True):
    """One unit's signature: who signed, as its head or on the head's behalf, and when."""

    __table_args__ = (sa.UniqueConstraint("covenant_id", "unit_id"),)

    id: int | None = Field(default=None, primary_key=True)
    covenant_id: int = Field(foreign_key="covenant.id", index=True)
    unit_id: int = Field(foreign_key="unit.id")
    member_id: int = Field(foreign_key="member.id")
    signer_name: str = Field(max_length=200)  # as it was when signed: the record's name
    signer: str = Field(max_length=16)  # domain.covenant.rules.Signer
    signed_at: datetime = Field(default_factory=utcnow)


class LaunchPlan(SQLModel, table=True):
    """A cluster's launch plan for one year, as announced: members download this document."""

    __table_args__ = (sa.UniqueConstraint("cluster_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    cluster_id: int = Field(foreign_key="cluster.id")
    year: int
    content: bytes = Field(sa_type=sa.LargeBinary)
    announced_by: int = Field(foreign_key="member.id")
    announced_at: datetime = Field(default_factory=utcnow)
