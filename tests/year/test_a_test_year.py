"""Issue 24's test year as one story, on the fake clock, on each channel (and each database).

2026 published in two clusters → the admin forwards and declines proposals (each leader told
once) → the list (.xlsx) and the submission (.docx) read back equal the published results →
/chuyennam: the plan first (nothing changed), then for real, then again (nothing more) → new
heads and deputies by rotation, 2026's leader a member again, everyone told once → in January
2027 khoi-2's units sign the covenant and the record lists them → on 3/2/2027 the greeting
says «Kỷ niệm 97 năm» → /tonghop counts 2027 and /tonghop 2026 still shows 2026.

Every step is the one its own test drives (tests/proposals, tests/year, tests/covenant,
tests/calendar, tests/leader): here they run in a row on one database, as a province would.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlmodel import col, select

from bot.config import Settings
from storage.db.engine import SessionFactory
from storage.membership.models import Identity
from storage.outbox.models import Outbox
from storage.year.models import YearTurn
from tests.activity.activity_helpers import fix_clock
from tests.drafting.draftdata import read_docx
from tests.proposals.proposalworld import RULES, seed_published, told
from tests.proposals.test_proposals_chat import admin, decide, downloads
from tests.scoring.scoringchat import pick, say
from tests.support.drivers import CHANNELS, Both, TelegramDriver, ZaloDriver, running_both
from tests.support.fakeclock import FakeClock
from tests.support.ports import free_port
from tests.year.yearworld import PEOPLE, World, count, moment, roles

Driver = TelegramDriver | ZaloDriver
COVENANT = (
    "Các đơn vị thành viên cam kết thi đua hoàn thành xuất sắc nhiệm vụ chính trị năm 2027, "
    "tích cực hưởng ứng phong trào “Vì người nghèo”."
)
# khoi-2's 2027 head and deputy on Telegram too (added after the turn: its counts stay the
# same on both channels).
TELEGRAM = {"Huỳnh Thị Hà": 7301, "Đỗ Văn Giang": 7302}
SLOGAN = (
    "Nhiệt liệt chào mừng Kỷ niệm 97 năm Ngày thành lập Đảng Cộng sản Việt Nam "
    "(03/02/1930 - 03/02/2027)!"
)
OPENED = "Khối thi đua số 2 đã mở ký kết giao ước thi đua năm 2027"
NOTHING_MORE = "Năm 2026 đã khép lại và năm 2027 đã mở từ trước; lần này không có gì thay đổi."


@pytest.fixture
async def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    return fix_clock(monkeypatch, moment(2026, 12, 10, 9))


@pytest.fixture
async def both(settings: Settings, clock: FakeClock, tmp_path: Path) -> AsyncIterator[Both]:
    """Both channels, the province's award rules, files as links on Zalo."""
    folder = tmp_path / "config"
    shutil.copytree("config", folder)
    (folder / "scoring.yaml").write_text(RULES, encoding="utf-8")
    port = free_port()
    update = {"config_dir": str(folder), "public_base_url": f"http://127.0.0.1:{port}",
              "webhook_port": port, "exports_dir": str(tmp_path / "exports"),
              # Options are stamped with the real time: 2027 must not find them stale.
              "choice_ttl_hours": 24 * 3650}  # fmt: skip
    async with running_both(settings.model_copy(update=update)) as running:
        yield running


def _person(both: Both, channel: str, name: str) -> Driver:
    if channel == "telegram":
        return TelegramDriver(both.telegram, TELEGRAM[name], "vi")
    driver = ZaloDriver(both.zalo)
    driver.user = both.zalo.user(name, user_id=PEOPLE[name][3])
    return driver


async def _skip_unread(driver: Driver) -> list[str]:
    """Read what the bot sent this person unasked so far; return its texts."""
    texts: list[str] = []
    while True:
        try:
            found = await driver.emu.wait_messages(driver.user.id, 1, timeout=0.5)
        except TimeoutError:
            return texts
        texts += [str(m.get("text") or m.get("caption", "")) for m in found]


async def _awaited(driver: Driver, start: str) -> list[str]:
    """Wait for a message that starts with `start`; return it and what came before it."""
    texts: list[str] = []
    while not any(t.startswith(start) for t in texts):
        found = await driver.emu.wait_messages(driver.user.id, 1, timeout=10)
        texts += [str(m.get("text") or m.get("caption", "")) for m in found]
    return texts


async def _rows(sessions: SessionFactory, prefix: str) -> list[Outbox]:
    async with sessions() as session:
        found = await session.exec(select(Outbox).where(col(Outbox.key).startswith(prefix)))
        return list(found.all())


@pytest.mark.slow
@pytest.mark.parametrize("channel", CHANNELS)
async def test_a_year_from_the_published_ranking_to_the_next_years_summary(
    both: Both, clock: FakeClock, channel: str
) -> None:
    app = both.app
    world = await seed_published(app.sessions, app.catalogs, app.province)
    for name, (*_, chat, _locale) in PEOPLE.items():
        both.zalo.user(name, user_id=chat)  # every notice reaches a known account
    office = admin(channel, both)

    # December 2026: the office weighs the proposals, each cluster's leaders told once.
    await say(office, "/denghi")
    await decide(office, world)
    sent = await told(app.sessions)
    per_account = Counter(key.rsplit(":", 1)[-1] for key in sent)
    assert per_account == {"z-an": 2, "z-binh": 2, "z-giang": 2}  # two decisions each
    assert len({text for text in sent.values()}) == 4  # four decisions, one text each
    await downloads(office, both, world)

    # January 2027: the plan, the turn, and the turn again.
    clock.set(moment(2027, 1, 5, 9))
    before = await roles(app.sessions)
    preview = await say(office, "/chuyennam")
    assert preview.text.startswith(
        "Chuyển năm thi đua: khép lại năm 2026, mở năm 2027. Dự kiến (chưa có gì thay đổi):"
    ), preview.text
    assert "  • Trưởng cụm, khối: Trần Thị Bình (Đơn vị B)" in preview.text
    assert "  • Trưởng cụm, khối: Huỳnh Thị Hà (Đơn vị D)" in preview.text
    assert preview.options == ["Thực hiện", "Hủy"]
    assert await roles(app.sessions) == before
    assert await count(app.sessions, YearTurn) == 0 and await _rows(app.sessions, "year:") == []
    done = await pick(office, "Thực hiện")
    assert done.text.startswith("Đã khép lại năm 2026 và mở năm 2027: 2 cụm, khối có lãnh đạo")
    await _awaited(office, "Năm 2026 đã khép lại; chào mừng năm thi đua 2027!")
    await _rotated(app.sessions, world)
    turned = {(o.key, o.text) for o in await _rows(app.sessions, "year:")}
    again = await say(office, "/chuyennam")
    assert again.text == NOTHING_MORE
    assert {(o.key, o.text) for o in await _rows(app.sessions, "year:")} == turned
    assert await count(app.sessions, YearTurn) == 1
    await _rotated(app.sessions, world)

    await _covenant(both, clock, channel, world)
    await _greeting_and_summary(both, clock, channel)


async def _rotated(sessions: SessionFactory, world: World) -> None:
    """New heads and deputies by rotation, 2026's head a member again, everyone told once."""
    after = await roles(sessions)
    cum, khoi = world.clusters["cum-1"], world.clusters["khoi-2"]
    assert {name: after[name] for name in PEOPLE} == {
        "Lê Văn An": ("member", None), "Trần Thị Bình": ("leader", cum),
        "Phạm Văn Cường": ("deputy", cum), "Ngô Thị Dung": ("member", None),
        "Võ Văn Em": ("member", None), "Đỗ Văn Giang": ("deputy", khoi),
        "Huỳnh Thị Hà": ("leader", khoi), "Lý Văn Khánh": ("member", None),
        "Mai Thị Lan": ("admin", None),
    }  # fmt: skip
    rows = await _rows(sessions, "year:")
    seats = Counter((o.channel, o.chat_id) for o in rows if ":seat:" in o.key)
    greetings = Counter((o.channel, o.chat_id) for o in rows if ":greeting:" in o.key)
    assert seats == {("zalo", chat): 1 for chat in ("z-an", "z-binh", "z-cuong", "z-giang",
                                                    "z-ha")}  # fmt: skip
    accounts = {("zalo", chat) for *_, chat, _ in PEOPLE.values()} | {("telegram", "7950")}
    assert greetings == dict.fromkeys(accounts, 1)
    assert len(rows) == len(seats) + len(greetings)


async def _covenant(both: Both, clock: FakeClock, channel: str, world: World) -> None:
    """khoi-2's new head opens the covenant; both its units sign; the record lists them."""
    async with both.app.sessions() as session, session.begin():
        for name, number in TELEGRAM.items():
            both.telegram.user(number, name)
            session.add(Identity(member_id=world.people[name], channel="telegram",
                                 external_user_id=str(number), chat_id=str(number)))  # fmt: skip
    head, deputy = _person(both, channel, "Huỳnh Thị Hà"), _person(both, channel, "Đỗ Văn Giang")
    await _skip_unread(head)
    await _skip_unread(deputy)
    ask = await say(head, "/giaouoc")
    assert ask.text.startswith("Khối thi đua số 2 chưa có giao ước thi đua năm 2027."), ask.text
    preview = await say(head, COVENANT)
    assert COVENANT in preview.text and preview.options[:1] == ["Mở ký kết"]
    opened = await pick(head, "Mở ký kết")
    assert opened.text.startswith("Đã mở ký kết giao ước thi đua"), opened.text
    await _awaited(head, OPENED)  # she heads unit D: told too
    status = await say(head, "/giaouoc")
    assert status.text.startswith(
        "Giao ước thi đua năm 2027 của Khối thi đua số 2: đã ký 0/2 đơn vị."
    ), status.text
    clock.set(moment(2027, 1, 5, 10))
    mine = await pick(head, "Ký cho Đơn vị D")
    assert mine.text.startswith("Đã ký giao ước thi đua thay mặt Đơn vị D lúc 10:00"), mine.text
    clock.set(moment(2027, 1, 6, 14))
    await _awaited(deputy, OPENED)
    await say(deputy, "/giaouoc")
    signed = await pick(deputy, "Ký cho Đơn vị E")
    assert signed.text.startswith("Đã ký giao ước thi đua thay mặt Đơn vị E lúc 14:00")
    await _awaited(head, "Cả 2 đơn vị của Khối thi đua số 2 đã ký giao ước")
    await say(head, "/giaouoc")
    files = 2 if channel == "telegram" else 1
    record = await _document(head, "Biên bản ký kết", files)
    assert [row[1:] for row in read_docx(record).tables[1][1:]] == [
        ["Đơn vị D", "Huỳnh Thị Hà", "10 giờ 00 phút\nngày 05/01/2027"],
        ["Đơn vị E", "Đỗ Văn Giang", "14 giờ 00 phút\nngày 06/01/2027"],
    ]


async def _document(driver: Driver, label: str, files: int) -> bytes:
    """Choose `label`; return the Word file it hands over (a document, or a link on Zalo)."""
    if isinstance(driver, TelegramDriver):
        assert driver.last_options is not None
        await driver.emu.press(driver.user, driver.last_options, label)
        found = await driver.emu.wait_messages(driver.user.id, files)
        document = next(m["document"] for m in found if "document" in m)
        return bytes(driver.emu.file_bytes(document["file_id"]))
    answer = await pick(driver, label)
    link = re.search(r"(http://127\.0\.0\.1:\d+/files/\S+)", answer.text)
    assert link is not None, answer.text
    async with httpx.AsyncClient() as client:
        served = await client.get(link.group(1))
    assert served.status_code == 200
    return served.content


async def _greeting_and_summary(both: Both, clock: FakeClock, channel: str) -> None:
    """3/2/2027: the 97th anniversary's greeting; /tonghop of 2027 and of 2026."""
    app = both.app
    head = _person(both, channel, "Huỳnh Thị Hà")
    await _skip_unread(head)
    clock.set(moment(2027, 2, 3, 8))
    await app.reminders.run_due()
    await _awaited(head, SLOGAN)
    greetings = await _rows(app.sessions, "rem:anniversary-party_founding:greeting:2027-02-03")
    mine = [o for o in greetings if o.chat_id in ("z-ha", str(TELEGRAM["Huỳnh Thị Hà"]))]
    assert [o.text for o in mine] and all(o.text == SLOGAN for o in mine)
    assert Counter(o.chat_id for o in greetings).most_common(1)[0][1] == 1  # once each
    await _skip_unread(head)
    # The summary counts 2027 (its own registrations: none yet, nothing scored) …
    now = (await say(head, "/tonghop")).text.split("\n")
    await _skip_unread(head)  # what follows the summary on the channel
    assert now[0] == "Tổng hợp Khối thi đua số 2 ngày 03/02/2027", now
    assert now[1].startswith("Đợt I năm 2027: từ 01/01/2027"), now
    assert "Đăng ký thi đua năm 2027: chờ duyệt 0, đã chấp nhận 0, trả lại 0, chưa gửi 2." in now
    assert any(line.startswith("Chấm điểm thi đua năm 2027 (") for line in now), now
    # … and 2026 still reads as it closed: D registered and accepted, E never sent.
    then = (await say(head, "/tonghop 2026")).text.split("\n")
    await _skip_unread(head)
    assert then[0] == "Tổng hợp Khối thi đua số 2 năm 2026", then
    assert then[1].startswith("Đợt II năm 2026: từ 01/7/2026 đến 31/12/2026"), then
    registered = then.index(
        "Đăng ký thi đua năm 2026: chờ duyệt 0, đã chấp nhận 1, trả lại 0, chưa gửi 1."
    )
    assert then[registered + 1 : registered + 3] == ["Chưa gửi đăng ký (1):", "• Đơn vị E"]
    assert "Ủng hộ “Gia Lai chung tay vì người nghèo 2026”:" in then
