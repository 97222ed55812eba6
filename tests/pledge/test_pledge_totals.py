"""Progress figures for a generated cluster of 5,000 members, exact on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import col, select

from bot.i18n import Catalogs
from bot.outbox.queue import NotifyService
from bot.province import province_from
from bot.services.pledge.pledges import PledgeService
from domain.pledge.rules import CampaignConfig
from domain.progress import bar
from storage.db.engine import SessionFactory
from storage.membership.models import Cluster, Member, Unit
from storage.membership.people import get_person
from storage.pledge import totals as pledge_totals
from storage.pledge.models import Pledge, UnitCollection
from storage.pledge.totals import Totals

YEAR = 2026
NOW = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)
MEMBERS = 5_000
AMOUNTS = (100_000, 200_000, 455_000, 500_000, 1_000_000, 2_500_000, 3_000_000_000)
STATUSES = ("pledged", "paid", "confirmed", "cancelled")
# (headcount, members, collection (amount, contributors) or None); 5,000 members in all.
UNITS = [(600, 560, (30_000_000, 40)), (500, 500, (9_000_000, 60)), (450, 430, None),
         (700, 690, (25_000_000, 10)), (0, 320, (4_000_000, 8)), (800, 800, None),
         (400, 380, (6_000_000, 15)), (650, 620, None), (300, 300, (20_000_000, 200)),
         (420, 400, (2_000_000, 5))]  # fmt: skip


@dataclass
class Expected:
    money: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    pledgers: int = 0


async def _generate(sessions: SessionFactory) -> tuple[int, list[int], dict[int, Expected]]:
    rng = random.Random(20260601)
    async with sessions() as session, session.begin():
        connection = await session.connection()
        big, other = Cluster(code="cum-lon", name="Cụm lớn"), Cluster(code="cum-khac", name="Khác")
        session.add_all([big, other])
        await session.flush()
        assert big.id is not None and other.id is not None
        units = [Unit(code=f"u{i}", name=f"Đơn vị {i:02d}", cluster_id=big.id, headcount=h)
                 for i, (h, _, _) in enumerate(UNITS)]  # fmt: skip
        units.append(Unit(code="ngoai", name="Ngoài cụm", cluster_id=other.id, headcount=50))
        session.add_all(units)
        await session.flush()
        unit_ids = [u.id or 0 for u in units]
        members = [{"full_name": f"Người {u}-{i}", "role": "member", "active": True,
                    "unit_id": unit_ids[u], "created_at": NOW}
                   for u, (_, count, _) in enumerate(UNITS) for i in range(count)]  # fmt: skip
        members += [dict(members[0], unit_id=unit_ids[-1]) for _ in range(20)]
        await connection.execute(sa.insert(Member), members)
        rows = (
            await session.exec(select(Member.id, Member.unit_id).order_by(col(Member.id)))
        ).all()
        expected = {uid: Expected() for uid in unit_ids}
        pledges = []
        for member_id, unit_id in rows:
            assert member_id is not None and unit_id is not None
            if rng.random() < 0.3:
                continue  # no pledge
            amount, status = rng.choice(AMOUNTS), rng.choice(STATUSES)
            # Other years never count; this year's pledges in other clusters count elsewhere.
            year = YEAR if rng.random() < 0.95 else YEAR - 1
            pledges.append({"campaign_year": year, "member_id": member_id, "unit_id": unit_id,
                            "amount": amount, "status": status, "created_at": NOW,
                            "updated_at": NOW})  # fmt: skip
            if year == YEAR:
                expected[unit_id].money[status] += amount
                expected[unit_id].pledgers += status != "cancelled"
        await connection.execute(sa.insert(Pledge), pledges)
        collections = [{"campaign_year": YEAR, "unit_id": unit_ids[i], "amount": c[0],
                        "contributors": c[1], "recorded_by": rows[0][0], "updated_at": NOW}
                       for i, (_, _, c) in enumerate(UNITS) if c is not None]  # fmt: skip
        await connection.execute(sa.insert(UnitCollection), collections)
    return big.id, unit_ids[: len(UNITS)], expected


def _expected_unit(index: int, unit_id: int, expected: Expected) -> tuple[int, ...]:
    headcount, _, collection = UNITS[index]
    collected, contributors = collection or (0, 0)
    money = expected.money
    people = expected.pledgers + contributors
    if headcount:
        people = min(people, headcount)  # the cap of the counting rule
    return (
        headcount,
        money["pledged"] + money["paid"] + money["confirmed"] + collected,
        money["paid"] + money["confirmed"] + collected,
        money["confirmed"] + collected,
        expected.pledgers,
        contributors,
        people,
    )


def _figures(totals: Totals) -> tuple[int, ...]:
    return (totals.headcount, totals.pledged, totals.paid, totals.confirmed,
            totals.individuals, totals.collective, totals.participants)  # fmt: skip


async def test_unit_and_cluster_totals_of_5000_members(sessions: SessionFactory) -> None:
    cluster_id, unit_ids, expected = await _generate(sessions)
    wanted = [_expected_unit(i, uid, expected[uid]) for i, uid in enumerate(unit_ids)]
    async with sessions() as session:
        for unit_id, figures in zip(unit_ids, wanted, strict=True):
            found = await pledge_totals.unit_totals(session=session, year=YEAR, unit_id=unit_id)
            assert found is not None and _figures(found) == figures, unit_id
        listed = await pledge_totals.units_totals(
            session=session, year=YEAR, cluster_id=cluster_id
        )
        assert [_figures(t) for t in listed] == wanted  # ordered by name: "Đơn vị 00", …
        cluster = await pledge_totals.cluster_totals(
            session=session, year=YEAR, cluster_id=cluster_id
        )
    assert cluster is not None
    sums = tuple(sum(column) for column in zip(*wanted, strict=True))
    assert _figures(cluster) == sums
    assert sum(count for _, count, _ in UNITS) == MEMBERS
    assert cluster.pledged > 2**31  # whole đồng in BIGINT: no overflow, no float
    # A unit where pledgers plus collected contributors exceed the headcount is capped.
    assert any(t.individuals + t.collective > t.headcount > 0 for t in listed)


async def test_progress_houses_and_participation_through_the_service(
    sessions: SessionFactory, catalogs: Catalogs
) -> None:
    _, unit_ids, expected = await _generate(sessions)
    config = CampaignConfig()
    async with sessions() as session:
        first = select(Member.id).where(Member.unit_id == unit_ids[0]).order_by(col(Member.id))
        member_id = (await session.exec(first)).first()
        assert member_id is not None
        person = await get_person(session=session, member_id=member_id)
        assert person is not None
        province = province_from({}, ZoneInfo("Asia/Ho_Chi_Minh"))
        service = PledgeService(session, NotifyService(session, catalogs, NOW), NOW, province)
        progress = await service.progress(person)
    assert progress is not None and progress.cluster is not None and progress.unit is not None
    assert progress.campaign.year == YEAR
    assert _figures(progress.unit) == _expected_unit(0, unit_ids[0], expected[unit_ids[0]])
    headcount = sum(h for h, _, _ in UNITS)
    assert progress.cluster.headcount == headcount == 4_820
    assert progress.house_target == config.house_target("cum-lon", headcount) == 4
    confirmed = progress.cluster.confirmed
    independent = sum(_expected_unit(i, u, expected[u])[3] for i, u in enumerate(unit_ids))
    assert confirmed == independent
    assert confirmed // config.house_cost == independent // 60_000_000  # whole houses funded
    share = min(confirmed * 10 // (4 * 60_000_000), 10)
    assert bar(confirmed, 4 * 60_000_000).startswith("▓" * share + "░" * (10 - share))
    people = progress.cluster.participants
    assert bar(people, headcount).endswith(f" {people * 100 // headcount}%")
