"""The console's services below the web: the same checks and refusals as the pages, with no
HTTP in between (the pages only word what these return or refuse)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.i18n import Catalogs
from bot.services.office.office import Office
from domain.config import ProvinceConfig
from domain.membership.organisation import OrgFile
from domain.office.signin import SignIn
from domain.refusals import OfficeRefusal, Refused
from domain.roles import Role
from storage.audit.trail import TrailFilter
from storage.db.engine import SessionFactory
from storage.membership.people import get_person
from tests.leader.summarydata import NOW
from tests.membership.orgdata import Org, seed_org

ACCOUNTS: dict[Role, tuple[str, str]] = {
    role: ("zalo", f"z{role.value}") for role in Role if role is not Role.GUEST
}


@pytest.fixture
async def org(sessions: SessionFactory) -> Org:
    return await seed_org(sessions, accounts=ACCOUNTS)


async def test_a_link_signs_in_once_and_only_those_who_may(
    sessions: SessionFactory, catalogs: Catalogs, org: Org
) -> None:
    grant = SignIn(
        org.people[Role.ADMIN], int((NOW + timedelta(minutes=10)).timestamp()), "n" * 22
    )
    async with sessions() as session, session.begin():
        office = Office.bind(session, catalogs, NOW, ProvinceConfig())
        admin = await office.gate.sign_in(grant)
        assert admin.role is Role.ADMIN
    async with sessions() as session, session.begin():
        office = Office.bind(session, catalogs, NOW, ProvinceConfig())
        with pytest.raises(Refused) as used:
            await office.gate.look(grant)
        assert used.value.reason is OfficeRefusal.USED
        for role in (Role.MEMBER, Role.REPORTER):
            other = SignIn(org.people[role], grant.expires, f"{role.value[0]}" * 22)
            with pytest.raises(Refused) as refused:
                await office.gate.sign_in(other)
            assert refused.value.reason is OfficeRefusal.NOT_ALLOWED


async def test_a_leader_is_refused_the_provinces_services(
    sessions: SessionFactory, catalogs: Catalogs, org: Org
) -> None:
    async with sessions() as session, session.begin():
        office = Office.bind(session, catalogs, NOW, ProvinceConfig())
        leader = await get_person(session=session, member_id=org.people[Role.LEADER])
        for call in (
            office.glance.province(leader), office.glance.cluster(leader, org.cluster_b),
            office.organisation.current(leader),
            office.organisation.preview(leader, OrgFile("x")),
            office.organisation.apply(leader, OrgFile("x"), ""),
            office.organisation.claims(leader),
            office.trail.lines(leader, TrailFilter(cluster_id=org.cluster_b)),
        ):  # fmt: skip
            with pytest.raises(Refused):
                await call
        own = await office.glance.cluster(leader, org.cluster_a)
        assert own.row.cluster.id == org.cluster_a and own.row.units == 2
        lines = await office.trail.lines(leader, TrailFilter())  # their cluster, implicitly
        assert lines == []
