"""A realistic year for the demo province: members, pledges, reports, registrations, examples.

Seeded: the same seed and day give the same year, so screenshots and walkthroughs repeat.
Everything goes in with bulk INSERTs in one transaction, and only once per campaign year.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, func
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.pledge.rules import PledgeStatus
from domain.registration.states import RegistrationStatus
from storage.activity.models import ActivityReport
from storage.membership.models import Member, Unit
from storage.pledge.models import Pledge, UnitCollection
from storage.registration.models import Registration

_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ")
_MIDDLE = ("Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Quốc", "Thanh", "Hữu", "Mỹ")
_GIVEN = ("An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hùng", "Khánh", "Linh", "Long", "Mai",
          "Nam", "Oanh", "Phúc", "Quang", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy")  # fmt: skip
_TITLES = {
    "seminar": "Tọa đàm “Chuyển đổi số trong cải cách hành chính”",
    "study_exchange": "Trao đổi kinh nghiệm thực hiện một cửa liên thông",
    "culture_sports": "Giải bóng chuyền chào mừng ngày thành lập ngành",
    "good_deeds": "Thăm, tặng quà gia đình chính sách",
    "initiative": "Mô hình “Công sở không giấy tờ”",
    "communication": "Tuyên truyền kỷ niệm ngày thành lập Đảng",
    "reform_digital": "Triển khai dịch vụ công trực tuyến toàn trình",
    "social_welfare": "Trao nhà Đại đoàn kết cho hộ nghèo",
    "other": "Hiến máu tình nguyện",
}
# A campaign under way: most pledges still waiting, some paid, fewer confirmed, a few cancelled.
_STATUSES = ([PledgeStatus.PLEDGED.value] * 4 + [PledgeStatus.PAID.value] * 3
             + [PledgeStatus.CONFIRMED.value] * 3 + [PledgeStatus.CANCELLED.value])  # fmt: skip
_REGISTRATIONS = (None, RegistrationStatus.DRAFT.value, RegistrationStatus.SUBMITTED.value,
                  RegistrationStatus.RETURNED.value, RegistrationStatus.ACCEPTED.value,
                  RegistrationStatus.ACCEPTED.value)  # fmt: skip


def person_name(rng: random.Random) -> str:
    """Return a made-up Vietnamese full name."""
    return f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(9), tzinfo=UTC)


async def seed_year(
    *,
    session: AsyncSession,
    today: date,
    phase_start: date,
    kinds: dict[str, str],
    seed: int = 2026,
) -> bool:
    """Fill the year up to `today` (`kinds`: key -> name of each kind of activity); False when
    this year was seeded already."""
    connection = await session.connection()
    year = today.year
    done = await connection.execute(
        sa.select(func.count()).select_from(Pledge).where(col(Pledge.campaign_year) == year)
    )
    if done.scalar_one():
        return False
    rng = random.Random(seed)
    units = (await connection.execute(
        sa.select(col(Unit.id), col(Unit.headcount)).order_by(col(Unit.id))
    )).all()  # fmt: skip
    now = _moment(today)
    for number, (unit_id, headcount) in enumerate(units):
        unit_id = int(unit_id or 0)
        count = max(3, min(headcount * 3 // 5, 150))
        people = await _members(connection, rng, unit_id, count, now)
        await _pledges(connection, rng, unit_id, people, year, now)
        # A quarter of the units are late: nothing reported since the phase began.
        last = phase_start - timedelta(days=1) if number % 4 == 3 else today
        await _reports(connection, rng, unit_id, people, date(year, 1, 5), last, kinds)
        status = _REGISTRATIONS[number % len(_REGISTRATIONS)]
        # Most registrations were sent by the deadline (31/3), the last units' after it.
        sent = _moment(min(today, date(year, 2, 1) + timedelta(days=3 * number)))
        if status is not None:
            await connection.execute(sa.insert(Registration), [{
                "unit_id": unit_id, "year": year, "status": status,
                "targets": [{"text": "Hoàn thành 100% chỉ tiêu được giao", "number": 100,
                             "unit": "%"}],
                "titles": [], "rewards": [],
                "return_reason": "Vui lòng bổ sung chỉ tiêu cụ thể."
                if status == RegistrationStatus.RETURNED.value else "",
                "submitted_at": None if status == RegistrationStatus.DRAFT.value else sent,
                "reviewed_at": now if status in ("returned", "accepted") else None,
                "created_at": now, "updated_at": now,
            }])  # fmt: skip
        if number % 3 == 1:  # the trade union collected from people who pledge outside the bot
            await connection.execute(sa.insert(UnitCollection), [{
                "campaign_year": year, "unit_id": unit_id, "amount": 2_000_000 * (1 + number % 4),
                "contributors": 5 + number % 7, "recorded_by": people[0], "updated_at": now,
            }])  # fmt: skip
    return True


async def _members(
    connection: Any, rng: random.Random, unit_id: int, count: int, now: datetime
) -> list[int]:
    rows = [{"full_name": person_name(rng),
             "role": "member", "locale": None, "active": True, "unit_id": unit_id,
             "cluster_id": None, "created_at": now} for _ in range(count)]  # fmt: skip
    await connection.execute(sa.insert(Member), rows)
    found = await connection.execute(
        sa.select(col(Member.id))
        .where(col(Member.unit_id) == unit_id, col(Member.role) == "member")
        .order_by(col(Member.id).desc()).limit(count)
    )  # fmt: skip
    return sorted(int(member_id) for (member_id,) in found)


async def _pledges(
    connection: Any, rng: random.Random, unit_id: int, people: list[int], year: int, now: datetime
) -> None:
    rows = [{"campaign_year": year, "member_id": member_id, "unit_id": unit_id,
             "amount": rng.choice((200_000, 300_000, 500_000, 1_000_000)),
             "status": rng.choice(_STATUSES), "receipt_ref": None,
             "created_at": now, "updated_at": now}
            for member_id in people if rng.random() < 0.8]  # fmt: skip
    if rows:
        await connection.execute(sa.insert(Pledge), rows)


async def _reports(
    connection: Any, rng: random.Random, unit_id: int, people: list[int], first: date,
    last: date, kinds: dict[str, str],
) -> None:  # fmt: skip
    span = max((last - first).days, 1)
    rows = []
    for _ in range(rng.randint(2, 7)):
        day = first + timedelta(days=rng.randrange(span))
        kind = rng.choice(sorted(kinds))
        example = rng.random() < 0.2
        rows.append({
            "unit_id": unit_id, "author_id": rng.choice(people), "kind": kind,
            "title": _TITLES.get(kind, kinds[kind]), "day": day,
            "participants": rng.randint(15, 120), "description": "", "anniversary_key": None,
            "photos": [], "example_at": _moment(day) if example else None, "example_by": None,
            "created_at": _moment(day), "updated_at": _moment(day),
        })  # fmt: skip
    await connection.execute(sa.insert(ActivityReport), rows)
