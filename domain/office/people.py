"""The office's People: which roles it hands out, a reason's length, how an erasure is typed.

Decree 13/2023/NĐ-CP on personal data protection: a person may ask for their data (an export)
or for it to be erased. An erasure keeps the figures that were counted (pledges, reports,
absences) so that a unit's and a cluster's totals still add up; it removes the name, the
channel accounts and the free texts the person wrote.
"""

from __future__ import annotations

from domain.refusals import PeopleRefusal
from domain.roles import Role
from domain.text import fold

# What the console hands out; the admin's own role comes with the organisation file only.
ASSIGNABLE = (Role.MEMBER, Role.REPORTER, Role.DEPUTY, Role.LEADER)
MIN_REASON = 3  # characters: "QĐ 7" passes, "x" does not
MAX_REASON = 500
ERASED_NAME = "Đã xoá"  # stored in place of an erased person's name
CONFIRM_WORD = "XOÁ"  # typed to confirm an erasure (with or without its accent)
SHOWN_CHARS = 4  # of a channel account's id, the rest masked


def reason_problem(text: str) -> PeopleRefusal | None:
    """Return why a typed reason cannot be used, or None when it can."""
    words = " ".join(text.split())
    if len(words) < MIN_REASON:
        return PeopleRefusal.NO_REASON
    if len(words) > MAX_REASON:
        return PeopleRefusal.TOO_LONG
    return None


def confirmed(typed: str) -> bool:
    """Tell whether the erasure's confirmation was typed ("xoá", "XOA", any case)."""
    return fold(typed) == fold(CONFIRM_WORD)


def masked(account_id: str) -> str:
    """Return a channel account's id with all but its last characters hidden: "•••• 4567"."""
    if len(account_id) <= SHOWN_CHARS:
        return "••••"
    return "•••• " + account_id[-SHOWN_CHARS:]


def subject(member_id: int, name: str = "") -> str:
    """Return the trail's subject for a person: their id first, so that the lines about them
    are found again (an export) and their name is taken out of them (an erasure)."""
    return f"#{member_id} {name}".strip()
