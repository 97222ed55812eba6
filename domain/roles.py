"""Who people are to the bot: the roles, the kinds of grouping, and the roles' names."""

from __future__ import annotations

from enum import StrEnum

from domain.text import N_, Translates


class Role(StrEnum):
    GUEST = "guest"  # talked to the bot, not yet a member of a unit
    MEMBER = "member"
    REPORTER = "reporter"  # unit reporter / unit head
    DEPUTY = "deputy"  # cluster deputy leader
    LEADER = "leader"  # cluster leader
    ADMIN = "admin"  # province emulation board


class ClusterKind(StrEnum):
    CLUSTER = "cum"  # Cụm thi đua
    BLOC = "khoi"  # Khối thi đua


ROLE_NAMES = {
    Role.GUEST: N_("khách (chưa tham gia)"),
    Role.MEMBER: N_("thành viên"),
    Role.REPORTER: N_("đầu mối đơn vị"),
    Role.DEPUTY: N_("Phó Trưởng cụm, khối"),
    Role.LEADER: N_("Trưởng cụm, khối"),
    Role.ADMIN: N_("quản trị (Ban Thi đua - Khen thưởng)"),
}
LEADERSHIP = (Role.LEADER, Role.DEPUTY)


def role_name(t: Translates, role: Role) -> str:
    """Return the role's name in the translator's language."""
    return t._(ROLE_NAMES[role])
