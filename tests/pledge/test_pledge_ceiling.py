"""The ceiling of an amount: one rule (domain.pledge.rules.check_amount), one answer everywhere."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bot.config import Settings
from bot.outbox.queue import NotifyService
from bot.services.pledge.pledges import PledgeService
from domain.pledge.rules import MAX_REASONABLE
from domain.refusals import PledgeRefusal, Refused
from domain.roles import Role
from storage.membership.people import get_person
from storage.pledge.models import MemberSalary, UnitCollection
from tests.pledge.pledgeworld import V, World, events, pledge_500k, pledge_world, pledges
from tests.support.drivers import CHANNELS

TOO_LARGE = f"Số tiền vượt quá mức tôi ghi nhận được (10.000.000.000{V})."


@pytest.fixture(params=CHANNELS)
async def world(request: pytest.FixtureRequest, settings: Settings) -> AsyncIterator[World]:
    async with pledge_world(request.param, settings) as running:
        yield running


async def _unchanged(world: World) -> None:
    assert [(p.amount, p.status) for p in await pledges(world)] == [(500_000, "pledged")]
    assert [action for action, _ in await events(world)] == ["pledge"]
    async with world.running.app.sessions() as session:
        assert (await session.exec(select(UnitCollection))).all() == []
        assert (await session.exec(select(MemberSalary))).all() == []


async def test_every_path_answers_an_amount_over_the_ceiling_alike(world: World) -> None:
    await pledge_500k(world)
    member, reporter = world.member, world.reporter
    await member.send("/ungho")
    await member.choose("Sửa số tiền")
    edited = await member.send("10.000.000.001")
    assert edited.text == f"{TOO_LARGE} Vui lòng nhập lại, hoặc gõ /huy để hủy."
    await member.send("/huy")
    one_line = await reporter.send("/ungho 20 tỷ")  # the reporter's own pledge
    assert one_line.text == f"{TOO_LARGE} Vui lòng nhập lại, hoặc gõ /huy để hủy."
    await reporter.send("/huy")
    salary = await reporter.send("/ungho 1 ngày lương")
    assert salary.text.startswith("Lương tháng của đồng chí là bao nhiêu?")
    assert (await reporter.send("15 tỷ")).text.startswith(TOO_LARGE)
    await reporter.send("/huy")
    await reporter.send("/ungho")
    await reporter.choose("Ghi số thu của đơn vị")
    assert (
        await reporter.send("20 tỷ")
    ).text == f"{TOO_LARGE} Vui lòng nhập lại, hoặc gõ /huy để hủy."
    await reporter.send("/huy")
    await _unchanged(world)


async def test_a_unit_collection_answers_every_bad_amount_with_the_way_out(world: World) -> None:
    await pledge_500k(world)
    reporter = world.reporter
    await reporter.send("/ungho")
    await reporter.choose("Ghi số thu của đơn vị")
    again = "Vui lòng nhập lại, hoặc gõ /huy để hủy."
    for typed, answer in {
        "-5": "Số tiền không được là số âm.",
        "0,5": "Số tiền phải là số đồng chẵn, không có phần lẻ.",
        "một ngày lương": "Số thu của đơn vị cần là một số tiền, ví dụ 12 triệu.",
    }.items():
        assert (await reporter.send(typed)).text == f"{answer} {again}"
    assert (await reporter.send("huy")).text.startswith("Đã hủy thao tác đang làm.")
    await _unchanged(world)


async def test_the_services_refuse_it_with_the_ceiling_not_as_invalid(world: World) -> None:
    await pledge_500k(world)
    app, now = world.running.app, datetime.now(UTC)
    [own] = await pledges(world)
    assert own.id is not None
    async with app.sessions() as session, session.begin():
        notify = NotifyService(session, app.catalogs, now)
        service = PledgeService(session, notify, now, app.province)
        member = await get_person(session=session, member_id=world.org.people[Role.MEMBER])
        reporter = await get_person(session=session, member_id=world.org.people[Role.REPORTER])
        assert member is not None and reporter is not None and reporter.unit_id is not None
        over = MAX_REASONABLE + 1
        for attempt in (
            service.edit(member, own.id, over),
            service.pledge(reporter, over),
            service.record_collection(reporter, reporter.unit_id, over, 10),
        ):
            with pytest.raises(Refused) as refused:
                await attempt
            assert refused.value.reason is PledgeRefusal.TOO_LARGE
    await _unchanged(world)
