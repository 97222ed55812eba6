"""Emulation registrations end to end: submitted, returned with a reason, corrected, accepted."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

import pytest
from sqlmodel import col, select

from bot.config import Settings
from domain.roles import Role
from storage.db.engine import SessionFactory
from storage.registration.models import Registration, RegistrationEvent
from tests.activity.activity_helpers import VN, fix_clock, inbox, move, person, seed
from tests.support.drivers import CHANNELS, Both, running_bot, running_both
from tests.support.fakeclock import FakeClock

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=VN)  # three weeks before the deadline (31/3)
OTHER = {"telegram": "zalo", "zalo": "telegram"}


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    return fix_clock(monkeypatch, NOW)


@pytest.fixture
async def both(settings: Settings, clock: FakeClock) -> AsyncIterator[Both]:
    async with running_both(settings) as running:
        yield running


async def _registrations(sessions: SessionFactory) -> list[Registration]:
    async with sessions() as session:
        return list((await session.exec(select(Registration))).all())


@pytest.mark.parametrize("channel", CHANNELS)
async def test_submitted_returned_corrected_accepted(both: Both, channel: str) -> None:
    org = await seed(both.app.sessions, {Role.REPORTER: channel, Role.LEADER: OTHER[channel]})
    reporter = person(channel, Role.REPORTER, both.telegram, both.zalo)
    leader = person(OTHER[channel], Role.LEADER, both.telegram, both.zalo)
    menu = (await reporter.send("/dangky"))[0]
    assert menu.text.startswith("Đăng ký thi đua năm 2026 của Sở Tài chính\n")
    assert "Trạng thái: đang soạn, chưa gửi" in menu.text and "Hạn gửi: 31/3/2026." in menu.text
    assert menu.options == ["Chỉ tiêu thi đua", "Danh hiệu thi đua", "Hình thức khen thưởng",
                            "Gửi duyệt", "Đóng"]  # fmt: skip
    early = await reporter.choose("Gửi duyệt", expect=2)
    assert (
        early[0].text == "Cần ít nhất một chỉ tiêu và một danh hiệu thi đua trước khi gửi duyệt."
    )
    assert early[1].options == menu.options
    await reporter.choose("Chỉ tiêu thi đua")
    shown = (await reporter.send("PCI tăng 2 bậc\n100% hồ sơ trực tuyến"))[0].text
    assert "• PCI tăng 2 bậc\n• 100% hồ sơ trực tuyến" in shown
    titles = (await reporter.choose("Danh hiệu thi đua"))[0]
    assert titles.options[0] == "Tập thể lao động xuất sắc"
    ticked = (await reporter.choose("Tập thể lao động xuất sắc"))[0]
    assert ticked.options[0] == "✓ Tập thể lao động xuất sắc"
    assert "• Tập thể lao động xuất sắc" in (await reporter.choose("Xong"))[0].text
    await reporter.choose("Hình thức khen thưởng")
    ticked = (await reporter.send("1, 2"))[0]
    whole = "✓ Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"  # cut on a Telegram button
    cut = "✓ Bằng khen của Chủ tịch Ủy…" if channel == "telegram" else whole
    assert ticked.options[:2] == [cut, "✓ Giấy khen"]
    await reporter.choose("Xong")
    sent = (await reporter.choose("Gửi duyệt"))[0].text
    assert sent.startswith("Đã gửi đăng ký thi đua năm 2026 của Sở Tài chính tới Trưởng")
    told = (await inbox(leader))[0].text
    assert told.startswith("Sở Tài chính đã gửi đăng ký thi đua năm 2026.")
    # While it waits, the unit cannot change it.
    assert "Đăng ký đã gửi đi" in (await reporter.send("/dangky"))[0].text
    await leader.send("/baocao")
    await leader.choose("Duyệt đăng ký thi đua")
    detail = (await leader.choose("Sở Tài chính (2026)"))[0]
    assert "• PCI tăng 2 bậc" in detail.text and "Lịch sử:" in detail.text
    assert detail.options == ["Chấp nhận", "Trả lại để sửa", "Quay lại"]
    await leader.choose("Trả lại để sửa")
    assert (await leader.send("ok"))[0].text.startswith("Lý do cần từ 3 đến 500 ký tự")
    back = (await leader.send("Chỉ tiêu PCI cần ghi rõ thứ hạng mục tiêu"))[0].text
    assert back == "Đã trả lại đăng ký của Sở Tài chính kèm lý do. Đơn vị đã được báo."
    returned = (await inbox(reporter))[0].text
    assert returned == (
        "Đăng ký thi đua năm 2026 của Sở Tài chính được trả lại để sửa. Lý do: Chỉ tiêu PCI cần "
        "ghi rõ thứ hạng mục tiêu\nGõ /dangky để sửa và gửi lại."
    )
    again = (await reporter.send("/dangky"))[0].text
    assert "Trạng thái: được trả lại để sửa" in again
    assert "Lý do trả lại: Chỉ tiêu PCI cần ghi rõ thứ hạng mục tiêu" in again
    await reporter.choose("Chỉ tiêu thi đua")
    await reporter.send("PCI vào nhóm 10 tỉnh dẫn đầu; 100% hồ sơ trực tuyến")
    await reporter.choose("Gửi duyệt")
    assert (await inbox(leader))[0].text.startswith("Sở Tài chính đã gửi đăng ký")
    await leader.send("/baocao")
    await leader.choose("Duyệt đăng ký thi đua")
    await leader.choose("Sở Tài chính (2026)")
    accepted = (await leader.choose("Chấp nhận"))[0].text
    assert accepted.startswith("Đã chấp nhận đăng ký thi đua năm 2026 của Sở Tài chính.")
    assert (await inbox(reporter))[0].text == (
        "Đăng ký thi đua năm 2026 của Sở Tài chính đã được chấp nhận."
    )
    [row] = await _registrations(both.app.sessions)
    assert (row.status, row.unit_id, row.titles) == (
        "accepted", org.units["so-tai-chinh"], ["excellent_collective"])  # fmt: skip
    assert row.targets[0] == {"text": "PCI vào nhóm 10 tỉnh dẫn đầu", "number": 10.0, "unit": ""}
    assert row.targets[1] == {"text": "100% hồ sơ trực tuyến", "number": 100.0, "unit": "%"}
    async with both.app.sessions() as session:
        statement = select(RegistrationEvent).order_by(col(RegistrationEvent.id))
        events = [(e.action, e.member_id) for e in (await session.exec(statement)).all()]
    unit, lead = org.people[Role.REPORTER], org.people[Role.LEADER]
    assert events == [("targets", unit), ("titles", unit), ("rewards", unit), ("submitted", unit),
                      ("returned", lead), ("targets", unit), ("submitted", unit),
                      ("accepted", lead)]  # fmt: skip


@pytest.mark.parametrize("channel", CHANNELS)
async def test_nobody_registers_for_another_unit(
    settings: Settings, clock: FakeClock, channel: str
) -> None:
    async with running_bot(channel, settings) as bot:
        roles = (Role.REPORTER, Role.MEMBER, Role.ADMIN)
        org = await seed(bot.app.sessions, dict.fromkeys(roles, channel))
        reporter, member, admin = (person(channel, r, bot.telegram, bot.zalo) for r in roles)
        mine_only = "Đồng chí chỉ đăng ký được cho đơn vị của mình."
        assert (await reporter.send("/dangky so-y-te"))[0].text == mine_only
        unknown = (await reporter.send("/dangky khong-co"))[0].text
        assert unknown == "Không có đơn vị nào có mã “khong-co”."
        assert (await member.send("/dangky"))[
            0
        ].text == "Đồng chí không có quyền dùng lệnh /dangky."
        assert (await member.send("/dangky so-tai-chinh"))[0].text.startswith(
            "Đồng chí không có quyền"
        )
        assert (await admin.send("/dangky"))[0].text.startswith("Quản trị đăng ký thay")
        assert "Sở Y tế" in (await admin.send("/dangky so-y-te"))[0].text
        await reporter.send("/dangky")
        # The reporter moves to another unit; the old buttons must not act for the old one.
        await move(
            bot.app.sessions, org.people[Role.REPORTER], org.units["so-y-te"], Role.REPORTER
        )
        assert (await reporter.choose("Chỉ tiêu thi đua"))[0].text == mine_only
        assert "Sở Y tế" in (await reporter.send("/dangky"))[0].text
        await move(bot.app.sessions, org.people[Role.REPORTER], org.units["so-y-te"], Role.MEMBER)
        no_more = (await reporter.choose("Gửi duyệt"))[0].text
        assert no_more == "Đồng chí không còn quyền thực hiện thao tác này."
        assert await _registrations(bot.app.sessions) == []


@pytest.mark.parametrize("channel", CHANNELS)
async def test_first_submission_after_the_deadline_is_refused(
    settings: Settings, clock: FakeClock, channel: str
) -> None:
    clock.set(datetime(2026, 4, 1, 9, 0, tzinfo=VN))
    async with running_bot(channel, settings) as bot:
        await seed(bot.app.sessions, {Role.REPORTER: channel})
        reporter = person(channel, Role.REPORTER, bot.telegram, bot.zalo)
        answer = (await reporter.send("/dangky"))[0]
        assert answer.text.endswith(
            "Đã quá hạn đăng ký thi đua năm 2026 (31/3/2026). Vui lòng liên hệ Ban Thi đua - "
            "Khen thưởng."
        )
        assert answer.options == []
        assert await _registrations(bot.app.sessions) == []


@pytest.mark.parametrize("channel", CHANNELS)
async def test_a_leader_finds_the_registrations_to_review_under_dangky(
    settings: Settings, clock: FakeClock, channel: str
) -> None:
    async with running_bot(channel, settings) as bot:
        await seed(bot.app.sessions, dict.fromkeys((Role.LEADER,), channel))
        leader = person(channel, Role.LEADER, bot.telegram, bot.zalo)
        answer = (await leader.send("/dangky"))[0].text
        assert answer == "Không có đăng ký thi đua nào đang chờ duyệt."


@pytest.mark.parametrize("channel", CHANNELS)
async def test_cancel_says_the_draft_is_kept_and_a_target_needs_words(
    both: Both, channel: str
) -> None:
    await seed(both.app.sessions, {Role.REPORTER: channel})
    reporter = person(channel, Role.REPORTER, both.telegram, both.zalo)
    await reporter.send("/dangky")
    await reporter.choose("Chỉ tiêu thi đua")
    refused = "Cần từ 1 đến 20 chỉ tiêu, mỗi chỉ tiêu tối đa 300 ký tự. Vui lòng nhập lại."
    assert (await reporter.send("😀😀\n---"))[0].text == refused
    shown = (await reporter.send("PCI tăng 2 bậc\n😀\n100% hồ sơ trực tuyến"))[0].text
    assert "• PCI tăng 2 bậc\n• 100% hồ sơ trực tuyến\n" in shown
    # The draft is stored as it is typed: /huy closes it and says it is kept, not lost.
    assert (await reporter.send("/huy"))[0].text == "Đã đóng. Những gì đã nhập vẫn được lưu."
    [draft] = await _registrations(both.app.sessions)
    assert [t["text"] for t in draft.targets] == ["PCI tăng 2 bậc", "100% hồ sơ trực tuyến"]
    assert draft.status == "draft"
