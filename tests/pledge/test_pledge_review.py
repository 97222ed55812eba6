"""Reporters and leaders inside /ungho on both channels: confirming payments, unit collections."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.config import Settings
from domain.roles import Role
from storage.membership.models import Member
from tests.pledge.pledgeworld import SIGN, V, World, events, pledge_500k, pledge_world, pledges
from tests.support.drivers import CHANNELS


@pytest.fixture(params=CHANNELS)
async def world(request: pytest.FixtureRequest, settings: Settings) -> AsyncIterator[World]:
    async with pledge_world(request.param, settings) as running:
        yield running


async def test_only_the_units_reporter_or_its_leaders_confirm(world: World) -> None:
    await pledge_500k(world)
    await world.member.send("/ungho")
    await world.member.choose("Tôi đã nộp tiền")
    await world.member.choose("Không có ảnh")
    await world.reporter.told()
    other = world.other  # the reporter of another unit sees nothing to confirm
    await other.send("/ungho")
    nothing = await other.choose("Duyệt các khoản đã nộp")
    assert nothing.text == "Không có khoản ủng hộ nào đang chờ xác nhận."
    await world.reporter.send("/ungho")
    shown = await world.reporter.choose("Duyệt các khoản đã nộp")
    async with world.running.app.sessions() as session, session.begin():
        moved = await session.get(Member, world.org.people[Role.REPORTER])
        assert moved is not None
        moved.unit_id = world.org.units["so-xay-dung"]  # moved after the list was shown
        session.add(moved)
    refused = await world.reporter.choose(shown.options[0])  # the old button, replayed
    assert refused.text.startswith("Đồng chí không còn quyền thực hiện thao tác này.")
    assert [p.status for p in await pledges(world)] == ["paid"]
    await world.leader.send("/ungho")  # the cluster's leader may confirm
    listed = await world.leader.choose("Duyệt các khoản đã nộp")
    # A label longer than a button is cut at a word there, and spelled out in full.
    whole = f"500.000{SIGN} — Nguyễn Văn Minh (Sở Tài chính)"
    if world.running.channel == "telegram":
        assert listed.options == [f"500.000{SIGN} — Nguyễn Văn Minh…", "Xong"]
        assert f"• {whole}" in listed.text
    else:
        assert listed.options == [whole, "Xong"]
    assert (await world.leader.choose(listed.options[0])).text.startswith("Đã xác nhận")
    assert [p.status for p in await pledges(world)] == ["confirmed"]
    assert (await world.member.told()).text.startswith("Khoản ủng hộ 500.000")


async def test_unit_collection_counts_nobody_twice(world: World) -> None:
    await pledge_500k(world)
    reporter = world.reporter
    await reporter.send("/ungho")
    asked = await reporter.choose("Ghi số thu của đơn vị")
    assert f"Qua trợ lý, đơn vị đã có 1 người đăng ký, tổng 500.000{V}." in asked.text
    assert (await reporter.send("abc")).text.startswith("Tôi chưa đọc được “abc” là số tiền.")
    assert (await reporter.send("12 triệu")).text.startswith("Có bao nhiêu người đã nộp")
    nobody = await reporter.send("không ai")
    assert nobody.text == (
        "Vui lòng nhập số người bằng chữ số, lớn hơn 0, ví dụ 45; hoặc gõ /huy để hủy."
    )
    too_many = await reporter.send("80")  # 80 people, one of whom pledged here
    assert too_many.text.startswith("Đơn vị chỉ còn 79 người chưa đăng ký qua trợ lý.")
    sure = await reporter.send("30 người")
    assert sure.text.startswith(f"Ghi nhận cho Sở Tài chính: 12.000.000{V} từ 30 người?")
    saved = await reporter.choose("Xác nhận")
    assert saved.text.startswith("Đã ghi nhận số thu của Sở Tài chính.")
    assert (f"Sở Tài chính: đăng ký 12.500.000{V}, đã nộp 12.000.000{V}, "
            f"đã xác nhận 12.000.000{V}.") in saved.text  # fmt: skip
    assert "Tham gia: 31/80 người ▓▓▓░░░░░░░ 38%" in saved.text
    mine = await world.member.send("/cuatoi")
    assert "Tham gia: 31/140 người ▓▓░░░░░░░░ 22%" in mine.text
    assert f"Nhà cho hộ nghèo: đủ tiền 0/1 căn (60.000.000{V} một căn) ▓▓░░░░░░░░ 20%" in mine.text
    assert [action for action, _ in await events(world)] == ["pledge", "collect"]
