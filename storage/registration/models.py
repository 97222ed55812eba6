"""Tables of the units' emulation registrations (targets, titles, reward forms), with history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from domain.registration.states import RegistrationStatus
from storage.db.times import utcnow


class Registration(SQLModel, table=True):
    """A unit's emulation targets, titles and reward forms for one year."""

    __table_args__ = (sa.UniqueConstraint("unit_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id")
    year: int
    status: str = Field(default=RegistrationStatus.DRAFT.value, max_length=16, index=True)
    # [{"text": "PCI tăng 2 bậc", "number": 2, "unit": "bậc"}]
    targets: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    titles: list[str] = Field(default_factory=list, sa_type=sa.JSON)  # catalogue keys
    rewards: list[str] = Field(default_factory=list, sa_type=sa.JSON)  # catalogue keys
    return_reason: str = Field(default="", max_length=500)
    submitted_at: datetime | None = None
    reviewed_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class RegistrationEvent(SQLModel, table=True):
    """Every change of a registration: what, by whom, when (and the reason of a return)."""

    id: int | None = Field(default=None, primary_key=True)
    registration_id: int = Field(foreign_key="registration.id", index=True)
    action: str = Field(max_length=16)  # targets, titles, rewards, submitted, returned, accepted
    member_id: int = Field(foreign_key="member.id")
    note: str = Field(default="", max_length=500)
    at: datetime = Field(default_factory=utcnow)
