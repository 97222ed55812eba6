"""Tables of the "Vì người nghèo" fund: pledges, unit collections, their history, salaries."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from domain.pledge.rules import PledgeStatus
from storage.db.times import utcnow


class Pledge(SQLModel, table=True):
    """One member's pledge for one campaign year; the unit is fixed when it is made."""

    __table_args__ = (
        sa.UniqueConstraint("campaign_year", "member_id"),
        sa.Index("ix_pledge_campaign_unit_status", "campaign_year", "unit_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    campaign_year: int
    member_id: int = Field(foreign_key="member.id")
    unit_id: int = Field(foreign_key="unit.id")
    amount: int = Field(sa_type=sa.BigInteger)  # whole đồng
    status: str = Field(default=PledgeStatus.PLEDGED.value, max_length=16)
    receipt_ref: str | None = Field(default=None, max_length=500)  # the channel's file id/URL
    # What the bank transfers matched to it brought; None: no transfer matched (paid by hand).
    paid_amount: int | None = Field(default=None, sa_type=sa.BigInteger)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class UnitCollection(SQLModel, table=True):
    """What a unit collected outside the bot (trade union), from people with no pledge here."""

    __table_args__ = (sa.UniqueConstraint("campaign_year", "unit_id"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_year: int
    unit_id: int = Field(foreign_key="unit.id", index=True)
    amount: int = Field(sa_type=sa.BigInteger)  # whole đồng, already collected
    contributors: int = Field(ge=0)
    recorded_by: int = Field(foreign_key="member.id")
    updated_at: datetime = Field(default_factory=utcnow)


class PledgeEvent(SQLModel, table=True):
    """One change of a pledge or a unit collection: who, when, from what to what."""

    id: int | None = Field(default=None, primary_key=True)
    pledge_id: int | None = Field(default=None, foreign_key="pledge.id", index=True)
    collection_id: int | None = Field(default=None, foreign_key="unitcollection.id", index=True)
    actor_id: int | None = Field(default=None, foreign_key="member.id")  # None: the bank
    action: str = Field(max_length=16)
    old_amount: int | None = Field(default=None, sa_type=sa.BigInteger)
    new_amount: int | None = Field(default=None, sa_type=sa.BigInteger)
    old_status: str | None = Field(default=None, max_length=16)
    new_status: str | None = Field(default=None, max_length=16)
    # The bank line behind a change made by matching a transfer.
    bank_transaction_id: int | None = Field(default=None, foreign_key="banktransaction.id")
    at: datetime = Field(default_factory=utcnow)


class MemberSalary(SQLModel, table=True):
    """A monthly salary the member asked the bot to remember (personal data: only by consent)."""

    member_id: int = Field(foreign_key="member.id", primary_key=True)
    monthly: int = Field(sa_type=sa.BigInteger)
    updated_at: datetime = Field(default_factory=utcnow)
