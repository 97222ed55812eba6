"""Pledges end to end on both channels: emulator, adapter, core, service, database, outbox."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlmodel import select

from bot.config import Settings
from domain.roles import Role
from storage.membership.models import Identity
from storage.pledge.models import MemberSalary, Pledge
from tests.membership.orgdata import seed_org
from tests.pledge.pledgeworld import (
    CAMPAIGN,
    RECEIPT_URL,
    SIGN,
    V,
    World,
    events,
    pledge_500k,
    pledge_world,
    pledges,
)
from tests.support.drivers import CHANNELS, TelegramDriver, ZaloDriver, running_both


@pytest.fixture(params=CHANNELS)
async def world(request: pytest.FixtureRequest, settings: Settings) -> AsyncIterator[World]:
    async with pledge_world(request.param, settings) as running:
        yield running


async def test_one_line_pledge_paid_with_receipt_confirmed_by_the_reporter(world: World) -> None:
    member, reporter, people = world.member, world.reporter, world.org.people
    await pledge_500k(world)
    menu = await member.send("/ungho")
    assert menu.text.startswith(
        f"Khoản ủng hộ của đồng chí cho “{CAMPAIGN}”: 500.000{V} — đã đăng ký"
    )
    assert f"Sở Tài chính: đăng ký 500.000{V}, đã nộp 0{V}, đã xác nhận 0{V}." in menu.text
    assert "Tham gia: 1/80 người ░░░░░░░░░░ 1%" in menu.text
    assert menu.options == ["Tôi đã nộp tiền", "Sửa số tiền", "Hủy ủng hộ"]
    assert (await member.choose("Tôi đã nộp tiền")).text.startswith("Gửi ảnh biên lai")
    assert (await member.send("đã chuyển khoản")).text.startswith("Vui lòng gửi một ảnh biên lai")
    paid = await member.photo()
    assert paid.text.startswith(f"Đã ghi nhận đồng chí đã nộp 500.000{V}, kèm ảnh biên lai.")
    told = await reporter.told()
    assert told.text == (f"Nguyễn Văn Minh báo đã nộp 500.000{V} ủng hộ Quỹ “Vì người nghèo”. "
                         "Gõ /ungho để xác nhận.")  # fmt: skip
    assert (await reporter.send("/ungho")).options == [
        "Duyệt các khoản đã nộp",
        "Ghi số thu của đơn vị",
    ]
    pending = await reporter.choose("Duyệt các khoản đã nộp")
    whole = f"500.000{SIGN} — Nguyễn Văn Minh (Sở Tài chính) (có ảnh)"
    telegram = world.running.channel == "telegram"
    label = f"500.000{SIGN} — Nguyễn Văn Minh…" if telegram else whole  # a button is cut
    assert pending.options == [label, "Xong"]
    assert (f"• {whole}" in pending.text) == telegram
    assert (f"Ảnh biên lai của Nguyễn Văn Minh: {RECEIPT_URL}" in pending.text) == (
        world.running.channel == "zalo"
    )
    confirmed = await reporter.choose(label)
    assert confirmed.text.startswith(f"Đã xác nhận 500.000{V} của Nguyễn Văn Minh.")
    assert "Không có khoản ủng hộ nào đang chờ xác nhận." in confirmed.text
    thanks = await member.told()
    assert thanks.text.startswith(f"Khoản ủng hộ 500.000{V} của đồng chí đã được xác nhận.")
    [pledge] = await pledges(world)
    assert (pledge.amount, pledge.status, pledge.unit_id) == (
        500_000, "confirmed", world.org.units["so-tai-chinh"])  # fmt: skip
    if world.running.channel == "zalo":
        assert pledge.receipt_ref == RECEIPT_URL
    else:
        assert pledge.receipt_ref  # the Telegram file id of the biggest size
    assert await events(world) == [
        ("pledge", people[Role.MEMBER]), ("paid", people[Role.MEMBER]),
        ("confirm", people[Role.REPORTER]),
    ]  # fmt: skip
    mine = await member.send("/cuatoi")
    assert f"Ủng hộ Quỹ “Vì người nghèo”: 500.000{V} — đã nộp và được xác nhận." in mine.text


async def test_steps_one_days_salary_edit_cancel_and_pledge_again(world: World) -> None:
    member = world.member
    assert (await member.send("/ungho")).text.startswith(
        f"“{CAMPAIGN}”: đồng chí ủng hộ bao nhiêu?"
    )
    assert (await member.send("một ngày lương")).text.startswith("Lương tháng của đồng chí là bao")
    assert (await member.send("abc")).text.startswith("Tôi chưa đọc được “abc” là số tiền.")
    day = await member.send("11 triệu")
    assert day.text.startswith(f"Một ngày lương của đồng chí là 500.000{V} (lương tháng "
                               f"11.000.000{V} chia 22 ngày làm việc")  # fmt: skip
    assert day.options == ["Có, nhớ giúp tôi", "Không lưu"]
    asked = await member.choose("Không lưu")
    assert asked.text.startswith(f"Đồng chí đăng ký ủng hộ 500.000{V}")
    assert (await member.choose("Sửa số tiền")).text.startswith("Nhập lại số tiền")
    low = await member.send("200k")
    assert (f"Kế hoạch vận động mỗi người ủng hộ ít nhất một ngày lương (với đồng chí là "
            f"500.000{V}).") in low.text  # fmt: skip
    assert (await member.choose("Xác nhận")).text.startswith(
        f"Đã ghi nhận khoản ủng hộ 200.000{V}"
    )
    await member.send("/ungho")
    assert (await member.choose("Sửa số tiền")).text.startswith(f"Số tiền hiện tại: 200.000{V}.")
    assert (await member.send("1tr5")).text.startswith(f"Sửa khoản ủng hộ thành 1.500.000{V}?")
    assert (await member.choose("Xác nhận")).text.startswith("Đã sửa khoản ủng hộ thành 1.500.000")
    await member.send("/ungho")
    assert (await member.choose("Hủy ủng hộ")).text.startswith(f"Hủy khoản ủng hộ 1.500.000{V}?")
    assert (await member.choose("Có, hủy khoản ủng hộ")).text.startswith("Đã hủy khoản ủng hộ.")
    async with world.running.app.sessions() as session:
        assert (await session.exec(select(MemberSalary))).all() == []  # not kept: not agreed
    assert (await member.send("/ungho 1 ngày lương")).text.startswith("Lương tháng của đồng chí")
    await member.send("10 triệu")
    asked = await member.choose("Có, nhớ giúp tôi")
    assert asked.text.startswith(
        f"Đồng chí đăng ký ủng hộ 455.000{V}"
    )  # 10.000.000 / 22, rounded up
    await member.choose("Xác nhận")
    [pledge] = await pledges(world)  # the cancelled row came back to life: one per member
    assert (pledge.amount, pledge.status) == (455_000, "pledged")
    assert [action for action, _ in await events(world)] == ["pledge", "edit", "cancel", "pledge"]
    mine = await member.send("/cuatoi")
    assert f"Lương tháng đồng chí cho tôi lưu: 10.000.000{V}" in mine.text
    await member.send("/ungho")
    assert (
        await member.choose("Xóa lương đã lưu")
    ).text == "Tôi đã xóa lương tháng đồng chí cho lưu."
    async with world.running.app.sessions() as session:
        assert (await session.exec(select(MemberSalary))).all() == []


async def test_refused_amounts_change_nothing(world: World) -> None:
    member = world.member
    for typed, answer in (
        ("0", "Số tiền phải lớn hơn 0 đồng."),
        ("-500k", "Số tiền không được là số âm."),
        ("năm trăm", "“năm trăm” có thể hiểu theo nhiều cách."),
        ("1,5", "Số tiền phải là số đồng chẵn, không có phần lẻ."),
        ("1.000.5", "“1.000.5” có thể hiểu theo nhiều cách."),
        ("20 tỷ", f"Số tiền vượt quá mức tôi ghi nhận được (10.000.000.000{V})."),
        ("một cái bánh", "Tôi chưa đọc được “một cái bánh” là số tiền."),
    ):
        reply = await member.send(f"/ungho {typed}")
        assert reply.text.startswith(answer), typed
        assert "Vui lòng nhập lại, hoặc gõ /huy để hủy." in reply.text
    big = await member.send("60 triệu")  # still in the amount step
    assert big.text.startswith(f"Số tiền rất lớn: 60.000.000{V}. Đồng chí chắc chứ?")
    sure = await member.choose("Đúng, số tiền này")
    assert sure.text.startswith(f"Đồng chí đăng ký ủng hộ 60.000.000{V}")
    assert (await member.choose("Hủy")).text.startswith("Đã hủy thao tác đang làm.")
    assert await pledges(world) == []


async def test_double_tap_and_repeated_update_give_one_pledge(world: World) -> None:
    member = world.member
    await member.send("/ungho 500k")
    driver = member.driver
    if isinstance(driver, TelegramDriver):
        message = driver.last_options
        assert message is not None
        update = await driver.emu.press(driver.user, message, "Xác nhận")
        assert (await driver._collect(1))[0].text.startswith("Đã ghi nhận khoản ủng hộ")
        await driver.emu.send_update(update)  # the same update delivered again: dropped
        # A second tap on the button: a new callback query carrying the same data.
        tap = {"callback_query": {**update["callback_query"], "id": "second-tap"}}
        await driver.emu.send_update(tap)
        assert (await driver._collect(1))[0].text.startswith("Lựa chọn này đã cũ.")
    else:
        update = await driver.emu.send_text(driver.user, "1")
        assert (await driver._collect(1))[0].text.startswith("Đã ghi nhận khoản ủng hộ")
        await driver.emu.send_raw(update)  # the same update delivered again: dropped
        await driver.emu.send_text(driver.user, "1")  # "1" typed twice
        assert (await driver._collect(1))[0].text.startswith("Tôi chưa hiểu tin nhắn này.")
    await driver.silence()
    assert [p.amount for p in await pledges(world)] == [500_000]
    assert [action for action, _ in await events(world)] == ["pledge"]


async def test_one_person_on_two_channels_pledges_once(settings: Settings) -> None:
    async with running_both(settings) as both:
        org = await seed_org(both.app.sessions, accounts={Role.MEMBER: ("telegram", "7101")})
        async with both.app.sessions() as session, session.begin():
            session.add(Identity(member_id=org.people[Role.MEMBER], channel="zalo",
                                 external_user_id="ztwo", chat_id="ztwo"))  # fmt: skip
        on_telegram = TelegramDriver(both.telegram, 7101, "vi")
        on_zalo = ZaloDriver(both.zalo)
        on_zalo.user = both.zalo.user("Minh", user_id="ztwo")
        await on_telegram.send("/ungho 500k")
        await on_zalo.send("ungho 300k")
        assert (await on_zalo.choose("Xác nhận"))[0].text.startswith("Đã ghi nhận khoản ủng hộ")
        late = (await on_telegram.choose("Xác nhận"))[0].text
        assert late.startswith(f"Đồng chí đã đăng ký ủng hộ 300.000{V} trong năm nay rồi")
        async with both.app.sessions() as session:
            assert [p.amount for p in (await session.exec(select(Pledge))).all()] == [300_000]


async def test_an_english_member_pledges_one_and_a_half_million(world: World) -> None:
    member = world.member
    await member.send("/ngonngu")
    assert (await member.choose("English")).text.startswith("Switched to English")
    started = await member.send("/pledge")
    assert started.text.startswith(f"“{CAMPAIGN}”: how much would you like to give?")
    unclear = await member.send("1.500 million")  # 1.5 million in English, 1500 in Vietnamese
    assert unclear.text.startswith("“1.500 million” could mean more than one amount.")
    ask = await member.send("1.5 million")
    assert ask.text.startswith(f"Pledge ₫1,500,000 to “{CAMPAIGN}”?")
    assert ask.options == ["Confirm", "Change the amount", "Cancel"]
    done = await member.choose("Confirm")
    assert done.text.startswith("Your pledge of ₫1,500,000 is recorded. Thank you!")
    [pledge] = await pledges(world)
    assert (pledge.amount, pledge.status) == (1_500_000, "pledged")
