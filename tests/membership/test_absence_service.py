"""The absence service as the office console will call it: the same checks as the chat's."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlmodel import select

from bot.i18n import Catalogs
from bot.outbox.queue import NotifyService
from bot.services.membership.absence import AbsenceService
from domain.config import ProvinceConfig
from domain.membership.absence import Span
from domain.refusals import AbsenceRefusal, Refused
from domain.roles import Role
from storage.db.engine import SessionFactory
from storage.membership.models import Absence, Member
from storage.membership.people import get_person
from storage.outbox.models import Outbox
from tests.activity.activity_helpers import VN
from tests.membership.orgdata import seed_org

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=VN)
DECEMBER = Span(date(2026, 12, 1), date(2026, 12, 31))


async def test_who_may_mark_whom(sessions: SessionFactory, catalogs: Catalogs) -> None:
    roles = (Role.MEMBER, Role.REPORTER, Role.ADMIN)
    org = await seed_org(sessions, accounts={role: ("zalo", role.value) for role in roles})
    async with sessions() as session, session.begin():
        other = Member(full_name="Lý Thị Yến", role="member", unit_id=org.units["so-y-te"])
        session.add(other)
        await session.flush()
        assert other.id is not None
        service = AbsenceService(session, NotifyService(session, catalogs, NOW), NOW,
                                 ProvinceConfig())  # fmt: skip
        reporter = await get_person(session=session, member_id=org.people[Role.REPORTER])
        admin = await get_person(session=session, member_id=org.people[Role.ADMIN])
        member = await get_person(session=session, member_id=org.people[Role.MEMBER])
        # A reporter marks only the people of their own unit; a member nobody.
        with pytest.raises(Refused) as refused:
            await service.mark_away(reporter, other.id, "leave", DECEMBER)
        assert refused.value.reason is AbsenceRefusal.NOT_ALLOWED
        with pytest.raises(Refused) as refused:
            await service.mark_away(member, org.people[Role.MEMBER], "leave", DECEMBER)
        assert refused.value.reason is AbsenceRefusal.NOT_ALLOWED
        # Dates and reasons are checked here, whatever the caller let through.
        with pytest.raises(Refused) as refused:
            await service.mark_away(reporter, org.people[Role.MEMBER], "leave",
                                    Span(date(2026, 12, 31), date(2026, 12, 1)))  # fmt: skip
        assert refused.value.detail == "end_before_start"
        with pytest.raises(Refused) as refused:
            await service.mark_away(reporter, org.people[Role.MEMBER], "holiday", DECEMBER)
        assert refused.value.reason is AbsenceRefusal.NOT_FOUND
        # The admin marks anyone, and sees any unit's absences.
        await service.mark_away(admin, other.id, "mission", DECEMBER)
        listed = await service.unit_absences(admin, org.units["so-y-te"])
        assert [(a.full_name, a.reason) for a in listed] == [("Lý Thị Yến", "mission")]
        with pytest.raises(Refused):
            await service.unit_absences(reporter, org.units["so-y-te"])
    async with sessions() as session:
        rows = (await session.exec(select(Absence))).all()
        told = (await session.exec(select(Outbox))).all()
    assert [(row.member_id, row.set_by) for row in rows] == [(other.id, org.people[Role.ADMIN])]
    assert told == []  # Yến has no account yet: nobody to tell, nothing queued
