"""The year 2026 on a fake clock: each reminder once per person, at 08:00 local, never at night."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.app import BotApp
from bot.config import Settings
from bot.reminders.plan import Occasion, OccasionKind
from domain.calendar.config import Audience
from domain.roles import Role
from emulator.telegram import TelegramEmulator
from emulator.zalo import ZaloEmulator
from storage.activity.models import ActivityReport
from storage.membership.models import Cluster, GroupLink, Identity, Member, Unit
from storage.outbox.models import Outbox
from storage.pledge.models import Pledge
from tests.support.drivers import channel_settings
from tests.support.fakeclock import FakeClock

VN = ZoneInfo("Asia/Ho_Chi_Minh")
GROUP = -100777
PARTY_2026_VI = (
    "Nhiệt liệt chào mừng Kỷ niệm 96 năm Ngày thành lập Đảng Cộng sản Việt Nam "
    "(03/02/1930 - 03/02/2026)!"
)
PARTY_2026_EN = (
    "Warmly celebrating the 96th anniversary of the Founding of the Communist Party of Vietnam "
    "(03/02/1930 - 03/02/2026)!"
)


@dataclass
class Person:
    channel: str
    chat: str
    role: Role
    locale: str | None
    pledged: bool
    unit_reported: bool


async def _seed(app: BotApp, telegram: TelegramEmulator) -> list[Person]:
    people: list[Person] = []
    async with app.sessions() as session, session.begin():
        cluster = Cluster(code="cum-1", name="Cụm thi đua số 1")
        session.add(cluster)
        await session.flush()
        assert cluster.id is not None
        units = [Unit(code=f"dv-{i}", name=f"Đơn vị {i}", cluster_id=cluster.id, headcount=20)
                 for i in range(10)]  # fmt: skip
        session.add_all(units)
        await session.flush()
        for i in range(200):
            role = Role.LEADER if i == 0 else Role.DEPUTY if i == 1 else (
                Role.REPORTER if i < 12 else Role.MEMBER)  # fmt: skip
            channel = "telegram" if i % 2 == 0 else "zalo"
            chat = str(700000 + i) if channel == "telegram" else f"zalo{i:05d}"
            locale = "en" if i % 10 == 3 else None
            unit = units[i % 10]
            member = Member(
                full_name=f"Người {i}", role=role.value, locale=locale,
                unit_id=unit.id,
                cluster_id=cluster.id if role in (Role.LEADER, Role.DEPUTY) else None,
            )  # fmt: skip
            session.add(member)
            await session.flush()
            assert member.id is not None
            session.add(Identity(member_id=member.id, channel=channel, external_user_id=chat,
                                 chat_id=chat))  # fmt: skip
            if channel == "telegram":
                telegram.user(int(chat))
            pledged = i % 4 == 0  # a quarter acted before any nudge
            if pledged:
                session.add(Pledge(campaign_year=2026, member_id=member.id, unit_id=unit.id or 0,
                                   amount=500_000))  # fmt: skip
            reported = i % 10 < 5  # half of the units report in both phases
            if i < 10 and reported:
                for day in (date(2026, 3, 2), date(2026, 9, 2)):
                    session.add(ActivityReport(unit_id=unit.id or 0, author_id=member.id,
                                               kind="khac", title="Hoạt động", day=day,
                                               participants=10))  # fmt: skip
            people.append(Person(channel, chat, role, locale, pledged, reported))
        session.add(GroupLink(channel="telegram", chat_id=str(GROUP), cluster_id=cluster.id))
    telegram.group(GROUP, "Cụm 1")
    return people


def _reaches(occasion: Occasion, person: Person) -> int:
    """Count the messages an occasion brings this person (a nudge may bring two)."""
    if occasion.scoring is not None:
        return 0  # no cluster has a scoring table here (see test_scoring_reminders.py)
    if occasion.kind is OccasionKind.NUDGE:
        reporter = person.role is Role.REPORTER
        if occasion.phase is None:  # the registration deadline
            return int(reporter)
        return int(not person.pledged) + int(reporter and not person.unit_reported)
    audience = set(occasion.audience)
    if Audience.MEMBERS in audience:
        return True
    if person.role in (Role.LEADER, Role.DEPUTY) and Audience.LEADERS in audience:
        return True
    return person.role is Role.REPORTER and Audience.REPORTERS in audience


@pytest.fixture
async def year() -> AsyncIterator[tuple[TelegramEmulator, ZaloEmulator]]:
    async with TelegramEmulator() as telegram, ZaloEmulator() as zalo:
        yield telegram, zalo
        telegram.assert_no_violations()
        zalo.assert_no_violations()


@pytest.mark.slow
async def test_the_year_2026(
    settings: Settings, year: tuple[TelegramEmulator, ZaloEmulator]
) -> None:
    telegram, zalo = year
    start = datetime(2026, 1, 1, 2, 0, tzinfo=VN)
    clock = FakeClock(start)
    # The limits run on real time while the year runs on a fake one: lift them here.
    fast = {"telegram_max_rate": 1000, "zalo_max_rate": 1000, "outbox_chat_interval_seconds": 0}
    app = BotApp(
        channel_settings(settings, telegram=telegram, zalo=zalo).model_copy(update=fast),
        clock=clock,
    )
    assert app.zalo is not None
    app.zalo.poll_timeout = 2
    await app.start()
    await app.outbox_sender.stop()  # the test drains the outbox itself, at fake times
    try:
        people = await _seed(app, telegram)
        end = datetime(2026, 12, 31, 23, 0, tzinfo=VN)
        planned = app.reminders.occasions(start)
        # Every night at 02:00 (a quiet hour) and every firing time: anything due at night
        # would go out at 02:00 and show in the times checked below.
        nights = {start + timedelta(days=d) for d in range(366)}
        steps = sorted(nights | {o.fire_at for o in planned if start <= o.fire_at <= end})
        for moment in (m for m in steps if m <= end):
            clock.set(moment)
            await app.reminders.run_due()
            while await app.outbox_sender.drain_once():
                pass
        occasions = [o for o in planned if start <= o.fire_at <= end]
        async with app.sessions() as session:
            rows = (await session.exec(select(Outbox))).all()
    finally:
        await app.stop()

    assert {row.status for row in rows} == {"sent"}
    local_times = Counter(
        row.sent_at.astimezone(VN).strftime("%H:%M") for row in rows if row.sent_at
    )
    # The rules' hours (08:00 reminders, 09:00 nudges), never the quiet hours.
    assert set(local_times) == {"08:00", "09:00"}, local_times
    for person in people:
        expected = sum(_reaches(o, person) for o in occasions)
        if person.channel == "telegram":
            got = [m["text"] for m in telegram.messages(int(person.chat))]
        else:
            got = [m["text"] for m in zalo.messages(person.chat)]
        assert len(got) == expected, (person, len(got), expected)
        # On the day itself, the standard slogan and nothing else.
        greeting = next(t for t in got if "1930" in t and t.startswith(("Nhiệt", "Warmly")))
        assert greeting == (PARTY_2026_EN if person.locale == "en" else PARTY_2026_VI)
    group_texts = [m["text"] for m in telegram.messages(GROUP)]
    assert len(group_texts) == sum(Audience.GROUPS in o.audience for o in occasions) == 7
    assert any("Kỷ niệm 81 năm Quốc khánh" in text for text in group_texts)
    leader = [m["text"] for m in telegram.messages(700000)]
    # A week before, inside a sentence: «kỷ niệm» in lower case.
    assert any(text.startswith("Còn 7 ngày nữa đến kỷ niệm 81 năm Quốc khánh") for text in leader)
    assert any(
        text.startswith("Còn 7 ngày đến hạn báo cáo Đợt I") or "Đợt 1" in text for text in leader
    )
