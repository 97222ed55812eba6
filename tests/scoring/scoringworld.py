"""A cluster ready for the year's finale: three units with reporters, a year of data, the table.

So-tai-chinh pledged (40 of 80 by a unit collection), registered on time naming the
province's flag, and reported once on an anniversary (featured as a good example); the
other two units hold nothing the computed criteria count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from bot.scoringfile.files import read_scoring_file
from domain.roles import Role
from storage.activity.models import ActivityReport
from storage.db.engine import SessionFactory
from storage.membership.models import GroupLink, Identity, Member, Unit
from storage.pledge.models import UnitCollection
from storage.registration.models import Registration
from storage.scoring.models import (
    AssessmentScore,
    ScoreEvent,
    ScoringProposal,
    ScoringTable,
    UnitAssessment,
)
from storage.scoring.table import apply_table
from tests.activity.activity_helpers import seed
from tests.membership.orgdata import Org

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DEMO = Path(__file__).resolve().parents[2] / "examples" / "scoring.yaml"
GROUP = -2001
# Who reports for the other two units of cluster A (the seeded reporter reports for Sở Tài chính).
REPORTERS = {"so-xay-dung": ("Đỗ Văn Xây", 7101), "so-tu-phap": ("Ngô Thị Pháp", 7102)}


@dataclass
class World:
    org: Org
    reporters: dict[str, int]  # unit code -> member id


def account(channel: str, number: int) -> str:
    return str(number) if channel == "telegram" else f"z{number}"


async def seed_world(sessions: SessionFactory, channel: str, year: int = 2026) -> World:
    roles = (Role.MEMBER, Role.REPORTER, Role.DEPUTY, Role.LEADER, Role.ADMIN)
    org = await seed(sessions, dict.fromkeys(roles, channel))
    world = World(org, {"so-tai-chinh": org.people[Role.REPORTER]})
    async with sessions() as session, session.begin():
        unit = Unit(code="so-tu-phap", name="Sở Tư pháp", cluster_id=org.cluster_a, headcount=40)
        session.add(unit)
        await session.flush()
        assert unit.id is not None
        org.units["so-tu-phap"] = unit.id
        for code, (name, number) in REPORTERS.items():
            member = Member(full_name=name, role=Role.REPORTER.value, unit_id=org.units[code])
            session.add(member)
            await session.flush()
            assert member.id is not None
            world.reporters[code] = member.id
            chat = account(channel, number)
            session.add(Identity(member_id=member.id, channel=channel, external_user_id=chat,
                                 chat_id=chat, display_name=name))  # fmt: skip
        session.add(GroupLink(channel="telegram", chat_id=str(GROUP), cluster_id=org.cluster_a))
        finance, reporter = org.units["so-tai-chinh"], org.people[Role.REPORTER]
        session.add(UnitCollection(campaign_year=year, unit_id=finance, amount=4_000_000,
                                   contributors=40, recorded_by=reporter))  # fmt: skip
        session.add(
            Registration(
                unit_id=finance, year=year, status="accepted", titles=["province_flag"],
                submitted_at=datetime(year, 3, 1, 9, tzinfo=VN),
            )
        )  # fmt: skip
        session.add(
            ActivityReport(
                unit_id=finance, author_id=reporter, kind="culture", participants=30,
                title="Văn nghệ chào mừng 30/4", day=date(year, 4, 29), anniversary_key="30-4",
                example_at=datetime(year, 5, 3, tzinfo=VN),
                created_at=datetime(year, 4, 30, 8, tzinfo=VN),
            )
        )  # fmt: skip
        cluster = org.cluster_a
        await apply_table(session=session, cluster_id=cluster, year=year,
                          table=read_scoring_file(DEMO), admin=False)  # fmt: skip
    return world


async def snapshot(sessions: SessionFactory) -> list[tuple[object, ...]]:
    """Every row the finale writes, to check that a refused action changed nothing."""
    rows: list[tuple[object, ...]] = []
    async with sessions() as session:
        for model in (ScoringTable, UnitAssessment, AssessmentScore, ScoreEvent, ScoringProposal):
            found = (await session.exec(select(model).order_by(col(model.id)))).all()
            rows += [tuple(sorted(r.model_dump().items())) for r in found]
    return rows
