"""Nudges reach only those who have not yet done what is due: by command and on schedule."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from bot.core.pipeline import Core
from bot.i18n import Catalogs
from bot.province import province_from
from bot.reminders.service import Reminders
from domain.messages import Channel
from domain.roles import Role
from handlers import build_registry
from storage.activity.models import ActivityReport
from storage.db.engine import SessionFactory
from storage.membership.models import Identity, Member
from storage.outbox.models import Outbox
from storage.pledge.models import Pledge
from tests.membership.orgdata import Org, seed_org
from tests.support.corechat import CoreChat
from tests.support.fakeclock import FakeClock

VN = ZoneInfo("Asia/Ho_Chi_Minh")


async def _people(sessions: SessionFactory) -> tuple[Org, dict[str, int]]:
    """Leader and reporter of Sở Tài chính; three members there, two in Sở Xây dựng."""
    org = await seed_org(
        sessions,
        accounts={Role.LEADER: ("zalo", "leader"), Role.REPORTER: ("zalo", "reporter")},
    )
    ids: dict[str, int] = {}
    async with sessions() as session, session.begin():
        for name, unit in (("a", "so-tai-chinh"), ("b", "so-tai-chinh"), ("c", "so-tai-chinh"),
                           ("d", "so-xay-dung"), ("e", "so-xay-dung")):  # fmt: skip
            member = Member(full_name=f"Thành viên {name}", role="member", unit_id=org.units[unit])
            session.add(member)
            await session.flush()
            assert member.id is not None
            ids[name] = member.id
            session.add(Identity(member_id=member.id, channel="zalo", external_user_id=name,
                                 chat_id=name))  # fmt: skip
        # Imported but never joined: no account, so no nudge can reach them and none is counted.
        session.add(Member(full_name="Chưa tham gia", role="member", unit_id=org.units["so-y-te"]))
        session.add(
            Member(full_name="Chưa tham gia 2", role="member", unit_id=org.units["so-tai-chinh"])
        )
        for name in ("a", "d"):  # these two pledged already
            session.add(Pledge(campaign_year=2026, member_id=ids[name], unit_id=org.units[
                "so-tai-chinh" if name == "a" else "so-xay-dung"], amount=500_000))  # fmt: skip
        # Sở Tài chính reported an activity in Đợt I; Sở Xây dựng did not.
        session.add(ActivityReport(unit_id=org.units["so-tai-chinh"], author_id=ids["a"],
                                   kind="toa-dam", title="Tọa đàm", day=date(2026, 5, 19),
                                   participants=30))  # fmt: skip
    return org, ids


async def _nudged(sessions: SessionFactory, kind: str) -> set[str]:
    async with sessions() as session:
        rows = (
            await session.exec(select(Outbox).where(col(Outbox.key).startswith(f"nudge:{kind}:")))
        ).all()
    return {row.chat_id for row in rows}


async def test_leader_nudges_only_those_without_a_pledge(
    sessions: SessionFactory, catalogs: Catalogs
) -> None:
    await _people(sessions)
    clock = FakeClock(datetime(2026, 6, 10, 10, 0, tzinfo=VN))
    core = Core(sessions=sessions, registry=build_registry(), catalogs=catalogs, clock=clock,
                province=province_from({}, VN))  # fmt: skip
    leader = CoreChat(core, user_id="leader", channel=Channel.ZALO)
    menu = (await leader.command("nhacnho"))[0]
    assert "• Chưa đăng ký ủng hộ Quỹ “Vì người nghèo”: 5 người" in menu.text
    # The leader and the reporter have not pledged either: they are members too.
    assert menu.choices[0].full == "Nhắc: Chưa đăng ký ủng hộ Quỹ “Vì người nghèo”"
    assert menu.choices[0].label == "Nhắc: Chưa đăng ký ủng hộ Quỹ…"  # a button's length
    done = await leader.press(menu, menu.choices[0].label)
    assert done[0].text == "Đã gửi nhắc tới 5 tài khoản."
    assert await _nudged(sessions, "pledge") == {"leader", "reporter", "b", "c", "e"}
    again = (await leader.command("nhacnho"))[0]
    assert (await leader.press(again, again.choices[0].label))[0].text == (
        "Những người này đã được nhắc hôm nay; không gửi lại."
    )
    member = CoreChat(core, user_id="b", channel=Channel.ZALO)
    assert (await member.command("nhacnho"))[
        0
    ].text == "Đồng chí không có quyền dùng lệnh /nhacnho."


async def test_scheduled_nudges_before_the_phase_deadline(sessions: SessionFactory) -> None:
    await _people(sessions)
    # Đợt I ends on Tuesday 30/6/2026; the nudge 7 days before falls on Tuesday 23/6 at 09:00.
    clock = FakeClock(datetime(2026, 6, 23, 9, 0, tzinfo=VN))
    reminders = Reminders(sessions, Catalogs(), province_from({}, VN), clock)
    decisions = dict(await reminders.run_due())
    assert decisions["phase-1:nudge:2026-06-30:7"] == "sent"
    assert await _nudged(sessions, "pledge") == {"leader", "reporter", "b", "c", "e"}
    # The only reporter works at Sở Tài chính, which has reported: no report nudge.
    assert await _nudged(sessions, "report") == set()
    async with sessions() as session:
        row = (await session.exec(select(Outbox).where(Outbox.chat_id == "b"))).one()
    assert row.text.startswith(
        "Nhắc việc: đồng chí chưa đăng ký ủng hộ Quỹ “Vì người nghèo” năm 2026."
    )
