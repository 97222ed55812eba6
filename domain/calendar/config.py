"""The calendar section of the province's configuration (`config/calendar.yaml`)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field, field_validator, model_validator

from domain.calendar.occasions import DEFAULT_ANNIVERSARIES, Anniversary, load_anniversaries


class Audience(StrEnum):
    LEADERS = "leaders"  # cluster leaders and deputies
    REPORTERS = "reporters"  # unit reporters
    MEMBERS = "members"  # every active member
    GROUPS = "groups"  # group chats linked to a cluster


class Rule(BaseModel):
    """When and to whom one kind of occasion is announced."""

    offsets_days: list[int] = Field(default_factory=lambda: [7, 1, 0])
    hour: int = Field(default=8, ge=0, le=23)
    minute: int = Field(default=0, ge=0, le=59)
    audience: list[Audience] = Field(default_factory=lambda: [Audience.LEADERS])

    @field_validator("offsets_days")
    @classmethod
    def _offsets(cls, value: list[int]) -> list[int]:
        if any(offset < 0 or offset > 60 for offset in value):
            raise ValueError("offsets are days before the event, from 0 to 60")
        return sorted(set(value), reverse=True)


class CalendarConfig(BaseModel):
    """Anniversaries, reminder rules, quiet hours and the catch-up window after a restart."""

    anniversaries: list[dict[str, Any]] | None = None  # None: the five national ones of the plan
    deadlines: Rule = Field(
        default_factory=lambda: Rule(audience=[Audience.LEADERS, Audience.REPORTERS])
    )
    anniversary_reminders: Rule = Field(
        default_factory=lambda: Rule(offsets_days=[7, 1], audience=[Audience.LEADERS])
    )
    anniversary_greetings: Rule = Field(
        default_factory=lambda: Rule(
            offsets_days=[0], audience=[Audience.MEMBERS, Audience.GROUPS]
        )
    )
    # Nudges before each phase deadline and the registration deadline, to those not done yet.
    nudges: Rule = Field(default_factory=lambda: Rule(offsets_days=[7, 1], hour=9, audience=[]))
    quiet_from: int = Field(default=21, ge=0, le=23)  # nothing is sent from this hour…
    quiet_until: int = Field(default=7, ge=0, le=23)  # …until this one
    grace_hours: int = Field(default=12, ge=0, le=72)

    def is_quiet(self, hour: int) -> bool:
        """Tell whether a local hour falls in the quiet hours."""
        if self.quiet_from == self.quiet_until:
            return False
        if self.quiet_from > self.quiet_until:  # the usual case: overnight
            return hour >= self.quiet_from or hour < self.quiet_until
        return self.quiet_from <= hour < self.quiet_until

    @model_validator(mode="after")
    def _rules_outside_quiet_hours(self) -> CalendarConfig:
        for name in ("deadlines", "anniversary_reminders", "anniversary_greetings", "nudges"):
            rule: Rule = getattr(self, name)
            if self.is_quiet(rule.hour):
                raise ValueError(f"{name}: {rule.hour}:00 falls in the quiet hours")
        self.loaded_anniversaries()  # a bad entry stops the start, with its reason
        return self

    def loaded_anniversaries(self) -> tuple[Anniversary, ...]:
        """Return the configured anniversaries, or the plan's five national ones."""
        if self.anniversaries is None:
            return DEFAULT_ANNIVERSARIES
        return load_anniversaries(self.anniversaries)
