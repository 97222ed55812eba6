"""Tables of the organisation and its people.

Province, clusters, units; members and their channel identities; invites, link codes and
the group chats linked to clusters; members' absences.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from domain.roles import ClusterKind, Role
from storage.db.times import utcnow


class Member(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    full_name: str = Field(default="", max_length=200)
    role: str = Field(default=Role.GUEST.value, max_length=16)
    locale: str | None = Field(default=None, max_length=8)
    active: bool = Field(default=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    # The cluster a leader or deputy leads; members belong to their unit's cluster.
    cluster_id: int | None = Field(default=None, foreign_key="cluster.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)


class Identity(SQLModel, table=True):
    """One member's account on one channel."""

    __table_args__ = (sa.UniqueConstraint("channel", "external_user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    channel: str = Field(max_length=16)
    external_user_id: str = Field(max_length=64)
    chat_id: str = Field(max_length=64)
    display_name: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


class Province(SQLModel, table=True):
    """The one province this deployment serves (a name can change, e.g. after a merger)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)


class Cluster(SQLModel, table=True):
    """A Cụm or Khối thi đua; `code` is the stable key the organisation file uses."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, unique=True)
    kind: str = Field(default=ClusterKind.CLUSTER.value, max_length=8)
    name: str = Field(max_length=200)
    short_name: str | None = Field(default=None, max_length=80)  # «Cụm Kinh tế», for charts
    created_at: datetime = Field(default_factory=utcnow)


class Unit(SQLModel, table=True):
    """A member unit of a cluster; `headcount` is the staff the targets are measured by."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, unique=True)
    name: str = Field(max_length=200)
    short_name: str | None = Field(default=None, max_length=80)  # «UBND phường Quy Nhơn»
    cluster_id: int = Field(foreign_key="cluster.id", index=True)
    headcount: int = Field(default=0, ge=0)
    created_at: datetime = Field(default_factory=utcnow)


class Invite(SQLModel, table=True):
    """An invite code: joins a unit with a role, or claims a member row made by an import."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=16, unique=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    cluster_id: int | None = Field(default=None, foreign_key="cluster.id")
    role: str = Field(max_length=16)
    member_id: int | None = Field(default=None, foreign_key="member.id")  # a claim code
    created_by: int | None = Field(default=None, foreign_key="member.id")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    max_uses: int = Field(default=50, ge=1)
    uses: int = Field(default=0, ge=0)


class LinkCode(SQLModel, table=True):
    """A one-time code that joins a second channel's account to the same member."""

    code: str = Field(primary_key=True, max_length=16)
    member_id: int = Field(foreign_key="member.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


class GroupLink(SQLModel, table=True):
    """A group chat linked to a cluster; it receives the cluster's announcements."""

    __table_args__ = (sa.UniqueConstraint("channel", "chat_id"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=16)
    chat_id: str = Field(max_length=64)
    title: str = Field(default="", max_length=200)
    cluster_id: int = Field(foreign_key="cluster.id", index=True)
    linked_by: int | None = Field(default=None, foreign_key="member.id")
    created_at: datetime = Field(default_factory=utcnow)


class Absence(SQLModel, table=True):
    """A member away for a while (domain.membership.absence), from `start` to `end` included.

    Reminders and nudges look up "is this member away today" per member: hence the index.
    """

    __table_args__ = (sa.Index("ix_absence_member_span", "member_id", "start", "end"),)

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id")
    reason: str = Field(max_length=16)  # an AbsenceReason value
    start: date
    end: date
    set_by: int | None = Field(default=None, foreign_key="member.id")
    created_at: datetime = Field(default_factory=utcnow)
