"""Members away from 1/12 to 31/12: no reminder, no nudge; «vắng» in /tonghop, the dashboard
and the drafted report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlmodel import col, select

from bot.core.pipeline import Core
from bot.dashboard.routes import Dashboard
from bot.i18n import Catalogs
from bot.province import province_from
from bot.reminders.service import Reminders
from domain.config import ProvinceConfig
from domain.messages import Channel
from domain.roles import Role
from domain.signed_links import DashboardLinks
from handlers import build_registry
from storage.db.engine import SessionFactory
from storage.membership.models import Absence, Identity, Member
from storage.outbox.models import Outbox
from tests.activity.activity_helpers import VN
from tests.drafting.draftdata import read_docx
from tests.leader.dashboard_helpers import figures
from tests.membership.orgdata import seed_org
from tests.support.corechat import CoreChat
from tests.support.fakeclock import FakeClock

DECEMBER = datetime(2026, 12, 8, 10, 0, tzinfo=VN)  # a Tuesday in Đợt II
# Đợt II ends on Thursday 31/12/2026: its deadline reminder (leaders and reporters, 08:00) and
# its nudges (09:00) come 7 days before, on Thursday 24/12.
NUDGE_DAY = datetime(2026, 12, 24, 9, 0, tzinfo=VN)
AWAY = "Vắng: 2 người (nghỉ thai sản 1, đi học 1)."


@dataclass
class World:
    cluster: int
    leader: int


async def _seed(sessions: SessionFactory) -> World:
    """Cụm thi đua số 1: its leader and reporter at Sở Tài chính, with An and Bình; a second
    reporter at Sở Xây dựng. Away: An (maternity leave) and the first reporter (a course) all
    December, Bình from 20/12; and Yến of Khối 2, who is not this cluster's."""
    org = await seed_org(
        sessions,
        # The leader on Telegram, which takes files (the report); everyone else on Zalo.
        accounts={Role.LEADER: ("telegram", "leader"), Role.REPORTER: ("zalo", "reporter")},
    )
    ids = dict(reporter=org.people[Role.REPORTER])
    async with sessions() as session, session.begin():
        for key, name, role, unit in (("an", "Đỗ Thị An", "member", "so-tai-chinh"),
                                      ("binh", "Bùi Văn Bình", "member", "so-tai-chinh"),
                                      ("reporter2", "Hồ Thị Cúc", "reporter", "so-xay-dung"),
                                      ("yen", "Lý Thị Yến", "member", "so-y-te")):  # fmt: skip
            member = Member(full_name=name, role=role, unit_id=org.units[unit])
            session.add(member)
            await session.flush()
            assert member.id is not None
            ids[key] = member.id
            session.add(Identity(member_id=member.id, channel="zalo", external_user_id=key,
                                 chat_id=key))  # fmt: skip
        for key, reason, start in (("an", "maternity", date(2026, 12, 1)),
                                   ("reporter", "study", date(2026, 12, 1)),
                                   ("binh", "leave", date(2026, 12, 20)),
                                   ("yen", "mission", date(2026, 12, 1))):  # fmt: skip
            session.add(Absence(member_id=ids[key], reason=reason, start=start,
                                end=date(2026, 12, 31), set_by=ids["reporter"]))  # fmt: skip
    return World(org.cluster_a, org.people[Role.LEADER])


async def _sent(sessions: SessionFactory, prefix: str) -> set[str]:
    async with sessions() as session:
        statement = select(Outbox.chat_id).where(col(Outbox.key).startswith(prefix))
        return set((await session.exec(statement)).all())


def _leader(sessions: SessionFactory, catalogs: Catalogs, clock: FakeClock) -> CoreChat:
    core = Core(sessions=sessions, registry=build_registry(), catalogs=catalogs, clock=clock,
                province=province_from({}, VN))  # fmt: skip
    return CoreChat(core, user_id="leader", channel=Channel.TELEGRAM)


async def test_no_reminder_and_no_nudge_while_away(
    sessions: SessionFactory, catalogs: Catalogs
) -> None:
    await _seed(sessions)
    clock = FakeClock(NUDGE_DAY)
    decisions = dict(await Reminders(sessions, catalogs, province_from({}, VN), clock).run_due())
    assert decisions["phase-2:deadline:2026-12-31:7"] == "sent"
    assert decisions["phase-2:nudge:2026-12-31:7"] == "sent"
    # The deadline reaches leaders and reporters: not the reporter on a course.
    assert await _sent(sessions, "rem:phase-2:deadline:2026-12-31:7:") == {"leader", "reporter2"}
    # Nobody pledged: every reachable member but those away today (Bình since 20/12).
    assert await _sent(sessions, "nudge:pledge:") == {"leader", "reporter2"}
    # Neither unit reported in Đợt II: only the reporter present is nudged.
    assert await _sent(sessions, "nudge:report:") == {"reporter2"}


async def test_the_leaders_nudge_counts_and_reaches_only_those_present(
    sessions: SessionFactory, catalogs: Catalogs
) -> None:
    await _seed(sessions)
    leader = _leader(sessions, catalogs, FakeClock(DECEMBER))
    menu = (await leader.command("nhacnho"))[0]
    # The leader, the second reporter and Bình (away only from 20/12); not An nor the reporter.
    assert "• Chưa đăng ký ủng hộ Quỹ “Vì người nghèo”: 3 người" in menu.text
    done = await leader.press(menu, menu.choices[0].label)
    assert done[0].text == "Đã gửi nhắc tới 3 tài khoản."
    assert await _sent(sessions, "nudge:pledge:") == {"leader", "reporter2", "binh"}


async def test_tonghop_and_the_dashboard_count_them_apart(
    sessions: SessionFactory, catalogs: Catalogs
) -> None:
    world = await _seed(sessions)
    clock = FakeClock(DECEMBER)
    leader = _leader(sessions, catalogs, clock)
    summary = (await leader.command("tonghop"))[0].text
    lines = summary.split("\n")
    assert AWAY in lines  # Bình is not away yet on 8/12; Yến is of another cluster
    assert lines[lines.index(AWAY) - 1].startswith("Tham gia: 0/140 người")

    links = DashboardLinks(b"test-dashboard-secret-of-32-characters!", "http://127.0.0.1")
    app = web.Application()
    Dashboard(sessions, catalogs, ProvinceConfig(), clock, links).mount(app)
    async with TestClient(TestServer(app)) as client:
        page = await client.get(links.path(world.leader, world.cluster, clock.now()))
        html = await page.text()
    assert page.status == 200
    assert figures(html)["away"] == "2"
    assert "Vắng (nghỉ thai sản 1, đi học 1)" in html

    # On the first of the year, nobody is away: no such line or tile.
    clock.set(datetime(2027, 1, 4, 10, 0, tzinfo=VN))
    assert not any(line.startswith("Vắng:") for line in
                   (await leader.command("tonghop"))[0].text.split("\n"))  # fmt: skip


async def test_the_report_counts_them_apart(sessions: SessionFactory, catalogs: Catalogs) -> None:
    await _seed(sessions)
    leader = _leader(sessions, catalogs, FakeClock(DECEMBER))
    menu = (await leader.command("soanbaocao"))[0]
    reply = (await leader.press(menu, "Báo cáo Đợt II năm 2026"))[0]
    assert reply.file is not None, reply.text
    text = read_docx(reply.file.content).text
    assert (
        "Đến ngày 08/12/2026, có 2 người vắng (nghỉ thai sản: 1 người; đi học: 1 người), được "
        "tính riêng, không tính là chưa tham gia."
    ) in text
