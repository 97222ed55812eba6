"""Invites, joining, one person on two channels, group chats and leaving, end to end."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.config import Settings
from domain.roles import Role
from storage.db.times import utcnow
from storage.membership.models import GroupLink, Identity, Invite, Member
from tests.membership.orgdata import Org, seed_org
from tests.support.drivers import Both, running_both

LEADER_TG = 5001


@pytest.fixture
async def both(settings: Settings) -> AsyncIterator[Both]:
    async with running_both(settings) as running:
        yield running


@pytest.fixture
async def org(both: Both) -> Org:
    return await seed_org(
        both.app.sessions,
        accounts={Role.LEADER: ("telegram", str(LEADER_TG)), Role.MEMBER: ("zalo", "zmember01")},
    )


async def _invite_code(both: Both, unit: str = "Sở Xây dựng", role: str = "thành viên") -> str:
    emu = both.telegram
    leader = emu.user(LEADER_TG, "Phạm Văn Trưởng")
    await emu.send_text(leader, "/moi")
    units = (await emu.wait_messages(leader.id))[0]
    await emu.press(leader, units, unit)
    roles = (await emu.wait_messages(leader.id))[0]
    assert [b["text"] for row in roles["reply_markup"]["inline_keyboard"] for b in row] == [
        "thành viên", "đầu mối đơn vị"]  # fmt: skip
    await emu.press(leader, roles, role)
    answer: str = (await emu.wait_messages(leader.id))[0]["text"]
    assert "Đơn vị: Sở Xây dựng (Cụm thi đua số 1)" in answer
    assert "https://t.me/thidua_test_bot?start=" in answer
    return answer.split("Mã mời: ")[1].split("\n")[0]


async def test_invite_then_join_on_zalo_and_the_leader_is_told(both: Both, org: Org) -> None:
    code = await _invite_code(both, role="đầu mối đơn vị")
    zalo = both.zalo
    newcomer = zalo.user("Đỗ Thị Mai")
    await zalo.send_text(newcomer, code.lower())  # typed by hand on Zalo, in lower case
    confirm = (await zalo.wait_messages(newcomer.id))[0]["text"]
    assert confirm.startswith("Mã mời vào đơn vị Sở Xây dựng (Cụm thi đua số 1)")
    assert "1. Đúng, tham gia\n2. Không phải" in confirm
    await zalo.send_text(newcomer, "1")
    assert (await zalo.wait_messages(newcomer.id))[0]["text"].startswith("Họ và tên đầy đủ")
    await zalo.send_text(newcomer, "Mai 123")
    assert (await zalo.wait_messages(newcomer.id))[0]["text"].startswith("Vui lòng nhập họ và tên")
    await zalo.send_text(newcomer, "  Đỗ   Thị Mai ")
    welcome = (await zalo.wait_messages(newcomer.id))[0]["text"]
    assert welcome.startswith(
        "Đồng chí Đỗ Thị Mai (Sở Xây dựng) đã kết nối với trợ lý phong trào thi đua."
    )
    told = await both.telegram.wait_messages(LEADER_TG)
    assert told[0]["text"] == "Đỗ Thị Mai vừa tham gia Sở Xây dựng với vai trò đầu mối đơn vị."
    async with both.app.sessions() as session:
        member = (await session.exec(select(Member).where(Member.full_name == "Đỗ Thị Mai"))).one()
    assert (member.role, member.unit_id, member.active) == (
        "reporter",
        org.units["so-xay-dung"],
        True,
    )


async def test_join_by_telegram_deep_link(both: Both, org: Org) -> None:
    code = await _invite_code(both)
    emu = both.telegram
    person = emu.user(6001, "Hà")
    await emu.send_text(person, f"/start {code}")
    await emu.press(person, (await emu.wait_messages(person.id))[0], "Đúng, tham gia")
    await emu.wait_messages(person.id)
    await emu.send_text(person, "Hoàng Văn Hà")
    assert (await emu.wait_messages(person.id))[0]["text"].startswith("Đồng chí Hoàng Văn Hà")
    await emu.send_text(person, "/trogiup")
    assert (
        "/cuatoi — Thông tin và hồ sơ của tôi" in (await emu.wait_messages(person.id))[0]["text"]
    )


async def _add_invite(
    both: Both, org: Org, code: str, *, days: int, max_uses: int = 50, uses: int = 0
) -> None:
    async with both.app.sessions() as session, session.begin():
        session.add(
            Invite(
                code=code,
                unit_id=org.units["so-y-te"],
                cluster_id=org.cluster_b,
                role="member",
                expires_at=utcnow() + timedelta(days=days),
                max_uses=max_uses,
                uses=uses,
            )
        )


async def test_expired_used_up_and_forged_codes(both: Both, org: Org) -> None:
    await _add_invite(both, org, "EXPYRED2", days=-1)
    await _add_invite(both, org, "USEDUP23", days=1, max_uses=1, uses=1)
    emu = both.telegram
    person = emu.user(6002)
    answers = []
    for typed in ("/start EXPYRED2", "/start USEDUP23", "/start ZZZZ9999", "/start <script>"):
        await emu.send_text(person, typed)
        answers.append((await emu.wait_messages(person.id))[0]["text"])
    assert answers[0].startswith("Mã mời này đã hết hạn ngày")
    assert answers[1].startswith("Mã mời này đã được dùng hết số lần cho phép.")
    assert answers[2].startswith("Mã “ZZZZ9999” không đúng.")
    assert answers[3].startswith("Mã “<script>” không đúng.")
    async with both.app.sessions() as session:
        assert (
            await session.exec(select(Identity).where(Identity.external_user_id == "6002"))
        ).all() == []


async def test_the_last_use_of_a_code_goes_to_one_person(both: Both, org: Org) -> None:
    await _add_invite(both, org, "MASTXUSE", days=1, max_uses=1)
    emu = both.telegram
    first, second = emu.user(6003), emu.user(6004)
    for person in (first, second):  # both confirm before either gives a name
        await emu.send_text(person, "/start MASTXUSE")
        await emu.press(person, (await emu.wait_messages(person.id))[0], "Đúng, tham gia")
        await emu.wait_messages(person.id)
    await emu.send_text(first, "Người Thứ Nhất")
    assert (await emu.wait_messages(first.id))[0]["text"].startswith("Đồng chí Người Thứ Nhất")
    await emu.send_text(second, "Người Thứ Hai")
    late = (await emu.wait_messages(second.id))[0]["text"]
    assert late.startswith("Mã mời này đã được dùng hết số lần cho phép.")


async def test_one_person_on_two_channels(both: Both, org: Org) -> None:
    zalo, emu = both.zalo, both.telegram
    member_zalo = zalo.user("Nguyễn Văn Minh", user_id="zmember01")
    await zalo.send_text(member_zalo, "lienket")
    code = (await zalo.wait_messages(member_zalo.id))[0]["text"].split(": ")[1].split("\n")[0]
    person_tg = emu.user(6100, "Minh", language_code="en")
    await emu.send_text(person_tg, code)
    assert (await emu.wait_messages(person_tg.id))[0]["text"].startswith("Linked!")
    await emu.send_text(person_tg, "/cuatoi")
    mine = (await emu.wait_messages(person_tg.id))[0]["text"]
    assert "Full name: Nguyễn Văn Minh" in mine and "Accounts: Telegram, Zalo" in mine
    stranger = emu.user(6101)
    await emu.send_text(stranger, f"/start {code}")  # a link code works once
    assert "không đúng, đã được dùng" in (await emu.wait_messages(stranger.id))[0]["text"]


async def test_group_is_linked_by_its_leader_and_unlinked_when_the_bot_leaves(
    both: Both, org: Org
) -> None:
    emu = both.telegram
    leader, outsider = emu.user(LEADER_TG, "Phạm Văn Trưởng"), emu.user(6200)
    group = emu.group(-1001, "Cụm 1 — trao đổi")
    await emu.send_update(_bot_membership(group.id, leader.to_api(), "left", "member"))
    assert (await emu.wait_messages(group.id))[0]["text"].startswith("Xin chào các đồng chí!")
    await emu.send_text(outsider, "/nhom", chat=group)
    assert (await emu.wait_messages(group.id))[0]["text"].startswith("Đồng chí chưa là thành viên")
    await emu.send_text(leader, "/nhom@thidua_test_bot", chat=group)
    linked = (await emu.wait_messages(group.id))[0]["text"]
    assert linked == ("Đã liên kết nhóm này với Cụm thi đua số 1. "
                      "Thông báo của cụm, khối sẽ được gửi vào đây.")  # fmt: skip
    async with both.app.sessions() as session:
        link = (await session.exec(select(GroupLink))).one()
    assert (link.chat_id, link.cluster_id, link.title) == (
        "-1001",
        org.cluster_a,
        "Cụm 1 — trao đổi",
    )
    await emu.send_update(_bot_membership(group.id, leader.to_api(), "member", "kicked"))
    # Chats are handled side by side, so no answer in another chat tells that the removal
    # was handled: look at the links until it is gone (or 5 s have passed).
    links: list[GroupLink] = [link]
    for _ in range(100):
        async with both.app.sessions() as session:
            links = list((await session.exec(select(GroupLink))).all())
        if not links:
            break
        await asyncio.sleep(0.05)
    assert links == []


def _bot_membership(chat_id: int, by: dict[str, object], old: str, new: str) -> dict[str, object]:
    bot = {"id": 123456, "is_bot": True, "first_name": "Thi đua", "username": "thidua_test_bot"}
    kicked = {"until_date": 0} if new == "kicked" else {}
    return {"my_chat_member": {
        "chat": {"id": chat_id, "type": "group", "title": "Cụm 1 — trao đổi"},
        "from": by, "date": 1760000000,
        "old_chat_member": {"status": old, "user": bot},
        "new_chat_member": {"status": new, "user": bot} | kicked,
    }}  # fmt: skip


async def test_leaving_forgets_the_person(both: Both, org: Org) -> None:
    zalo = both.zalo
    member = zalo.user("Nguyễn Văn Minh", user_id="zmember01")
    await zalo.send_text(member, "cuatoi")
    shown = (await zalo.wait_messages(member.id))[0]["text"]
    assert "Họ và tên: Nguyễn Văn Minh" in shown and "Đơn vị: Sở Tài chính" in shown
    await zalo.send_text(member, "1")
    assert (await zalo.wait_messages(member.id))[0]["text"].startswith("Đồng chí chắc chắn")
    await zalo.send_text(member, "1")
    assert (await zalo.wait_messages(member.id))[0]["text"].startswith(
        "Đồng chí đã ngừng dùng trợ lý"
    )
    await zalo.send_text(member, "cuatoi")
    assert (await zalo.wait_messages(member.id))[0]["text"].startswith(
        "Đồng chí chưa là thành viên"
    )
    async with both.app.sessions() as session:
        row = await session.get(Member, org.people[Role.MEMBER])
        ids = (
            await session.exec(
                select(Identity).where(Identity.member_id == org.people[Role.MEMBER])
            )
        ).all()
    assert row is not None and (row.active, row.full_name, row.unit_id) == (
        False,
        "",
        org.units["so-tai-chinh"],
    )
    assert ids == []


async def test_a_demoted_leader_cannot_use_an_old_button(both: Both, org: Org) -> None:
    emu = both.telegram
    leader = emu.user(LEADER_TG, "Phạm Văn Trưởng")
    await emu.send_text(leader, "/moi")
    units = (await emu.wait_messages(leader.id))[0]
    async with both.app.sessions() as session, session.begin():
        row = await session.get(Member, org.people[Role.LEADER])
        assert row is not None
        row.role, row.cluster_id = "member", None
        session.add(row)
    await emu.press(leader, units, "Sở Xây dựng")
    assert (await emu.wait_messages(leader.id))[0][
        "text"
    ] == "Đồng chí không còn quyền thực hiện thao tác này."
    async with both.app.sessions() as session:
        assert (await session.exec(select(Invite))).all() == []


async def test_a_group_where_the_bot_may_not_write_is_not_linked(both: Both, org: Org) -> None:
    emu = both.telegram
    leader = emu.user(LEADER_TG, "Phạm Văn Trưởng")
    group = emu.group(-1002, "Nhóm hạn chế")
    emu.set_member_status(group.id, 123456, "restricted", can_send_messages=False)
    await emu.send_text(leader, "/nhom", chat=group)
    private = (await emu.wait_messages(leader.id))[0]["text"]
    assert private.startswith("Tôi chưa được phép gửi tin nhắn trong nhóm “Nhóm hạn chế”.")
    assert emu.messages(group.id) == []
    async with both.app.sessions() as session:
        assert (await session.exec(select(GroupLink))).all() == []
