"""/chuyennam (/newyear): the admin's dry run, «Thực hiện» or «Hủy», refusals, a second run.

Through the real core on the fake clock of January 2027 (the province of `yearworld`), then
end to end on each channel: Telegram buttons, Zalo numbers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import Settings
from bot.core.pipeline import Core
from bot.i18n import Catalogs
from domain.messages import Channel, ChatKind
from domain.roles import Role
from handlers import build_registry
from storage.db.engine import SessionFactory
from storage.membership.models import Identity, Member
from storage.year.leaders import set_role
from storage.year.models import YearTurn
from tests.activity.activity_helpers import fix_clock
from tests.support.corechat import CoreChat
from tests.support.drivers import CHANNELS, Both, Driver, TelegramDriver, ZaloDriver, running_both
from tests.support.fakeclock import FakeClock
from tests.support.ports import free_port
from tests.support.shipped import SHIPPED
from tests.year.yearworld import count, moment, outbox, roles, seed

PREVIEW = """\
Chuyển năm thi đua: khép lại năm 2026, mở năm 2027. Dự kiến (chưa có gì thay đổi):

Cụm thi đua số 1 (luân phiên theo thứ tự các đơn vị):
  • Trưởng cụm, khối: Trần Thị Bình (Đơn vị B)
  • Phó Trưởng cụm, khối: Phạm Văn Cường (Đơn vị C)
  • Trở về vai trò thành viên của đơn vị: Lê Văn An (Đơn vị A)
  • Sao chép thang bảng điểm năm 2026 làm dự thảo năm 2027
  • Thông báo tới 5 tài khoản

Khối thi đua số 2 (luân phiên theo thứ tự các đơn vị):
  • Trưởng cụm, khối: Huỳnh Thị Hà (Đơn vị D)
  • Phó Trưởng cụm, khối: Đỗ Văn Giang (Đơn vị E)
  • Thông báo tới 3 tài khoản

Lời chào năm mới gửi tới 9 tài khoản (ngoài các cụm, khối: 1).
Đồng chí có thực hiện chuyển năm không?"""
NOTHING_MORE = "Năm 2026 đã khép lại và năm 2027 đã mở từ trước; lần này không có gì thay đổi."


def _chat(sessions: SessionFactory, catalogs: Catalogs, user: str = "z-lan") -> CoreChat:
    core = Core(sessions=sessions, registry=build_registry(), catalogs=catalogs,
                clock=FakeClock(moment(2027, 1, 5, 9)), province=SHIPPED,
                choice_ttl=timedelta(days=3650))  # fmt: skip
    return CoreChat(core, user_id=user, channel=Channel.ZALO)


async def test_the_admin_reads_the_dry_run_confirms_and_a_second_run_does_nothing(
    sessions: SessionFactory, catalogs: Catalogs
) -> None:
    world = await seed(sessions)
    admin = _chat(sessions, catalogs)
    [preview] = await admin.command("chuyennam")
    assert preview.text == PREVIEW
    assert [c.label for c in preview.choices] == ["Thực hiện", "Hủy"]
    assert await outbox(sessions) == {} and await count(sessions, YearTurn) == 0
    assert (await roles(sessions))["Lê Văn An"] == ("leader", world.clusters["cum-1"])

    [done] = await admin.press(preview, "Thực hiện")
    assert done.text == (
        "Đã khép lại năm 2026 và mở năm 2027: 2 cụm, khối có lãnh đạo năm 2027; đã xếp gửi 14 "
        "tin nhắn thông báo."
    )  # five seats and nine greetings
    after = await roles(sessions)
    assert after["Trần Thị Bình"] == ("leader", world.clusters["cum-1"])
    assert after["Huỳnh Thị Hà"] == ("leader", world.clusters["khoi-2"])
    assert after["Lê Văn An"] == ("member", None)
    sent = await outbox(sessions)
    assert len(sent) == 14
    assert sent["year:2026:greeting:zalo:z-lan"].startswith(
        "Năm 2026 đã khép lại; chào mừng năm thi đua 2027!"
    )

    [again] = await admin.command("chuyennam", "2026")
    assert again.text == NOTHING_MORE
    [stale] = await admin.press(preview, "Thực hiện")  # the old button: no second run
    assert stale.text == "Lựa chọn này đã cũ. Vui lòng gõ lại lệnh để bắt đầu lại."
    assert await outbox(sessions) == sent and await roles(sessions) == after


async def test_a_cluster_without_a_next_head_is_named_and_nothing_changes(
    sessions: SessionFactory, catalogs: Catalogs
) -> None:
    world = await seed(sessions)
    async with sessions() as session, session.begin():  # unit c: nobody to lead it
        await set_role(session=session, member_id=world.people["Phạm Văn Cường"],
                       role=Role.MEMBER, cluster_id=None)  # fmt: skip
    before = await roles(sessions)
    [refused] = await _chat(sessions, catalogs).command("chuyennam")
    assert refused.text == (
        "Chưa thể chuyển năm 2026, không có gì thay đổi:\n"
        "• Cụm thi đua số 1: đơn vị Đơn vị C không có người đảm nhiệm (không có lãnh đạo cụm, "
        "khối hay đầu mối đơn vị)."
    )
    assert refused.choices == []
    assert await roles(sessions) == before
    assert await outbox(sessions) == {} and await count(sessions, YearTurn) == 0


async def test_the_admin_may_cancel_and_in_english_reads_the_same_plan(
    sessions: SessionFactory, catalogs: Catalogs
) -> None:
    world = await seed(sessions)
    admin = _chat(sessions, catalogs)
    [preview] = await admin.command("chuyennam")
    [cancelled] = await admin.press(preview, "Hủy")
    assert cancelled.text == "Đã hủy chuyển năm; không có gì thay đổi."
    assert await count(sessions, YearTurn) == 0
    [wrong] = await admin.command("chuyennam", "năm ngoái")
    assert wrong.text == (
        "Vui lòng gõ /chuyennam, hoặc /chuyennam kèm năm cần khép lại, ví dụ /chuyennam 2026."
    )
    async with sessions() as session, session.begin():
        member = await session.get(Member, world.people["Mai Thị Lan"])
        assert member is not None
        member.locale = "en"
    [english] = await admin.command("newyear", "2026")
    lines = english.text.split("\n")
    assert lines[:4] == [
        "Turning the emulation year: closing 2026, opening 2027. The plan (nothing has changed "
        "yet):", "", "Cụm thi đua số 1 (rotation in the units' order):",
        "  • Cluster leader: Trần Thị Bình (Đơn vị B)",
    ]  # fmt: skip
    assert [c.label for c in english.choices] == ["Go ahead", "Cancel"]
    group = await admin.deliver(admin._incoming(
        text="/newyear", command="newyear", chat_kind=ChatKind.GROUP, chat_id="g-1"))  # fmt: skip
    assert [r.text for r in group] == [
        "Turning the year changes the leaders of every cluster: please type /newyear in a private "
        "chat with me."
    ]


# The admin and the 2027 head of cum-1 also on Telegram; everyone on Zalo (`yearworld`).
TELEGRAM = {"Mai Thị Lan": 7201, "Trần Thị Bình": 7202}


@pytest.fixture
async def both(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
               ) -> AsyncIterator[Both]:  # fmt: skip
    fix_clock(monkeypatch, moment(2027, 1, 5, 9))
    port = free_port()
    update = {"public_base_url": f"http://127.0.0.1:{port}", "webhook_port": port,
              "exports_dir": str(tmp_path / "exports"),
              # Options are stamped with the real time: 2027 must not find them stale.
              "choice_ttl_hours": 24 * 3650}  # fmt: skip
    async with running_both(settings.model_copy(update=update)) as running:
        yield running


def _person(both: Both, channel: str, name: str, zalo_id: str) -> Driver:
    if channel == "telegram":
        return TelegramDriver(both.telegram, TELEGRAM[name], "vi")
    driver = ZaloDriver(both.zalo)
    driver.user = both.zalo.user(name, user_id=zalo_id)
    return driver


@pytest.mark.parametrize("channel", CHANNELS)
async def test_the_turn_from_the_chat_on_each_channel(both: Both, channel: str) -> None:
    world = await seed(both.app.sessions)
    for name, number in TELEGRAM.items():
        both.telegram.user(number, name)
    for name, zalo_id in (("Mai Thị Lan", "z-lan"), ("Trần Thị Bình", "z-binh")):
        both.zalo.user(name, user_id=zalo_id)
    async with both.app.sessions() as session, session.begin():
        for name, number in TELEGRAM.items():
            session.add(Identity(member_id=world.people[name], channel="telegram",
                                 external_user_id=str(number), chat_id=str(number)))  # fmt: skip
    slash = "/" if channel == "telegram" else ""  # Zalo takes the command word alone
    admin = _person(both, channel, "Mai Thị Lan", "z-lan")
    [preview] = await admin.send(f"{slash}chuyennam")
    # The admin and the new head have a Telegram account too: 2 outside, 6 in cum-1.
    assert preview.text.startswith(PREVIEW.split("\n\n")[0])
    assert "  • Trưởng cụm, khối: Trần Thị Bình (Đơn vị B)" in preview.text
    assert "Lời chào năm mới gửi tới 11 tài khoản (ngoài các cụm, khối: 2)." in preview.text
    assert preview.options == ["Thực hiện", "Hủy"]
    [done] = await admin.choose("Thực hiện")
    assert done.text == (
        "Đã khép lại năm 2026 và mở năm 2027: 2 cụm, khối có lãnh đạo năm 2027; đã xếp gửi 17 "
        "tin nhắn thông báo."
    )  # six seats (the new head on both channels) and eleven greetings
    assert isinstance(admin, TelegramDriver | ZaloDriver)
    [greeting] = await admin._collect(1)
    assert greeting.text.startswith("Năm 2026 đã khép lại; chào mừng năm thi đua 2027!")
    head = _person(both, channel, "Trần Thị Bình", "z-binh")
    assert isinstance(head, TelegramDriver | ZaloDriver)
    told = sorted(seen.text for seen in await head._collect(2))
    assert told[0].startswith("Năm 2026 đã khép lại; chào mừng năm thi đua 2027!")
    assert told[1] == (
        "Năm 2027, đồng chí đảm nhiệm vai trò Trưởng cụm, khối (Cụm thi đua số 1, đơn vị Đơn vị "
        "B). Gõ /trogiup để xem các lệnh dành cho đồng chí."
    )
    [again] = await admin.send(f"{slash}chuyennam")
    assert again.text == NOTHING_MORE
    assert (await roles(both.app.sessions))["Trần Thị Bình"] == (
        "leader", world.clusters["cum-1"],
    )  # fmt: skip
    await admin.silence(0.3)  # greeted once
