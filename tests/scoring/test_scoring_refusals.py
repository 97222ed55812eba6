"""Every refused step of the finale is answered clearly and changes nothing in the database."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.config import Settings
from domain.roles import Role
from storage.membership.models import Member
from tests.activity.activity_helpers import VN, fix_clock, inbox, move, person
from tests.scoring.scoringchat import pick, say
from tests.scoring.scoringworld import seed_world, snapshot
from tests.scoring.test_scoring_finale import FINANCE, reporter_of, score, submit
from tests.support.drivers import CHANNELS, running_both
from tests.support.fakeclock import FakeClock

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=VN)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    return fix_clock(monkeypatch, NOW)


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.slow
async def test_refused_steps_change_nothing(
    settings: Settings, clock: FakeClock, channel: str
) -> None:
    async with running_both(settings) as both:
        world = await seed_world(both.app.sessions, channel)
        sessions = both.app.sessions
        finance = person(channel, Role.REPORTER, both.telegram, both.zalo)
        leader = person(channel, Role.LEADER, both.telegram, both.zalo)
        deputy = person(channel, Role.DEPUTY, both.telegram, both.zalo)
        member = person(channel, Role.MEMBER, both.telegram, both.zalo)
        building = reporter_of(channel, "so-xay-dung", both)
        await score(finance, FINANCE)
        await submit(finance, leader, "Sở Tài chính", "89")
        await inbox(deputy)
        await say(building, "/chamdiem")
        before = await snapshot(sessions)
        if channel == "telegram":  # Zalo bots have no group chats yet
            # Not in a group chat: the scores and evidence are not the group's to read.
            group = both.telegram.group(-3001, "Nhóm Cụm 1")
            await both.telegram.send_text(both.telegram.user(7002), "/chamdiem", chat=group)
            [answer] = await both.telegram.wait_messages(-3001)
            assert answer["text"] == "Vui lòng dùng /chamdiem trong tin nhắn riêng với tôi."
        # A member sees nothing before publication; a deputy reviews but does not publish.
        assert (await say(member, "/chamdiem")).text == (
            "Kết quả chấm điểm thi đua chưa được công bố."
        )
        assert "Công bố kết quả" not in (await say(deputy, "/chamdiem")).options
        # The unit cannot change a submitted score, nor send again.
        assert "Đang chờ cụm, khối thẩm định." in (await say(finance, "/chamdiem")).text
        # A reporter who is no longer one: the open menu acts for nobody.
        await move(sessions, world.reporters["so-xay-dung"], world.org.units["so-xay-dung"],
                   Role.MEMBER)  # fmt: skip
        assert (await say(building, "1.1 30")).text == (
            "Chỉ đầu mối đơn vị được chấm điểm cho đơn vị."
        )
        assert (await say(building, "/chamdiem")).text == (
            "Kết quả chấm điểm thi đua chưa được công bố."
        )
        # A leader moved to another cluster cannot act on this one's units any more.
        await say(leader, "/chamdiem")
        await pick(leader, "Sở Tài chính")
        await pick(leader, "Sửa điểm")
        async with sessions() as session, session.begin():
            row = await session.get(Member, world.org.people[Role.LEADER])
            assert row is not None
            row.cluster_id = world.org.cluster_b
            session.add(row)
        assert (await say(leader, "1.1 10")).text == (
            "Chỉ lãnh đạo cụm, khối của đơn vị được làm việc này."
        )
        assert (await say(leader, "/chamdiem")).text == (
            "Cụm, khối chưa có thang bảng điểm thi đua năm nay."
        )
        # Publishing too early is refused (Sở Tài chính is not settled).
        await say(deputy, "/chamdiem")
        assert (await pick(deputy, "Sở Tài chính")).options[-1] == "Quay lại"
        assert await snapshot(sessions) == before
