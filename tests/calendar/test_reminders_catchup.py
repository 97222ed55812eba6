"""After a restart: recent misses are sent (never at night), old ones skipped; zone-proof jobs."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.app import BotApp
from bot.config import Settings
from bot.i18n import Catalogs
from bot.province import province_from
from bot.reminders.service import Reminders
from domain.roles import Role
from storage.calendar.models import ReminderRun
from storage.db.engine import SessionFactory
from storage.outbox.models import Outbox
from tests.membership.orgdata import seed_org
from tests.support.fakeclock import FakeClock

VN = ZoneInfo("Asia/Ho_Chi_Minh")
GREETING_30_4 = "anniversary-reunification:greeting:2026-04-30:0"


def _reminders(
    sessions: SessionFactory, clock: FakeClock, calendar: dict[str, object] | None = None
) -> Reminders:
    return Reminders(sessions, Catalogs(), province_from({"calendar": calendar or {}}, VN), clock)


async def test_a_miss_within_the_grace_window_waits_for_the_morning(
    sessions: SessionFactory,
) -> None:
    await seed_org(sessions, accounts={Role.MEMBER: ("zalo", "z1")})
    clock = FakeClock(datetime(2026, 4, 30, 21, 30, tzinfo=VN))  # down from 10:00 to 21:30
    greetings = {"offsets_days": [0], "hour": 10, "audience": ["members"]}
    reminders = _reminders(sessions, clock, {"anniversary_greetings": greetings})
    decisions = dict(await reminders.run_due())
    assert decisions[GREETING_30_4] == "sent"
    async with sessions() as session:
        row = (await session.exec(select(Outbox).where(Outbox.chat_id == "z1"))).one()
    assert row.not_before.astimezone(VN) == datetime(2026, 5, 1, 7, 0, tzinfo=VN)
    assert "Kỷ niệm 51 năm Ngày giải phóng hoàn toàn miền Nam" in row.text


async def test_a_miss_older_than_the_grace_window_is_recorded_as_skipped(
    sessions: SessionFactory,
) -> None:
    await seed_org(sessions, accounts={Role.MEMBER: ("zalo", "z1")})
    clock = FakeClock(datetime(2026, 5, 1, 9, 0, tzinfo=VN))  # 25 hours late
    decisions = dict(await _reminders(sessions, clock).run_due())
    assert decisions[GREETING_30_4] == "skipped"
    async with sessions() as session:
        assert (await session.exec(select(Outbox))).all() == []
        run = await session.get(ReminderRun, GREETING_30_4)
    assert run is not None and run.status == "skipped"


async def test_running_twice_or_from_two_processes_decides_once(sessions: SessionFactory) -> None:
    await seed_org(sessions, accounts={Role.MEMBER: ("zalo", "z1"), Role.LEADER: ("zalo", "z2")})
    clock = FakeClock(datetime(2026, 4, 30, 8, 0, tzinfo=VN))
    first, second = _reminders(sessions, clock), _reminders(sessions, clock)
    assert GREETING_30_4 in dict(await first.run_due())
    assert GREETING_30_4 not in dict(await second.run_due())
    async with sessions() as session:
        keys = [row.key for row in (await session.exec(select(Outbox))).all()]
    assert len(keys) == len(set(keys)) == 2


@pytest.fixture
def server_in_utc() -> Iterator[None]:
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


async def test_jobs_fire_at_eight_in_vietnam_on_a_utc_server(
    settings: Settings, server_in_utc: None
) -> None:
    clock = FakeClock(datetime(2026, 4, 20, 12, 0, tzinfo=ZoneInfo("UTC")))
    app = BotApp(settings, clock=clock)
    await app.start()
    try:
        job = app.scheduler.get_job(f"reminder:{GREETING_30_4}")
        assert job is not None
        assert job.next_run_time == datetime(2026, 4, 30, 1, 0, tzinfo=ZoneInfo("UTC"))
        assert job.next_run_time.astimezone(VN).hour == 8
        assert time.strftime("%Z") == "UTC"
        late = app.scheduler.get_job("reminder:anniversary-reunification:anniversary:2026-04-30:1")
        assert late is not None and late.next_run_time.astimezone(VN) == datetime(
            2026, 4, 29, 8, 0, tzinfo=VN
        )
        assert app.scheduler.get_job("reminders.replan") is not None
    finally:
        await app.stop()
