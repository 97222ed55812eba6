"""Who may do what with a pledge: checked on the server for every action, never trusted."""

from __future__ import annotations

from storage.models import Role
from storage.people import Person
from storage.pledges import PledgeInfo

LEADERSHIP = (Role.LEADER, Role.DEPUTY)


def may_confirm(person: Person, unit_id: int, cluster_id: int) -> bool:
    """Tell whether the person confirms payments of that unit (reporter, its leaders, admin)."""
    if not person.is_member:
        return False
    if person.role is Role.ADMIN:
        return True
    if person.role is Role.REPORTER:
        return person.unit_id == unit_id
    return person.role in LEADERSHIP and person.led_cluster_id == cluster_id


def may_mark_paid(person: Person, pledge: PledgeInfo) -> bool:
    """Tell whether the person may say this pledge was paid (its member, unit reporter, admin)."""
    if not person.is_member:
        return False
    if person.member_id == pledge.member_id or person.role is Role.ADMIN:
        return True
    return person.role is Role.REPORTER and person.unit_id == pledge.unit_id


def may_record(person: Person, unit_id: int) -> bool:
    """Tell whether the person records what the unit collected (its reporter, admin)."""
    if not person.is_member:
        return False
    return person.role is Role.ADMIN or (
        person.role is Role.REPORTER and person.unit_id == unit_id
    )


def reviews(person: Person) -> bool:
    """Tell whether the person's role confirms payments at all (the menu offers it)."""
    return person.is_member and (person.role in (Role.REPORTER, Role.ADMIN, *LEADERSHIP))
