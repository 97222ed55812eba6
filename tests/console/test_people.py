"""People from the console: search without diacritics, a leader's cluster only, a unit or role
changed, a person deactivated (and told), marked away, their data exported and erased (Decree
13/2023) with the cluster's totals kept; every change on the trail, every refusal changing
nothing. The services first, then the pages through the running bot."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from html import unescape

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import col, func, select

from bot.i18n import Catalogs
from bot.services.office.office import Office
from bot.services.office.people import Found
from domain.config import ProvinceConfig
from domain.membership.absence import Span
from domain.people import Person
from domain.refusals import AbsenceRefusal, OfficeRefusal, PeopleRefusal, Refused
from domain.roles import Role
from domain.text import fold
from storage.activity.models import ActivityReport
from storage.audit.models import AuditEntry
from storage.db.engine import SessionFactory
from storage.membership.models import Absence, Identity, Member
from storage.membership.people import get_person
from storage.outbox.models import Outbox
from storage.pledge.models import MemberSalary, Pledge
from tests.console.console_helpers import named
from tests.leader.summarydata import NOW, World, seed_world

ACCOUNTS: dict[Role, tuple[str, str]] = {
    role: ("zalo", f"z{role.value}") for role in Role if role is not Role.GUEST
}
DECEMBER = Span(date(2026, 12, 1), date(2026, 12, 31))
_TAG = re.compile(r"<[^>]+>")


def text(html: str) -> str:
    return " ".join(unescape(_TAG.sub(" ", html)).split())


@pytest.fixture
async def world(sessions: SessionFactory) -> World:
    return await seed_world(sessions, ACCOUNTS)


async def who(session: object, world: World, role: Role) -> Person:
    found = await get_person(session=session, member_id=world.org.people[role])  # type: ignore[arg-type]
    assert found is not None
    return found


def names(found: Found) -> list[str]:
    return [p.full_name for p in found.lines]


async def test_search_folds_case_and_diacritics_within_the_leaders_cluster(
    sessions: SessionFactory, catalogs: Catalogs, world: World
) -> None:
    async with sessions() as session, session.begin():
        office = Office.bind(session, catalogs, NOW, ProvinceConfig())
        admin, leader = (
            await who(session, world, Role.ADMIN),
            await who(session, world, Role.LEADER),
        )
        assert names(await office.people.search(admin, "nguyen van MINH")) == ["Nguyễn Văn Minh"]
        assert names(await office.people.search(admin, "do thi an")) == ["Đỗ Thị An"]  # đ → d
        assert names(await office.people.search(admin, "Nguyễn Văn Minh")) == ["Nguyễn Văn Minh"]
        assert names(await office.people.search(admin, "so y te")) == ["Lý Thị Yến"]  # the unit
        assert names(await office.people.search(admin, "zmember")) == ["Nguyễn Văn Minh"]
        zalo = await office.people.search(admin, "", "zalo")
        assert len(zalo.lines) == 5 and all(p.channels == ("zalo",) for p in zalo.lines)
        assert sorted(names(await office.people.search(admin, "thi", "none"))) == [
            "Hồ Thị Cúc", "Lý Thị Yến", "Đỗ Thị An"]  # fmt: skip
        # A leader finds the people of their cluster only.
        assert names(await office.people.search(leader, "ly thi yen")) == []
        assert "Lý Thị Yến" not in names(await office.people.search(leader, ""))
        yen = await named(session, "Lý Thị Yến")
        with pytest.raises(Refused) as refused:
            await office.people.card(leader, yen)
        assert refused.value.reason is OfficeRefusal.NOT_ALLOWED
        with pytest.raises(Refused) as refused:
            await office.people.card(admin, 999_999)
        assert refused.value.reason is PeopleRefusal.NOT_FOUND
        card = await office.people.card(leader, await named(session, "Đỗ Thị An"))
        assert card.file.report_count == 1 and card.file.pledges[0].status == "confirmed"
        # A leader changes nothing but absences.
        for call in (
            office.changes.move(leader, yen, world.units["so-y-te"], "Điều động"),
            office.changes.deactivate(leader, yen, "Nghỉ hưu"),
            office.people.export(leader, yen, "Theo yêu cầu"),
            office.changes.erase(leader, yen, "XOÁ", "Theo yêu cầu"),
        ):  # fmt: skip
            with pytest.raises(Refused):
                await call


async def test_move_role_and_deactivate_are_checked_recorded_and_told(
    sessions: SessionFactory, catalogs: Catalogs, world: World
) -> None:
    minh = world.org.people[Role.MEMBER]
    async with sessions() as session, session.begin():
        office = Office.bind(session, catalogs, NOW, ProvinceConfig())
        admin = await who(session, world, Role.ADMIN)
        for call, reason in (
            (office.changes.move(admin, minh, world.units["so-y-te"], " "),
             PeopleRefusal.NO_REASON),
            (office.changes.move(admin, minh, 999_999, "Điều động"), PeopleRefusal.NO_UNIT),
            (office.changes.move(admin, minh, world.units["so-tai-chinh"], "Điều động"),
             PeopleRefusal.SAME),
            (office.changes.set_role(admin, minh, "admin", "Lý do"), PeopleRefusal.NO_ROLE),
            (office.changes.deactivate(admin, minh, ""), PeopleRefusal.NO_REASON),
            (office.changes.deactivate(admin, minh, "x" * 501), PeopleRefusal.TOO_LONG),
            (office.changes.deactivate(admin, admin.member_id, "Lý do"), PeopleRefusal.OWN),
        ):  # fmt: skip
            with pytest.raises(Refused) as refused:
                await call
            assert refused.value.reason is reason
    async with sessions() as session:
        member = await session.get(Member, minh)
        assert (
            member is not None and member.active and member.unit_id == world.units["so-tai-chinh"]
        )
        assert (await session.exec(select(func.count()).select_from(AuditEntry))).one() == 0
    async with sessions() as session, session.begin():
        office = Office.bind(session, catalogs, NOW, ProvinceConfig())
        admin = await who(session, world, Role.ADMIN)
        await office.changes.move(admin, minh, world.units["so-y-te"], "Quyết định điều động 12")
        await office.changes.set_role(admin, minh, "reporter", "Được giao làm đầu mối")
        await office.changes.deactivate(admin, minh, "Nghỉ hưu từ 01/12/2026")
    async with sessions() as session:
        member = await session.get(Member, minh)
        assert member is not None and not member.active and member.full_name == "Nguyễn Văn Minh"
        assert (member.unit_id, member.role) == (world.units["so-y-te"], "reporter")
        lines = (await session.exec(select(AuditEntry).order_by(col(AuditEntry.id)))).all()
        assert [(e.action, e.old, e.new) for e in lines] == [
            ("person_moved", "Sở Tài chính", "Sở Y tế"),
            ("person_role", "member", "reporter"),
            ("person_deactivated", "active", "inactive"),
        ]
        assert all(e.subject == f"#{minh} Nguyễn Văn Minh" for e in lines)
        assert lines[0].cluster_id == world.org.cluster_b and lines[0].reason.startswith("Quyết")
        told = (await session.exec(select(Outbox.text).where(Outbox.member_id == minh))).all()
        assert len(told) == 3 and any("Nghỉ hưu từ 01/12/2026" in t for t in told)
        assert any("Sở Y tế" in t for t in told) and any("đầu mối đơn vị" in t for t in told)
    async with sessions() as session, session.begin():
        office = Office.bind(session, catalogs, NOW, ProvinceConfig())
        admin = await who(session, world, Role.ADMIN)
        card = await office.people.card(admin, minh)
        assert card.deactivation == "Nghỉ hưu từ 01/12/2026"
        with pytest.raises(Refused) as refused:
            await office.changes.set_role(admin, minh, "member", "Lý do")
        assert refused.value.reason is PeopleRefusal.INACTIVE


async def test_away_is_set_by_the_clusters_leader_with_checked_dates(
    sessions: SessionFactory, catalogs: Catalogs, world: World
) -> None:
    async with sessions() as session, session.begin():
        office = Office.bind(session, catalogs, NOW, ProvinceConfig())
        leader = await who(session, world, Role.LEADER)
        cuc = await named(session, "Hồ Thị Cúc")  # Sở Xây dựng: the leader's cluster, not unit
        with pytest.raises(Refused) as refused:
            await office.changes.set_away(leader, cuc, "leave",
                                          Span(date(2026, 12, 31), date(2026, 12, 1)))  # fmt: skip
        assert refused.value.reason is AbsenceRefusal.BAD_DATES
        assert refused.value.detail == "end_before_start"
        with pytest.raises(Refused) as refused:
            await office.changes.set_away(leader, await named(session, "Lý Thị Yến"), "leave",
                                          DECEMBER)  # fmt: skip
        assert refused.value.reason is OfficeRefusal.NOT_ALLOWED
        await office.changes.set_away(leader, cuc, "maternity", DECEMBER)
        absence = (await session.exec(select(Absence).where(Absence.member_id == cuc))).one()
        assert (absence.reason, absence.start, absence.end) == (
            "maternity", DECEMBER.start, DECEMBER.end)  # fmt: skip
        assert absence.id is not None
        await office.changes.end_away(leader, cuc, absence.id)  # not begun: removed
        assert (
            await session.exec(select(Absence).where(Absence.member_id == cuc))
        ).first() is None
        actions = (await session.exec(select(AuditEntry.action))).all()
        assert actions == ["person_away", "person_back"]


async def test_export_holds_everything_and_erasure_keeps_the_totals(
    sessions: SessionFactory, catalogs: Catalogs, world: World
) -> None:
    async with sessions() as session, session.begin():
        an = await named(session, "Đỗ Thị An")
        session.add(Identity(member_id=an, channel="telegram", external_user_id="55501234",
                             chat_id="55501234", display_name="An"))  # fmt: skip
        office = Office.bind(session, catalogs, NOW, ProvinceConfig())
        admin = await who(session, world, Role.ADMIN)
        before = (await office.glance.cluster(admin, world.org.cluster_a)).row
        with pytest.raises(Refused) as refused:
            await office.people.export(admin, an, "")
        assert refused.value.reason is PeopleRefusal.NO_REASON
        data = await office.people.export(admin, an, "Theo đơn đề nghị ngày 20/11/2026")
    json.dumps(data)  # plain data only
    assert data["person"]["full_name"] == "Đỗ Thị An" and data["person"]["unit"] == "Sở Tài chính"
    assert data["accounts"][0]["external_user_id"] == "55501234"
    assert [p["amount"] for p in data["pledges"]] == [500_000]
    assert [r["title"] for r in data["reports"]] == ["Tọa đàm chuyển đổi số"]
    assert data["salary"] == 13_579_000 and data["legal_basis"] == "Nghị định 13/2023/NĐ-CP"
    async with sessions() as session, session.begin():
        office = Office.bind(session, catalogs, NOW, ProvinceConfig())
        admin = await who(session, world, Role.ADMIN)
        with pytest.raises(Refused) as refused:
            await office.changes.erase(admin, an, "xoá đi", "Theo đơn đề nghị")
        assert refused.value.reason is PeopleRefusal.CONFIRM
        erased = await office.changes.erase(admin, an, "xoa", "Theo đơn đề nghị ngày 20/11")
        assert erased.accounts == 1 and erased.reports == 1
        after = (await office.glance.cluster(admin, world.org.cluster_a)).row
        assert (after.pledged, after.paid, after.confirmed, after.reported) == (
            before.pledged, before.paid, before.confirmed, before.reported)  # fmt: skip
        with pytest.raises(Refused) as refused:
            await office.changes.erase(admin, an, "XOÁ", "Lần nữa")
        assert refused.value.reason is PeopleRefusal.ERASED
    async with sessions() as session:
        member = await session.get(Member, an)
        assert member is not None and (member.full_name, member.active) == ("Đã xoá", False)
        assert (
            await session.exec(select(Identity).where(Identity.member_id == an))
        ).first() is None
        assert await session.get(MemberSalary, an) is None
        report = (await session.exec(select(ActivityReport).where(
            ActivityReport.author_id == an))).one()  # fmt: skip
        assert (report.title, report.description, report.participants) == ("Đã xoá", "", 45)
        pledge = (await session.exec(select(Pledge).where(Pledge.member_id == an))).one()
        assert (pledge.amount, pledge.status) == (500_000, "confirmed")
        lines = (await session.exec(select(AuditEntry).order_by(col(AuditEntry.id)))).all()
        assert [(e.action, e.subject) for e in lines] == [
            ("person_exported", f"#{an}"),
            ("person_erased", f"#{an}"),
        ]  # the name is gone
        assert lines[1].reason == "Theo đơn đề nghị ngày 20/11" and lines[1].actor_id
        assert "Đỗ Thị An" not in " ".join(e.old + e.new + e.reason for e in lines)


def _folded_by_the_book(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(c for c in decomposed if unicodedata.category(c) not in ("Mn", "Cf"))
    return " ".join(kept.replace("đ", "d").split())


_VIETNAMESE = (
    "".join(map(chr, range(0x1EA0, 0x1EFA))) + "ĐđƯưƠơĂăàáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ"
    + "aAdDzZ 0\t\u00a0\u200b\ufeff\u0300\u0301\u0303\u0309\u0323ß１"
)  # fmt: skip


@given(st.text(alphabet=_VIETNAMESE) | st.text(alphabet=st.characters(max_codepoint=0x2100)))
def test_the_quick_fold_gives_what_the_unicode_way_gives(text: str) -> None:
    # The search folds a province's names through a table; it must match NFKD's answer.
    assert fold(text) == _folded_by_the_book(text)
    assert fold(unicodedata.normalize("NFD", text)) == _folded_by_the_book(text)
