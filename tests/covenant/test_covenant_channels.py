"""The covenant end to end on each channel, January 2027: Telegram buttons, Zalo numbers.

cum-1's leader opens it, unit c's reporter signs on its head's behalf, the leader and the
deputy sign as their units' heads, the unsigned are nudged once, the record comes back as a
Word file (Telegram) or a 24-hour link (Zalo), and the launch plan reaches every member.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.config import Settings
from storage.membership.models import Identity
from tests.activity.activity_helpers import fix_clock
from tests.drafting.draftdata import read_docx
from tests.support.drivers import (
    CHANNELS,
    Both,
    Driver,
    Seen,
    TelegramDriver,
    ZaloDriver,
    running_both,
)
from tests.support.fakeclock import FakeClock
from tests.support.ports import free_port
from tests.year.yearworld import World, moment, seed

LINK = re.compile(r"(http://127\.0\.0\.1:\d+/files/\S+)")
TEXT = (
    "Các đơn vị thành viên cam kết thi đua hoàn thành xuất sắc nhiệm vụ chính trị năm 2027, "
    "tích cực hưởng ứng phong trào “Vì người nghèo”."
)
TELEGRAM = {"Lê Văn An": 7101, "Trần Thị Bình": 7102, "Phạm Văn Cường": 7103, "Võ Văn Em": 7105}
ZALO = {"Lê Văn An": "z-an", "Trần Thị Bình": "z-binh", "Phạm Văn Cường": "z-cuong",
        "Võ Văn Em": "z-em"}  # fmt: skip


@pytest.fixture
async def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    return fix_clock(monkeypatch, moment(2027, 1, 5, 9))


@pytest.fixture
async def both(settings: Settings, clock: FakeClock, tmp_path: Path) -> AsyncIterator[Both]:
    port = free_port()
    update = {"public_base_url": f"http://127.0.0.1:{port}", "webhook_port": port,
              "exports_dir": str(tmp_path / "exports"),
              # Options are stamped with the real time: 2027 on the fake clock must not find
              # them stale.
              "choice_ttl_hours": 24 * 3650}  # fmt: skip
    async with running_both(settings.model_copy(update=update)) as running:
        yield running


async def _world(both: Both) -> World:
    """The year's world, each person with a Telegram account beside their Zalo one (both
    known to the emulators, so that every notice reaches them)."""
    world = await seed(both.app.sessions, table=False)
    for name, number in TELEGRAM.items():
        both.telegram.user(number, name)
        both.zalo.user(name, user_id=ZALO[name])
    async with both.app.sessions() as session, session.begin():
        for name, number in TELEGRAM.items():
            session.add(Identity(member_id=world.people[name], channel="telegram",
                                 external_user_id=str(number), chat_id=str(number)))  # fmt: skip
    return world


def _person(both: Both, channel: str, name: str) -> Driver:
    if channel == "telegram":
        return TelegramDriver(both.telegram, TELEGRAM[name], "vi")
    driver = ZaloDriver(both.zalo)
    driver.user = both.zalo.user(name, user_id=ZALO[name])  # the same person: no new account
    return driver


async def _document(both: Both, channel: str, seen: list[Seen]) -> bytes:
    """Return the Word file a reply handed over: Telegram's document, or Zalo's link."""
    if channel == "telegram":
        document = next(s.raw["document"] for s in seen if "document" in s.raw)
        return both.telegram.file_bytes(document["file_id"])
    found = next(m for s in seen if (m := LINK.search(s.text)))
    async with httpx.AsyncClient() as client:
        served = await client.get(found.group(1))
    assert served.status_code == 200
    return served.content


async def _told(driver: Driver, count: int = 1) -> list[Seen]:
    """Return the next messages the bot sent this person unasked (through the outbox)."""
    assert isinstance(driver, TelegramDriver | ZaloDriver)
    return await driver._collect(count)


def _files(channel: str) -> int:
    """Messages a reply with a file takes: Telegram sends the document after the text."""
    return 2 if channel == "telegram" else 1


@pytest.mark.parametrize("channel", CHANNELS)
async def test_the_cluster_signs_and_launches_its_year(
    both: Both, clock: FakeClock, channel: str
) -> None:
    await _world(both)
    slash = "/" if channel == "telegram" else ""  # Zalo takes the command word alone
    leader = _person(both, channel, "Lê Văn An")
    [ask] = await leader.send(f"{slash}giaouoc")
    assert ask.text.startswith("Cụm thi đua số 1 chưa có giao ước thi đua năm 2027.")
    [preview] = await leader.send(TEXT)
    assert TEXT in preview.text and preview.options[:1] == ["Mở ký kết"]
    [opened] = await leader.choose("Mở ký kết")
    # Three signers (a's and b's heads, c's reporter), each on both channels.
    assert opened.text.startswith("Đã mở ký kết giao ước thi đua và báo tới 6 tài khoản")
    await _told(leader)  # he heads unit a: he is told too

    reporter = _person(both, channel, "Phạm Văn Cường")  # English is his language
    [told] = await _told(reporter)
    assert told.text.startswith("Cụm thi đua số 1 has opened the 2027 emulation covenant")
    clock.set(moment(2027, 1, 5, 10))
    [view] = await reporter.send(f"{slash}giaouoc")
    assert TEXT in view.text and view.options == ["Sign the covenant", "Later"]
    [signed] = await reporter.choose("Sign the covenant")
    assert signed.text == (
        "Signed the emulation covenant on behalf of Đơn vị C at 10:00 on 5 Jan 2027. Thank you."
    )

    clock.set(moment(2027, 1, 5, 11))
    [status] = await leader.send(f"{slash}giaouoc")
    assert status.text.split("\n")[0] == (
        "Giao ước thi đua năm 2027 của Cụm thi đua số 1: đã ký 1/3 đơn vị."
    )
    [mine] = await leader.choose("Ký cho Đơn vị A")
    assert mine.text.startswith("Đã ký giao ước thi đua thay mặt Đơn vị A lúc 11:00")
    [status] = await leader.send(f"{slash}giaouoc")
    [nudged] = await leader.choose("Nhắc đơn vị chưa ký")
    assert nudged.text == "Đã gửi nhắc tới 2 tài khoản của các đơn vị chưa ký."  # b's head, twice
    [status] = await leader.send(f"{slash}giaouoc")
    [again] = await leader.choose("Nhắc đơn vị chưa ký")
    assert again.text == "Những người này đã được nhắc hôm nay; không gửi lại."
    deputy = _person(both, channel, "Trần Thị Bình")
    notices = await _told(deputy, 2)  # the opening, then one nudge
    assert [n.text.split(":")[0] for n in notices[:2]] == [
        "Cụm thi đua số 1 đã mở ký kết giao ước thi đua năm 2027 (đồng chí Lê Văn An khởi xướng). "
        "Thủ trưởng đơn vị, hoặc đầu mối đơn vị ký thay, vui lòng gõ /giaouoc để xem nội dung và "
        "ký.", "Nhắc việc"]  # fmt: skip
    await deputy.send(f"{slash}giaouoc")
    clock.set(moment(2027, 1, 6, 14))
    [done] = await deputy.choose("Ký cho Đơn vị B")
    assert done.text.startswith("Đã ký giao ước thi đua thay mặt Đơn vị B lúc 14:00")
    [all_signed] = await _told(leader)
    assert all_signed.text.startswith("Cả 3 đơn vị của Cụm thi đua số 1 đã ký giao ước")
    [also] = await _told(deputy)  # she is the cluster's deputy
    assert also.text == all_signed.text
    await deputy.silence(0.3)  # told nothing more: one nudge only

    [status] = await leader.send(f"{slash}giaouoc")
    record = await leader.choose("Biên bản ký kết", expect=_files(channel))
    assert record[0].text.startswith("Dự thảo biên bản ký kết giao ước thi đua năm 2027 của Cụm")
    read = read_docx(await _document(both, channel, record))
    assert [row[1:] for row in read.tables[1][1:]] == [
        ["Đơn vị A", "Lê Văn An", "11 giờ 00 phút\nngày 05/01/2027"],
        ["Đơn vị B", "Trần Thị Bình", "14 giờ 00 phút\nngày 06/01/2027"],
        ["Đơn vị C", "Phạm Văn Cường\n(đầu mối đơn vị, ký thay thủ trưởng)",
         "10 giờ 00 phút\nngày 05/01/2027"],
    ]  # fmt: skip

    [status] = await leader.send(f"{slash}giaouoc")
    drafted = await leader.choose("Kế hoạch phát động", expect=_files(channel))
    assert drafted[0].options == ["Phát động", "Để sau"]
    plan = read_docx(await _document(both, channel, drafted))
    assert plan.paragraphs[:2] == [
        "KẾ HOẠCH", "Phát động phong trào thi đua năm 2027 của Cụm thi đua số 1"]  # fmt: skip
    [launched] = await leader.choose("Phát động")
    # cum-1's five members on Zalo, four of them on Telegram too: nine accounts.
    assert launched.text.startswith("Đã phát động: thông báo đang được gửi tới 9 nơi nhận.")
    await _told(leader)  # he is a member of the cluster too
    member = _person(both, channel, "Võ Văn Em")
    [announcement] = await _told(member)
    assert announcement.text.startswith("Cụm thi đua số 1 phát động phong trào thi đua năm 2027.")
    received = await member.send(f"{slash}giaouoc", expect=_files(channel))
    assert read_docx(await _document(both, channel, received)).paragraphs == plan.paragraphs
