"""A person as every layer sees them: plain data, no live session behind it."""

from __future__ import annotations

from dataclasses import dataclass

from domain.roles import Role


@dataclass(frozen=True, slots=True)
class Person:
    """A member as handlers see it: plain data, no live session behind it."""

    member_id: int
    full_name: str
    role: Role
    locale: str | None
    active: bool
    unit_id: int | None = None
    led_cluster_id: int | None = None  # the cluster a leader or deputy leads

    @property
    def is_member(self) -> bool:
        """Return whether this person has joined (a guest or someone who left has not)."""
        return self.active and self.role is not Role.GUEST
