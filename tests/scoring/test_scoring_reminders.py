"""Scoring deadlines on a fake clock: leaders reminded with their progress, only the reporters
of units that have not submitted nudged, each occasion once."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select

from bot.i18n import Catalogs
from bot.reminders.service import Reminders
from domain.config import ProvinceConfig
from storage.db.engine import SessionFactory
from storage.outbox.models import Outbox
from storage.scoring.models import ScoringTable, UnitAssessment
from tests.activity.activity_helpers import VN
from tests.scoring.scoringworld import seed_world
from tests.support.fakeclock import FakeClock


async def _sent(sessions: SessionFactory, prefix: str) -> dict[str, str]:
    async with sessions() as session:
        rows = (await session.exec(select(Outbox).where(col(Outbox.key).startswith(prefix)))).all()
    return {row.chat_id: row.text for row in rows}


async def _submitted(sessions: SessionFactory, unit_id: int) -> None:
    async with sessions() as session, session.begin():
        table = (await session.exec(select(ScoringTable))).one()
        session.add(UnitAssessment(table_id=table.id or 0, unit_id=unit_id, status="submitted",
                                   submitted_at=datetime(2026, 12, 1, tzinfo=VN)))  # fmt: skip


async def test_reminders_and_nudges(sessions: SessionFactory) -> None:
    world = await seed_world(sessions, "telegram")
    await _submitted(sessions, world.org.units["so-tai-chinh"])
    clock = FakeClock(datetime(2026, 12, 3, 9, 0, tzinfo=VN))  # a week before 10/12
    reminders = Reminders(sessions, Catalogs(), ProvinceConfig(tz=VN), clock)
    decisions = dict(await reminders.run_due())
    assert decisions["scoring-self:deadline:2026-12-10:7"] == "sent"
    assert decisions["scoring-self:nudge:2026-12-10:7"] == "sent"
    reminded = await _sent(sessions, "rem:scoring-self:deadline:2026-12-10:7")
    assert sorted(reminded) == ["7003", "7004"]  # the deputy and the leader of cluster A
    assert reminded["7004"] == (
        "Còn 7 ngày đến hạn các đơn vị gửi tự chấm điểm thi đua năm 2026 (10/12/2026).\n"
        "Cụm thi đua số 1: 1/3 đơn vị đã gửi."
    )
    nudged = await _sent(sessions, "rem:scoring-self:nudge:2026-12-10:7")
    assert sorted(nudged) == ["7101", "7102"]  # not Sở Tài chính, which has submitted
    assert nudged["7101"] == (
        "Nhắc việc: đơn vị của đồng chí chưa gửi chấm điểm thi đua năm 2026 (hạn 10/12/2026). "
        "Vui lòng gõ /chamdiem để chấm và gửi."
    )
    assert await reminders.run_due() == []  # each occasion once
    await _submitted(sessions, world.org.units["so-xay-dung"])
    clock.set(datetime(2026, 12, 9, 9, 0, tzinfo=VN))
    await reminders.run_due()
    assert sorted(await _sent(sessions, "rem:scoring-self:nudge:2026-12-10:1")) == ["7102"]
    clock.set(datetime(2026, 12, 11, 8, 0, tzinfo=VN))  # 13/12 is a Sunday: Friday instead
    await reminders.run_due()
    review = await _sent(sessions, "rem:scoring-review:deadline:2026-12-20:7")
    assert review["7004"] == (
        "Còn 9 ngày đến hạn thẩm định chấm điểm thi đua năm 2026 (20/12/2026).\n"
        "Cụm thi đua số 1: 0/2 đơn vị đã thống nhất kết quả."
    )
