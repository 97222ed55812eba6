"""Role names as people read them, in their language."""

from __future__ import annotations

from bot.i18n import N_, Translator
from storage.models import Role

ROLE_NAMES = {
    Role.GUEST: N_("khách (chưa tham gia)"),
    Role.MEMBER: N_("thành viên"),
    Role.REPORTER: N_("đầu mối đơn vị"),
    Role.DEPUTY: N_("Phó Trưởng cụm, khối"),
    Role.LEADER: N_("Trưởng cụm, khối"),
    Role.ADMIN: N_("quản trị (Ban Thi đua - Khen thưởng)"),
}


def role_name(t: Translator, role: Role) -> str:
    """Return the role's name in the translator's language."""
    return t._(ROLE_NAMES[role])
