"""After the turn, on the fake clock: the closed year's grace, /tonghop of both years, 3/2/2027."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from bot.core.pipeline import Core
from bot.i18n import Catalogs
from bot.outbox.queue import NotifyService
from bot.reminders.service import Reminders
from bot.services.pledge.pledges import PledgeService
from bot.services.year.turn import YearTurnService
from domain.config import ProvinceConfig
from domain.messages import Channel, Reply
from domain.refusals import PledgeRefusal, Refused
from domain.year.config import YearConfig
from handlers import build_registry
from storage.db.engine import SessionFactory
from storage.membership.people import get_person
from storage.outbox.models import Outbox
from storage.pledge.queries import insert_pledge
from tests.support.corechat import CoreChat
from tests.support.fakeclock import FakeClock
from tests.support.shipped import SHIPPED, campaign_name
from tests.year.yearworld import World, moment, seed

# Five days of grace after 31/12, fewer than a phase's: the year's rule is the one that says no.
PROVINCE: ProvinceConfig = SHIPPED.model_copy(update={"year": YearConfig(grace_days=5)})


async def _turned(sessions: SessionFactory, catalogs: Catalogs, clock: FakeClock) -> World:
    world = await seed(sessions)
    async with sessions() as session, session.begin():
        await insert_pledge(session=session, year=2026, member_id=world.people["Võ Văn Em"],
                            unit_id=world.units["c"], amount=500_000, now=clock.now())  # fmt: skip
    await YearTurnService(sessions, catalogs, PROVINCE, clock).run(2026, 2027)
    return world


def _chat(sessions: SessionFactory, catalogs: Catalogs, clock: FakeClock, user: str) -> CoreChat:
    # Options are stamped with the real time: a fake clock in 2027 must not find them stale.
    core = Core(sessions=sessions, registry=build_registry(), catalogs=catalogs, clock=clock,
                province=PROVINCE, choice_ttl=timedelta(days=3650))  # fmt: skip
    return CoreChat(core, user_id=user, channel=Channel.ZALO)


async def _save(member: CoreChat, reply: Reply) -> list[Reply]:
    """Tie no anniversary if asked, then press "Lưu" (save)."""
    if any(c.label == "Không gắn" for c in reply.choices):
        [reply] = await member.press(reply, "Không gắn")
    return await member.press(reply, "Lưu")


async def test_reports_of_the_closed_year_stop_after_the_grace(
    sessions: SessionFactory, catalogs: Catalogs
) -> None:
    clock = FakeClock(moment(2027, 1, 2, 9))
    await _turned(sessions, catalogs, clock)
    member = _chat(sessions, catalogs, clock, "z-em")
    kind = PROVINCE.activities.kinds[0].vi
    clock.set(moment(2027, 1, 4, 9))  # within the grace: taken
    [summary] = await member.command("baocao", f"{kind} | Hội thao cuối năm | 20/12/2026 | 30")
    [saved] = await _save(member, summary)
    assert saved.text.startswith("Đã lưu báo cáo số ")
    clock.set(moment(2027, 1, 10, 9))  # the phase still takes it; the closed year does not
    [summary] = await member.command("baocao", f"{kind} | Hội thao bù | 21/12/2026 | 30")
    [refused] = await _save(member, summary)
    last = catalogs.pick("vi").date(date(2027, 1, 5))
    assert refused.text == (
        f"Năm 2026 đã khép lại: báo cáo của năm 2026 chỉ được nhận, sửa, xóa đến hết ngày {last}."
    )


async def test_a_pledge_of_the_closed_year_is_refused_after_the_grace(
    sessions: SessionFactory, catalogs: Catalogs
) -> None:
    clock = FakeClock(moment(2027, 1, 2, 9))
    world = await _turned(sessions, catalogs, clock)
    clock.set(moment(2027, 1, 10, 9))
    async with sessions() as session, session.begin():
        person = await get_person(session=session, member_id=world.people["Võ Văn Em"])
        assert person is not None
        pledges = PledgeService(session, NotifyService(session, catalogs, clock.now()),
                                clock.now(), PROVINCE)  # fmt: skip
        mine = await pledges.get(1)
        assert mine is not None and mine.year == 2026
        with pytest.raises(Refused) as refused:
            await pledges.mark_paid(person, mine.id, None)
    assert (refused.value.reason, refused.value.day) == (
        PledgeRefusal.YEAR_CLOSED,
        date(2027, 1, 5),
    )


async def test_the_new_year_counts_2027_and_the_closed_one_still_reads(
    sessions: SessionFactory, catalogs: Catalogs
) -> None:
    clock = FakeClock(moment(2027, 1, 2, 9))
    await _turned(sessions, catalogs, clock)
    clock.set(moment(2027, 2, 10, 9))
    leader = _chat(sessions, catalogs, clock, "z-binh")  # the 2027 head
    [now] = await leader.command("tonghop")
    lines = now.text.split("\n")
    assert lines[0] == "Tổng hợp Cụm thi đua số 1 ngày 10/02/2027"
    assert lines[1].startswith("Đợt I năm 2027: từ ")
    assert f"Ủng hộ “{campaign_name(2027)}”:" in lines
    assert any(line.startswith("Đăng ký thi đua năm 2027: ") for line in lines)
    [then] = await leader.command("tonghop", "2026")
    lines = then.text.split("\n")
    assert lines[0] == "Tổng hợp Cụm thi đua số 1 năm 2026"
    assert lines[1].startswith("Đợt II năm 2026: từ ")
    assert f"Ủng hộ “{campaign_name(2026)}”:" in lines
    vnd = catalogs.pick("vi").vnd
    assert (
        f"Cụm thi đua số 1: đăng ký {vnd(500_000)}, đã nộp {vnd(0)}, đã xác nhận {vnd(0)}."
        in lines
    )
    [wrong] = await leader.command("tonghop", "2030")
    assert wrong.text == "“2030” không phải là một năm hợp lệ. Ví dụ: /tonghop 2026."
    former = _chat(sessions, catalogs, clock, "z-an")  # 2026's head, a member again
    [none] = await former.command("tonghop")
    assert none.text == "Đồng chí không có quyền dùng lệnh /tonghop."


async def test_on_3_february_2027_members_read_the_97th_anniversary(
    sessions: SessionFactory, catalogs: Catalogs
) -> None:
    clock = FakeClock(moment(2027, 1, 2, 9))
    await _turned(sessions, catalogs, clock)
    clock.set(moment(2027, 2, 3, 8))
    reminders = Reminders(sessions, catalogs, PROVINCE, clock)
    assert (
        "anniversary-party_founding:greeting:2027-02-03:0",
        "sent",
    ) in await reminders.run_due()
    async with sessions() as session:
        rows = (await session.exec(select(Outbox).where(Outbox.chat_id == "z-em"))).all()
    greeting = next(o.text for o in rows if o.key.startswith("rem:anniversary-party_founding"))
    assert greeting.startswith("Nhiệt liệt chào mừng Kỷ niệm 97 năm Ngày thành lập Đảng")
