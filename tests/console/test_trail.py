"""The audit trail: the features' histories and the console's entries in one list, filtered
by cluster, person, kind and dates, on the page and as CSV; a leader reads their cluster's."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from bot.config import Settings
from domain.roles import Role
from storage.audit.models import AuditEntry
from storage.audit.trail import TrailFilter, trail
from storage.db.engine import SessionFactory
from storage.pledge.models import Pledge, PledgeEvent
from storage.registration.models import Registration, RegistrationEvent
from storage.scoring.models import ScoreEvent, ScoringTable, UnitAssessment
from tests.activity.activity_helpers import VN
from tests.console.console_helpers import Console, client, running_console, sign_in
from tests.leader.summarydata import World
from tests.support.fakeclock import FakeClock

DAY = datetime(2026, 11, 20, 9, 0, tzinfo=VN)


@pytest.fixture
async def console(settings: Settings, clock: FakeClock) -> AsyncIterator[Console]:
    async with running_console(settings, "zalo") as running:
        await _histories(running.both.app.sessions, running.world)
        yield running


async def _histories(sessions: SessionFactory, world: World) -> None:
    """One change of each kind: a pledge confirmed in cluster A, a registration returned in
    cluster A, a score changed in cluster B, an organisation change in cluster B."""
    leader, admin = world.org.people[Role.LEADER], world.org.people[Role.ADMIN]
    async with sessions() as session, session.begin():
        pledge = (await session.exec(select(Pledge).where(Pledge.amount == 300_000))).one()
        session.add(PledgeEvent(pledge_id=pledge.id, actor_id=leader, action="confirm",
                                old_amount=300_000, new_amount=300_000, old_status="paid",
                                new_status="confirmed", at=DAY))  # fmt: skip
        returned = (await session.exec(select(Registration).where(
            Registration.status == "returned"))).one()  # fmt: skip
        assert returned.id is not None
        session.add(RegistrationEvent(registration_id=returned.id, action="returned",
                                      member_id=leader, note="Thiếu chỉ tiêu PCI",
                                      at=DAY + timedelta(days=1)))  # fmt: skip
        table = ScoringTable(cluster_id=world.org.cluster_b, year=2026, title="Bảng điểm")
        session.add(table)
        await session.flush()
        assert table.id is not None
        assessment = UnitAssessment(table_id=table.id, unit_id=world.units["so-y-te"])
        session.add(assessment)
        await session.flush()
        session.add(ScoreEvent(table_id=table.id, assessment_id=assessment.id,
                               criterion_code="1.2", actor_id=admin, action="review",
                               old_value="8", new_value="7", reason="Thiếu minh chứng",
                               at=DAY + timedelta(days=2)))  # fmt: skip
        session.add(AuditEntry(actor_id=admin, kind="organisation", action="changed",
                               cluster_id=world.org.cluster_b, subject="unit so-y-te Sở Y tế",
                               old="120", new="125", reason="Quyết định 7",
                               at=DAY + timedelta(days=3)))  # fmt: skip


async def test_one_list_of_every_kind_filtered(console: Console) -> None:
    org = console.world.org
    async with console.both.app.sessions() as session:
        every = await trail(session=session, wanted=TrailFilter())
        assert [line.kind for line in every] == ["organisation", "score", "registration",
                                                 "pledge"]  # newest first  # fmt: skip
        pledge = every[-1]
        assert (pledge.actor, pledge.cluster, pledge.subject) == (
            "Phạm Văn Trưởng",
            "Cụm thi đua số 1",
            "Bùi Văn Bình",
        )
        assert (pledge.old, pledge.new, pledge.old_amount) == ("paid", "confirmed", 300_000)
        score = every[1]
        assert (score.subject, score.old, score.new, score.reason) == (
            "Sở Y tế · 1.2",
            "8",
            "7",
            "Thiếu minh chứng",
        )
        a = await trail(session=session, wanted=TrailFilter(cluster_id=org.cluster_a))
        assert [line.kind for line in a] == ["registration", "pledge"]
        # The person's name with or without diacritics, in any case.
        admin = await trail(session=session, wanted=TrailFilter(person="vo thi QUAN"))
        assert [line.kind for line in admin] == ["organisation", "score"]
        scores = await trail(session=session, wanted=TrailFilter(kinds=frozenset({"score"})))
        assert len(scores) == 1
        dated = await trail(session=session, wanted=TrailFilter(
            since=DAY + timedelta(hours=1), until=DAY + timedelta(days=2)))  # fmt: skip
        assert [line.kind for line in dated] == ["registration"]


async def test_the_page_and_its_csv(console: Console) -> None:
    async with client() as http:
        await sign_in(http, await console.link(Role.ADMIN))
        page = await http.get(f"{console.base}/quantri/nhat-ky?person=truong&since=2026-11-20"
                              "&until=2026-11-21")  # fmt: skip
        html = await page.text()
        assert html.count('<tr data-kind="') == 2  # the pledge and the registration
        assert "Đã nộp" not in html and "500.000" not in html
        assert "300.000\xa0đồng, đã nộp" in html and "đã xác nhận" in html
        csv = await http.get(f"{console.base}/quantri/nhat-ky.csv?kind=score")
        lines = (await csv.read()).decode().lstrip("\ufeff").splitlines()
        page = await http.get(f"{console.base}/quantri/nhat-ky?since=20-11-2026")
        assert "Ngày nhập không hợp lệ" in await page.text()
    assert (
        lines[0] == 'Thời gian,Loại,Thao tác,Người thực hiện,"Cụm, khối",Nội dung,Trước,Sau,Lý do'
    )
    assert lines[1] == ("22/11/2026 09:00,Chấm điểm,review,Võ Thị Quản,Khối thi đua số 2,"
                        "Sở Y tế · 1.2,8,7,Thiếu minh chứng")  # fmt: skip


async def test_a_leader_reads_their_clusters_lines_only(console: Console) -> None:
    async with client() as http:
        await sign_in(http, await console.link(Role.LEADER))
        html = await (await http.get(f"{console.base}/quantri/nhat-ky")).text()
        csv = await http.get(f"{console.base}/quantri/nhat-ky.csv")
        text = (await csv.read()).decode()
    assert 'data-kind="pledge"' in html and 'data-kind="registration"' in html
    assert 'data-kind="score"' not in html and 'data-kind="organisation"' not in html
    assert "Sở Y tế" not in html and "Sở Y tế" not in text
    assert "Khối thi đua số 2" not in html  # not even as a filter to pick
