"""Nudges: who in a cluster has not yet done what is due, and the words they receive."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogs, Translator
from bot.reminders.texts import ROMAN
from domain.calendar.occasions import phase_of
from domain.roles import Role
from domain.text import N_
from storage.calendar.reminders import fan_out_to_members
from storage.cluster import nudges

EVERYONE = (Role.MEMBER, Role.REPORTER, Role.DEPUTY, Role.LEADER, Role.ADMIN)


class NudgeKind(StrEnum):
    PLEDGE = "pledge"  # members with no pledge this year
    REPORT = "report"  # reporters of units with no activity report in the phase
    REGISTER = "register"  # reporters of units not yet registered, before the deadline


LABELS = {
    NudgeKind.PLEDGE: N_("Chưa đăng ký ủng hộ Quỹ “Vì người nghèo”"),
    NudgeKind.REPORT: N_("Đơn vị chưa báo cáo hoạt động trong đợt (nhắc đầu mối)"),
    NudgeKind.REGISTER: N_("Đơn vị chưa gửi đăng ký thi đua (nhắc đầu mối)"),
}


async def who(
    session: AsyncSession, cluster_id: int, kind: NudgeKind, today: date, registration: date
) -> list[int]:
    """Return the members of the cluster this kind of nudge is for, today (not those away)."""
    if kind is NudgeKind.PLEDGE:
        return await nudges.without_pledge(
            session=session, cluster_id=cluster_id, year=today.year, day=today
        )
    if kind is NudgeKind.REPORT:
        phase = phase_of(today)
        return await nudges.reporters_without_report(
            session=session, cluster_id=cluster_id, start=phase.start, end=phase.end, day=today
        )
    if today > registration:
        return []  # past the deadline a nudge can no longer help
    return await nudges.reporters_without_registration(
        session=session, cluster_id=cluster_id, year=today.year, day=today
    )


def text(t: Translator, kind: NudgeKind, today: date, registration: date) -> str:
    """Return the nudge in the translator's language."""
    if kind is NudgeKind.PLEDGE:
        return t._(
            "Nhắc việc: đồng chí chưa đăng ký ủng hộ Quỹ “Vì người nghèo” năm {year}. Mỗi người "
            "ít nhất một ngày lương; gõ /ungho để đăng ký."
        ).format(year=today.year)
    if kind is NudgeKind.REPORT:
        phase = phase_of(today)
        return t._(
            "Nhắc việc: đơn vị của đồng chí chưa có báo cáo hoạt động nào trong Đợt {phase} năm "
            "{year} (hạn {date}). Gõ /baocao để báo cáo."
        ).format(phase=ROMAN[phase.number], year=phase.year, date=t.date(phase.end))
    return t._(
        "Nhắc việc: đơn vị của đồng chí chưa gửi đăng ký chỉ tiêu, danh hiệu thi đua năm {year} "
        "(hạn {date}). Gõ /dangky để đăng ký."
    ).format(year=today.year, date=t.date(registration))


async def send(
    session: AsyncSession,
    catalogs: Catalogs,
    *,
    kind: NudgeKind,
    member_ids: list[int],
    today: date,
    registration: date,
    not_before: datetime,
) -> int:
    """Queue the nudge for these members: at most one of a kind per person per day."""
    if not member_ids:
        return 0
    return await fan_out_to_members(
        session=session,
        key_prefix=f"nudge:{kind.value}:{today.isoformat()}",
        texts={t.locale: text(t, kind, today, registration) for t in catalogs.all()},
        default_locale=catalogs.default_locale,
        not_before=not_before,
        roles=EVERYONE,
        only_member_ids=member_ids,
    )
