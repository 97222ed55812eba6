"""2026 published in two clusters, for the province's office to weigh the proposals.

The province of tests/year/yearworld.py (cum-1: units A, B, C; khoi-2: units D, E), each
cluster scored on a one-criterion table of 100 points and published by its leader through
the service. Under RULES: cum-1 proposes A for the flag, B and C for the certificate, and its
leader then takes C off the list; khoi-2 proposes D for the flag and E for the certificate.
The admin, Mai Thị Lan, talks on Zalo (z-lan) and on Telegram (7950).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogs
from bot.outbox.queue import NotifyService
from bot.services.scoring.results import PublishedResults, ResultsService
from domain.config import ProvinceConfig
from domain.people import Person
from domain.roles import Role
from domain.scoring.table import Criterion, Group, Kind, Table
from storage.db.engine import SessionFactory
from storage.membership.models import Identity
from storage.outbox.models import Outbox
from storage.registration.models import Registration
from storage.scoring.models import AssessmentScore, ScoringCriterion, UnitAssessment
from storage.scoring.table import apply_table, find_table
from tests.year.yearworld import World, moment, seed

RULES = """\
flag: {count: 1, min_score: 80, requires: province_flag}
merit: {share: 0.67, min_score: 70, requires: null}
"""
TABLE = Table(
    "Bảng điểm thi đua năm 2026",
    (Group("I", "Thực hiện nhiệm vụ", (Criterion("1", "Kết quả", Kind.GRADED, 200),)),),
)
SCORES = {"a": 190, "b": 175, "c": 144, "d": 183, "e": 158}  # half points: 95, 87,5, 72, …
FLAGGED = ("a", "d")  # registered for the province's flag
CLUSTER_OF = {"a": "cum-1", "b": "cum-1", "c": "cum-1", "d": "khoi-2", "e": "khoi-2"}
ADMIN_TELEGRAM = 7950
PUBLISHED = moment(2026, 12, 3, 10)


def leader(world: World, name: str, code: str) -> Person:
    return Person(world.people[name], name, Role.LEADER, None, True,
                  led_cluster_id=world.clusters[code])  # fmt: skip


def results_service(
    session: AsyncSession, catalogs: Catalogs, province: ProvinceConfig, now: datetime
) -> ResultsService:
    return ResultsService(session, NotifyService(session, catalogs, now), now, province)


async def seed_published(
    sessions: SessionFactory, catalogs: Catalogs, province: ProvinceConfig
) -> World:
    """Store the province with 2026 scored and published in both clusters."""
    world = await seed(sessions, table=False)
    async with sessions() as session, session.begin():
        admin = world.people["Mai Thị Lan"]
        session.add(
            Identity(
                member_id=admin,
                channel="telegram",
                chat_id=str(ADMIN_TELEGRAM),
                external_user_id=str(ADMIN_TELEGRAM),
                display_name="Mai Thị Lan",
            )
        )
        for cluster_id in world.clusters.values():
            await apply_table(
                session=session, cluster_id=cluster_id, year=2026, table=TABLE, admin=True
            )
        for unit, points in SCORES.items():
            await _settled(session, world, unit, points)
    for name, code in (("Lê Văn An", "cum-1"), ("Đỗ Văn Giang", "khoi-2")):
        async with sessions() as session, session.begin():
            await results_service(session, catalogs, province, PUBLISHED).publish(
                leader(world, name, code), world.clusters[code]
            )
    async with sessions() as session, session.begin():
        await results_service(session, catalogs, province, PUBLISHED).decide(
            leader(world, "Lê Văn An", "cum-1"),
            "merit",
            world.units["c"],
            keep=False,
            reason="Đơn vị đề nghị để năm sau",
        )
    return world  # fmt: skip


async def _settled(session: AsyncSession, world: World, unit: str, points: int) -> None:
    """Store the unit's assessment as settled with `points` (half points)."""
    table = await find_table(session=session, cluster_id=world.clusters[CLUSTER_OF[unit]],
                             year=2026)  # fmt: skip
    assert table is not None and table.id is not None
    criterion = (
        await session.exec(
            select(ScoringCriterion).where(col(ScoringCriterion.table_id) == table.id)
        )
    ).one()
    sent = moment(2026, 12, 1, 9)
    row = UnitAssessment(table_id=table.id, unit_id=world.units[unit], status="settled",
                         submitted_at=sent, reviewed_at=sent, settled_at=sent)  # fmt: skip
    session.add(row)
    await session.flush()
    session.add(AssessmentScore(assessment_id=row.id or 0, criterion_id=criterion.id or 0,
                                self_score=points, final_score=points))  # fmt: skip
    if unit in FLAGGED:
        session.add(Registration(unit_id=world.units[unit], year=2026, status="accepted",
                                 titles=["province_flag"], submitted_at=sent))  # fmt: skip


async def published(
    sessions: SessionFactory, catalogs: Catalogs, province: ProvinceConfig, cluster_id: int
) -> PublishedResults:
    """Return what the cluster published, as the year-end report reads it."""
    async with sessions() as session:
        found = await results_service(session, catalogs, province, PUBLISHED).published_results(
            cluster_id, 2026
        )
    assert found is not None
    return found


async def told(sessions: SessionFactory) -> dict[str, str]:
    """Return the messages queued about the province's decisions, by outbox key."""
    async with sessions() as session:
        rows = (await session.exec(select(Outbox))).all()
    return {o.key: o.text for o in rows if o.key.startswith("proposals:")}
