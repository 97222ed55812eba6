"""/tonghop: the exact figures of a seeded cluster on both channels; long summaries page."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.config import Settings
from bot.core.pipeline import Core
from bot.i18n import Catalogs
from domain.roles import Role
from handlers import build_registry
from handlers.leader.summary import LIMIT
from storage.db.engine import SessionFactory
from storage.membership.models import Unit
from tests.activity.activity_helpers import fix_clock
from tests.leader.summarydata import NOW, seed_world
from tests.membership.orgdata import seed_org
from tests.support.corechat import CoreChat
from tests.support.drivers import Both, running_both
from tests.support.fakeclock import FakeClock
from tests.support.shipped import campaign_name

ACCOUNTS = {
    Role.LEADER: ("telegram", "7001"),
    Role.DEPUTY: ("zalo", "zdeputy"),
    Role.MEMBER: ("zalo", "zmember"),
    Role.ADMIN: ("zalo", "zadmin"),
}


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    return fix_clock(monkeypatch, NOW)


@pytest.fixture
async def both(settings: Settings, clock: FakeClock) -> AsyncIterator[Both]:
    async with running_both(settings) as running:
        yield running


def expected(catalogs: Catalogs) -> str:
    vnd = catalogs.pick("vi").vnd
    return "\n".join([
        "Tổng hợp Cụm thi đua số 1 ngày 24/11/2026",
        "Đợt II năm 2026: từ 01/7/2026 đến 31/12/2026, còn 37 ngày.",
        "",
        "Báo cáo hoạt động trong đợt: 1/3 đơn vị đã báo cáo, 1 báo cáo.",
        "Chưa báo cáo (2):",
        "• Sở Nội vụ",
        "• Sở Xây dựng",
        "",
        "Đăng ký thi đua năm 2026: chờ duyệt 0, đã chấp nhận 1, trả lại 1, chưa gửi 1.",
        "Chưa gửi đăng ký (1):",
        "• Sở Xây dựng",
        "",
        f"Ủng hộ “{campaign_name(2026)}”:",
        f"Cụm thi đua số 1: đăng ký {vnd(2_000_000)}, đã nộp {vnd(1_800_000)}, "
        f"đã xác nhận {vnd(1_500_000)}.",
        "Tham gia: 13/180 người ░░░░░░░░░░ 7%",
        f"Nhà cho hộ nghèo: đủ tiền 0/1 căn ({vnd(60_000_000)} một căn) ░░░░░░░░░░ 2%",
        "",
        "Gương điển hình năm 2026: 1.",
    ])  # fmt: skip


async def test_summary_shows_the_exact_figures_on_both_channels(
    both: Both, catalogs: Catalogs
) -> None:
    await seed_world(both.app.sessions, ACCOUNTS)
    want = expected(catalogs)
    leader = both.telegram.user(7001, "Phạm Văn Trưởng")
    await both.telegram.send_text(leader, "/tonghop")
    assert (await both.telegram.wait_messages(leader.id))[0]["text"] == want
    deputy = both.zalo.user("Lê Văn Phó", user_id="zdeputy")
    await both.zalo.send_text(deputy, "/summary")
    assert (await both.zalo.wait_messages(deputy.id))[0]["text"] == want
    # The admin sees every cluster and picks one by its number on Zalo.
    admin = both.zalo.user("Võ Thị Quản", user_id="zadmin")
    await both.zalo.send_text(admin, "/tonghop")
    menu = (await both.zalo.wait_messages(admin.id))[0]["text"]
    assert "1. Cụm thi đua số 1\n2. Khối thi đua số 2" in menu
    await both.zalo.send_text(admin, "1")
    assert (await both.zalo.wait_messages(admin.id))[0]["text"] == want


async def test_a_member_is_refused(both: Both) -> None:
    await seed_world(both.app.sessions, ACCOUNTS)
    member = both.zalo.user("Nguyễn Văn Minh", user_id="zmember")
    for command in ("/tonghop", "/xuatbaocao"):
        await both.zalo.send_text(member, command)
        answer = (await both.zalo.wait_messages(member.id))[0]["text"]
        assert answer == f"Đồng chí không có quyền dùng lệnh {command}."


async def test_a_long_summary_pages_within_one_message(
    sessions: SessionFactory, catalogs: Catalogs
) -> None:
    org = await seed_org(sessions, accounts={Role.LEADER: ("zalo", "leader")})
    names = [f"Ủy ban nhân dân xã số {i:02d} thuộc khu vực miền núi phía Tây" for i in range(40)]
    async with sessions() as session, session.begin():
        session.add_all(Unit(code=f"xa-{i}", name=name, cluster_id=org.cluster_a, headcount=10)
                        for i, name in enumerate(names))  # fmt: skip
    core = Core(sessions=sessions, registry=build_registry(), catalogs=catalogs,
                clock=FakeClock(NOW))  # fmt: skip
    leader = CoreChat(core, user_id="leader")
    first = (await leader.command("tonghop"))[0]
    assert first.text.startswith("Tổng hợp Cụm thi đua số 1 ngày 24/11/2026 (trang 1/")
    assert len(first.text) <= LIMIT
    assert [choice.label for choice in first.choices] == ["Trang sau"]
    pages = [first]
    while pages[-1].choices[-1].label == "Trang sau":
        pages += await leader.press(pages[-1], "Trang sau")
        assert len(pages[-1].text) <= LIMIT
        assert pages[-1].choices[0].label == "Trang trước"
    shown = "\n".join(page.text for page in pages)
    # Every unit without a report is named (and again without a registration), none lost.
    assert all(shown.count(f"• {name}\n") + shown.endswith(f"• {name}") == 2 for name in names)
    assert "Gương điển hình năm 2026: 0." in pages[-1].text
    back = (await leader.press(pages[-1], "Trang trước"))[0]
    assert back.text == pages[-2].text
