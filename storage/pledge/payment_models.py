"""Money that reached the fund's account: one row per bank transaction, matched or not."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from storage.db.times import utcnow


class BankTransaction(SQLModel, table=True):
    """A credit from a statement or a bank-notification webhook; the bank's reference is unique.

    The unique reference is what makes importing a statement twice change nothing.
    """

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=120, unique=True)
    source: str = Field(max_length=200)  # "sao-ke.xlsx, dòng 7" or "sepay 92704"
    booked_on: date
    amount: int = Field(sa_type=sa.BigInteger)  # whole đồng
    description: str = Field(max_length=500)
    # The cluster whose treasurers see the line; None: the admin's (a province-wide account).
    cluster_id: int | None = Field(default=None, foreign_key="cluster.id", index=True)
    pledge_id: int | None = Field(default=None, foreign_key="pledge.id", index=True)
    status: str = Field(max_length=16)  # matched, unmatched, ignored
    imported_by: int | None = Field(default=None, foreign_key="member.id")
    created_at: datetime = Field(default_factory=utcnow)
