"""The states of a unit's emulation registration."""

from __future__ import annotations

from enum import StrEnum


class RegistrationStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"  # waiting for the cluster leader
    RETURNED = "returned"  # sent back with a reason; the unit corrects and resubmits
    ACCEPTED = "accepted"
