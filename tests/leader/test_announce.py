"""Announcements end to end: preview with counts, every member once, the group once, a report."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlmodel import select

from bot.config import Settings
from domain.roles import Role
from storage.leader.models import Announcement
from storage.membership.models import GroupLink, Identity, Member
from tests.membership.orgdata import Org, seed_org
from tests.support.drivers import Both, running_both

LEADER = 5001


@pytest.fixture
async def both(settings: Settings) -> AsyncIterator[Both]:
    async with running_both(settings) as running:
        yield running


@pytest.fixture
async def org(both: Both) -> Org:
    org = await seed_org(
        both.app.sessions,
        accounts={
            Role.LEADER: ("telegram", str(LEADER)),
            Role.MEMBER: ("zalo", "zmember01"),
            Role.REPORTER: ("telegram", "5003"),
        },
    )
    async with both.app.sessions() as session, session.begin():
        session.add(GroupLink(channel="telegram", chat_id="-2001", cluster_id=org.cluster_a))
        # A member of another cluster, who must not receive it.
        other = Member(full_name="Ngoài Cụm", role="member", unit_id=org.units["so-y-te"])
        session.add(other)
        await session.flush()
        assert other.id is not None
        session.add(Identity(member_id=other.id, channel="zalo", external_user_id="zother",
                             chat_id="zother"))  # fmt: skip
    both.telegram.user(5003)
    both.telegram.group(-2001, "Cụm 1")
    return org


async def test_leader_announces_to_the_cluster(both: Both, org: Org) -> None:
    emu, zalo = both.telegram, both.zalo
    leader = emu.user(LEADER, "Phạm Văn Trưởng")
    await emu.send_text(leader, "/thongbao")
    assert (await emu.wait_messages(leader.id))[0]["text"].startswith("Nhập nội dung thông báo")
    await emu.send_text(leader, "Họp cụm lúc 8 giờ thứ Hai tại Sở Tài chính.")
    preview = (await emu.wait_messages(leader.id))[0]["text"]
    assert "Sẽ gửi riêng tới 3 tài khoản (Telegram 2, Zalo 1) và 1 nhóm chat." in preview
    await emu.press(leader, emu.messages(leader.id)[-1], "Gửi")
    queued = (await emu.wait_messages(leader.id))[0]["text"]
    assert queued.startswith("Đang gửi thông báo tới 4 nơi nhận.")
    expected = ("Thông báo của Cụm thi đua số 1:\n\nHọp cụm lúc 8 giờ thứ Hai tại Sở Tài chính."
                "\n\n— Phạm Văn Trưởng")  # fmt: skip
    got_leader = await emu.wait_messages(leader.id, 2)  # the announcement and the report
    texts = sorted(m["text"] for m in got_leader)
    assert expected in texts
    delivery = "Kết quả gửi thông báo: đã gửi 4, lỗi 0, không liên lạc được 0 (đã chặn trợ lý)."
    assert delivery in texts
    assert (await emu.wait_messages(5003))[0]["text"] == expected
    assert (await emu.wait_messages(-2001))[0]["text"] == expected
    assert (await zalo.wait_messages("zmember01"))[0]["text"] == expected
    assert zalo.messages("zother") == []


async def test_a_member_cannot_announce_and_a_replayed_send_does_nothing(
    both: Both, org: Org
) -> None:
    emu = both.telegram
    reporter = emu.user(5003)
    await emu.send_text(reporter, "/thongbao Giả mạo")
    assert (await emu.wait_messages(reporter.id))[0]["text"] == (
        "Đồng chí không có quyền dùng lệnh /thongbao."
    )
    leader = emu.user(LEADER, "Phạm Văn Trưởng")
    await emu.send_text(leader, "/thongbao Một lần thôi")
    preview = (await emu.wait_messages(leader.id))[0]
    await emu.press(leader, preview, "Gửi")
    await emu.wait_messages(leader.id)
    token = preview["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await emu.send_update(  # a second tap on the same button
        {"callback_query": {"id": "77", "from": leader.to_api(), "chat_instance": "1",
                            "message": preview, "data": token}}
    )  # fmt: skip
    stale = [m["text"] for m in await emu.wait_messages(leader.id, 3)]
    assert "Lựa chọn này đã cũ. Vui lòng gõ lại lệnh để bắt đầu lại." in stale
    async with both.app.sessions() as session:
        assert len((await session.exec(select(Announcement))).all()) == 1
