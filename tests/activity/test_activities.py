"""Activity reports end to end on both channels: in steps, in one line, edited, refused."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime

import pytest
from sqlmodel import select

from bot.config import Settings
from domain.roles import Role
from storage.activity.models import ActivityReport
from tests.activity.activity_helpers import (
    VN,
    Person,
    fix_clock,
    inbox,
    move,
    person,
    seed,
    send_photo,
)
from tests.membership.orgdata import Org
from tests.support.drivers import CHANNELS, Running, running_bot

pytestmark = pytest.mark.parametrize("channel", CHANNELS)

# A Monday in Đợt I, six days after President Hồ Chí Minh's birthday.
NOW = datetime(2026, 5, 25, 10, 0, tzinfo=VN)


@pytest.fixture
async def bot(
    channel: str, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Running]:
    fix_clock(monkeypatch, NOW)
    async with running_bot(channel, settings) as running:
        yield running


@pytest.fixture
async def org(bot: Running) -> Org:
    roles = (Role.MEMBER, Role.REPORTER, Role.LEADER)
    return await seed(bot.app.sessions, dict.fromkeys(roles, bot.channel))


async def _reports(bot: Running) -> list[ActivityReport]:
    async with bot.app.sessions() as session:
        return list((await session.exec(select(ActivityReport))).all())


def _who(bot: Running, role: Role) -> Person:
    return person(bot.channel, role, bot.telegram, bot.zalo)


async def test_report_in_steps_with_a_photo(bot: Running, org: Org) -> None:
    member = _who(bot, Role.MEMBER)
    menu = (await member.send("/baocao"))[0]
    assert menu.text.startswith("Chọn loại hoạt động để báo cáo.")
    assert menu.options[:2] == ["Tọa đàm", "Học tập, trao đổi kinh nghiệm"]
    assert menu.options[-1] == "Báo cáo đã gửi (sửa, xóa)"
    assert (await member.choose("Tọa đàm"))[0].text.startswith("Tên hoạt động")
    assert (await member.send("ab"))[0].text.startswith("Tên hoạt động cần từ 3 đến 200 ký tự")
    assert (await member.send("Tọa đàm chuyển đổi số"))[0].text.startswith("Hoạt động diễn ra")
    future = (await member.send("30/5"))[0].text
    assert future.startswith("Ngày “30/5” chưa tới: chỉ báo cáo hoạt động đã diễn ra")
    closed = (await member.send("20/12/2025"))[0].text
    assert closed == (
        "Đợt II năm 2025 đã hết hạn báo cáo ngày 15/01/2026, nên không nhận báo cáo, sửa hay "
        "xóa cho ngày 20/12/2025 nữa."
    )
    anniversary = (await member.send("19/5"))[0]
    assert anniversary.text.startswith(  # inside a sentence: «kỷ niệm» in lower case
        "Hoạt động này có chào mừng kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh "
        "(19/5/1890 - 19/5/2026) không?"
    )
    assert anniversary.options == ["Có, chào mừng", "Không gắn"]
    await member.choose("Có, chào mừng")
    assert (await member.send("bốn mươi"))[0].text.startswith("Số người tham gia phải là")
    assert (await member.send("45 người"))[0].text.startswith(
        "Mô tả ngắn hoạt động (tối đa 2.000 ký tự)"
    )
    too_long = (await member.send("x" * 2001))[0].text
    assert too_long == "Mô tả dài 2.001 ký tự; tối đa 2.000 ký tự. Vui lòng rút gọn."
    assert (await member.send("Chia sẻ kinh nghiệm số hóa hồ sơ."))[0].text.startswith("Gửi ảnh")
    assert (await member.send("ảnh đâu"))[0].text.startswith("Vui lòng gửi ảnh")
    assert (await send_photo(member))[0].text.startswith("Đã nhận 1/10 ảnh.")
    summary = (await member.choose("Xong"))[0]
    assert summary.options == ["Lưu", "Thêm ảnh", "Sửa", "Hủy"]
    for line in ("Loại: Tọa đàm", "Tên: Tọa đàm chuyển đổi số", "Ngày: 19/5/2026 (Đợt I năm 2026)",
                 "Số người tham gia: 45", "Ảnh: 1"):  # fmt: skip
        assert line in summary.text
    saved = (await member.choose("Lưu"))[0].text
    assert saved.startswith("Đã lưu báo cáo số 1 “Tọa đàm chuyển đổi số”. Cảm ơn đồng chí!")
    assert "đến hết ngày 15/7/2026, khi Đợt I năm 2026 hết hạn báo cáo" in saved
    [report] = await _reports(bot)
    assert (report.kind, report.day, report.participants) == ("seminar", date(2026, 5, 19), 45)
    assert (report.unit_id, report.author_id) == (
        org.units["so-tai-chinh"], org.people[Role.MEMBER])  # fmt: skip
    assert report.anniversary_key == "ho_chi_minh_birthday"
    assert report.description == "Chia sẻ kinh nghiệm số hóa hồ sơ."
    [photo] = report.photos
    assert photo["channel"] == bot.channel and photo["ref"]
    if bot.channel == "zalo":
        assert photo["ref"] == "https://photo.zalo.example/hoat-dong-1.jpg"


async def test_one_line_report_with_a_photo_then_edit_and_delete(bot: Running, org: Org) -> None:
    member = _who(bot, Role.MEMBER)
    asked = (await member.send("/baocao tọa đàm | Tọa đàm chuyển đổi số | 19/5 | 45"))[0]
    assert asked.options == ["Có, chào mừng", "Không gắn"]
    summary = (await member.choose("Không gắn"))[0]
    assert "Loại: Tọa đàm" in summary.text and "Chào mừng" not in summary.text
    await member.choose("Thêm ảnh")
    await send_photo(member)
    assert "Ảnh: 1" in (await member.choose("Xong"))[0].text
    assert (await member.choose("Lưu"))[0].text.startswith("Đã lưu báo cáo số 1")
    fields = (await member.send("/baocao sửa 1"))[0]
    assert fields.text.startswith("Sửa mục nào?") and "Số người" in fields.options
    await member.choose("Số người")
    assert "Số người tham gia: 60" in (await member.send("60"))[0].text
    assert (await member.choose("Lưu"))[0].text.startswith("Đã lưu báo cáo số 1")
    [report] = await _reports(bot)
    assert (report.participants, len(report.photos), report.anniversary_key) == (60, 1, None)
    await member.send("/baocao")
    listed = (await member.choose("Báo cáo đã gửi (sửa, xóa)"))[0]
    assert listed.options == ["#1 Tọa đàm chuyển đổi số"]
    detail = (await member.choose("#1 Tọa đàm chuyển đổi số"))[0]
    assert detail.text.startswith("Báo cáo số 1 — Sở Tài chính") and detail.options[:2] == [
        "Sửa", "Xóa"]  # fmt: skip
    assert (await member.choose("Xóa"))[0].text.startswith("Xóa báo cáo số 1")
    deleted = (await member.choose("Có, xóa"))[0].text
    assert deleted == "Đã xóa báo cáo số 1 “Tọa đàm chuyển đổi số”."
    assert await _reports(bot) == []


async def test_bad_one_liners_store_nothing(bot: Running, org: Org) -> None:
    member = _who(bot, Role.MEMBER)
    cases = {
        "/baocao tọa đàm | Tọa đàm | 15/12/2025 | 45": "Đợt II năm 2025 đã hết hạn báo cáo",
        "/baocao tọa đàm | Tọa đàm | 30/5 | 45": "Ngày “30/5” chưa tới",
        "/baocao tọa đàm | Tọa đàm | 31/2 | 45": "Ngày “31/2” không có trên lịch.",
        "/baocao múa lân | Tọa đàm | 19/5 | 45": "Tôi chưa nhận ra loại hoạt động “múa lân”.",
        "/baocao tọa đàm | Tọa đàm | 19/5 | 0": "Số người tham gia phải là số nguyên",
        "/baocao tọa đàm | Tọa đàm | 19/5": "Báo cáo nhanh cần 4 hoặc 5 phần",
        "/baocao sửa 99": "Không tìm thấy báo cáo này",
    }
    for typed, answer in cases.items():
        assert (await member.send(typed))[0].text.startswith(answer), typed
    assert await _reports(bot) == []


async def _insert(bot: Running, org: Org, unit: str, author: Role, day: date) -> int:
    async with bot.app.sessions() as session, session.begin():
        row = ActivityReport(
            unit_id=org.units[unit], author_id=org.people[author], kind="other",
            title="Hoạt động khác", day=day, participants=10, created_at=NOW, updated_at=NOW,
        )  # fmt: skip
        session.add(row)
        await session.flush()
        assert row.id is not None
        return row.id


async def test_nobody_changes_another_units_report(bot: Running, org: Org) -> None:
    other = await _insert(bot, org, "so-y-te", Role.LEADER, date(2026, 5, 20))
    colleague = await _insert(bot, org, "so-tai-chinh", Role.REPORTER, date(2026, 5, 20))
    closed = await _insert(bot, org, "so-tai-chinh", Role.MEMBER, date(2025, 12, 20))
    member, reporter = _who(bot, Role.MEMBER), _who(bot, Role.REPORTER)
    denied = "Chỉ người viết báo cáo hoặc đầu mối của đơn vị đó mới được sửa, xóa báo cáo này."
    for driver in (member, reporter):
        assert (await driver.send(f"/baocao xóa {other}"))[0].text == denied
        assert (await driver.send(f"/baocao sua {other}"))[0].text == denied
    assert (await member.send(f"/baocao xoa {colleague}"))[0].text == denied
    assert (await member.send(f"/baocao xoa {closed}"))[0].text.startswith("Đợt II năm 2025")
    # The unit's reporter may change a colleague's report; then loses the right mid-way.
    assert (await reporter.send(f"/baocao xoa {colleague}"))[0].options == ["Có, xóa", "Không"]
    await move(bot.app.sessions, org.people[Role.REPORTER], org.units["so-y-te"], Role.REPORTER)
    assert (await reporter.choose("Có, xóa"))[0].text == denied  # an old button, replayed
    assert len(await _reports(bot)) == 3


async def test_leader_marks_a_good_example_seen_in_mine(bot: Running, org: Org) -> None:
    member, leader = _who(bot, Role.MEMBER), _who(bot, Role.LEADER)
    await member.send("/baocao người tốt | Nhặt được của rơi trả người mất | hôm qua | 1")
    await member.choose("Không gắn")
    await member.choose("Lưu")
    menu = (await leader.send("/baocao"))[0]
    assert menu.options[-2:] == ["Nêu gương từ báo cáo của cụm", "Duyệt đăng ký thi đua"]
    listed = (await leader.choose("Nêu gương từ báo cáo của cụm"))[0]
    assert "• #1 24/5/2026 — Sở Tài chính: Nhặt được của rơi trả người mất" in listed.text
    shown = (await leader.choose(listed.options[0]))[0]  # cut on a Telegram button
    assert shown.options == ["Nêu gương", "Quay lại"]
    done = (await leader.choose("Nêu gương"))[0].text
    assert done.startswith("Đã nêu gương báo cáo số 1 “Nhặt được của rơi trả người mất”.")
    told = await inbox(member)
    assert told[0].text == (
        "Báo cáo “Nhặt được của rơi trả người mất” của đồng chí đã được nêu gương điển hình. "
        "Cảm ơn đồng chí!"
    )
    mine = (await member.send("/cuatoi"))[0].text
    assert "⭐ Gương điển hình: 24/5/2026 — Nhặt được của rơi trả người mất" in mine
    # The member may not mark examples, even by replaying nothing: the option is not offered.
    assert "Nêu gương từ báo cáo của cụm" not in (await member.send("/baocao"))[0].options


async def test_mine_is_paged_under_the_zalo_limit(bot: Running, org: Org) -> None:
    for _ in range(30):
        await _insert(bot, org, "so-tai-chinh", Role.MEMBER, date(2026, 5, 20))
    member = _who(bot, Role.MEMBER)
    first = (await member.send("/cuatoi"))[0]
    assert "Báo cáo, đăng ký và gương điển hình (trang 1/" in first.text
    assert first.options == ["Ngừng dùng, xóa tài khoản", "Trang sau"] and len(first.text) < 1800
    second = (await member.choose("Trang sau"))[0]
    assert "(trang 2/" in second.text and second.options[0] == "Trang trước"
    assert len(second.text) < 1800


async def test_a_title_without_a_letter_is_refused_on_both_paths(bot: Running, org: Org) -> None:
    member = _who(bot, Role.MEMBER)
    refused = "Tên hoạt động cần từ 3 đến 200 ký tự và có ít nhất một chữ cái. Vui lòng nhập lại."
    await member.send("/baocao")
    await member.choose("Tọa đàm")
    assert (await member.send("😀😀😀"))[0].text == refused
    assert (await member.send("  ...  "))[0].text == refused
    assert (await member.send("Tọa đàm 5S"))[0].text.startswith("Hoạt động diễn ra ngày nào?")
    await member.send("/huy")
    assert (await member.send("/baocao tọa đàm | 😀😀😀 | 19/5 | 45"))[0].text == refused
    assert await _reports(bot) == []


async def test_edit_or_delete_without_the_number_asks_for_it(bot: Running, org: Org) -> None:
    member = _who(bot, Role.MEMBER)
    asked = (
        "Vui lòng ghi số của báo cáo, ví dụ: /baocao sửa 12 hoặc /baocao xóa 12. Số của từng báo "
        "cáo có trong /baocao, mục “Báo cáo đã gửi (sửa, xóa)”."
    )
    for typed in ("/baocao sửa", "/baocao xóa abc", "/baocao xoa"):
        assert (await member.send(typed))[0].text == asked
    assert await _reports(bot) == []
