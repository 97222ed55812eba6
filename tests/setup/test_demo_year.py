"""The demo's generated year: every unit has members, every status appears, and it repeats;
its finale is seeded once, as far as the demo's date has gone."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select

from bot.config import Settings
from bot.demo.finale import REASON, seed_finale
from bot.i18n import Catalogs
from bot.orgfile.files import read_org_file
from bot.province import load_province
from domain.pledge.rules import PledgeStatus
from domain.registration.states import RegistrationStatus
from storage.activity.models import ActivityReport
from storage.db.engine import SessionFactory, create_engine, create_session_factory
from storage.db.migrate import upgrade
from storage.demo.year import seed_year
from storage.membership.models import Member, Unit
from storage.membership.org_import import import_org
from storage.pledge.models import Pledge
from storage.registration.models import Registration
from storage.scoring.models import ScoreEvent, ScoringProposal, ScoringTable, UnitAssessment

ORG = Path(__file__).resolve().parents[2] / "examples" / "org.yaml"
TODAY = date(2026, 11, 24)
KINDS = {"seminar": "Tọa đàm", "good_deeds": "Người tốt, việc tốt", "other": "Khác"}


async def _load(sessions: SessionFactory) -> bool:
    await import_org(sessions=sessions, org=read_org_file(ORG))
    async with sessions() as session, session.begin():
        return await seed_year(
            session=session, today=TODAY, phase_start=date(2026, 7, 1), kinds=KINDS
        )


async def _fingerprint(sessions: SessionFactory) -> list[list[tuple[Any, ...]]]:
    async with sessions() as session:
        connection = await session.connection()
        found = []
        for statement in (
            sa.select(col(Pledge.unit_id), col(Pledge.amount), col(Pledge.status)).order_by(
                col(Pledge.id)
            ),
            sa.select(col(ActivityReport.unit_id), col(ActivityReport.day)).order_by(
                col(ActivityReport.id)
            ),
            sa.select(col(Member.full_name)).order_by(col(Member.id)),
        ):
            found.append([tuple(row) for row in (await connection.execute(statement)).all()])
        return found


async def test_every_unit_and_every_status_is_there(sessions: SessionFactory) -> None:
    assert await _load(sessions)
    assert not await _load(sessions)  # a second start leaves the year as it was
    async with sessions() as session:
        connection = await session.connection()

        async def values(statement: Any) -> set[str]:
            return {str(value) for (value,) in (await connection.execute(statement)).all()}

        assert await values(sa.select(col(Pledge.status)).distinct()) == {
            s.value for s in PledgeStatus
        }
        assert await values(sa.select(col(Registration.status)).distinct()) == {
            s.value for s in RegistrationStatus
        }
        units = await values(sa.select(col(Unit.id)))
        assert (
            await values(sa.select(col(Member.unit_id)).where(col(Member.role) == "member"))
            == units
        )
        months = await values(sa.select(col(ActivityReport.day)))
        assert {day[5:7] for day in months} >= {"01", "06", "07", "11"}  # both phases
        examples = await values(
            sa.select(col(ActivityReport.id)).where(col(ActivityReport.example_at).is_not(None))
        )
        assert examples


async def test_the_year_repeats(tmp_path: Path) -> None:
    prints = []
    for name in ("one", "two"):
        engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/{name}.db")
        await upgrade(engine)
        sessions = create_session_factory(engine)
        await _load(sessions)
        prints.append(await _fingerprint(sessions))
        await engine.dispose()
    assert prints[0] == prints[1]


async def test_the_finale_is_seeded_once_as_far_as_the_demo_date(
    sessions: SessionFactory, settings: Settings
) -> None:
    await _load(sessions)  # 24/11: before the self-assessment deadline
    province = load_province(Path(settings.config_dir), settings.tz)
    now = datetime.combine(TODAY, time(10), tzinfo=settings.tz)
    for first in (True, False):  # a second start leaves the finale as it was
        async with sessions() as session, session.begin():
            seeded = await seed_finale(
                session=session, catalogs=Catalogs(), province=province, now=now
            )
        assert seeded is first
    async with sessions() as session:
        tables = (await session.exec(select(ScoringTable))).all()
        assert len(tables) == 7 and all(t.year == 2026 for t in tables)
        [published] = [t for t in tables if t.published_at is not None]
        proposals = (await session.exec(select(ScoringProposal))).all()
        assert {(p.award, p.rank, p.table_id) for p in proposals} == {
            ("flag", 1, published.id), ("merit", 2, published.id)
        }  # fmt: skip
        changed = (
            await session.exec(select(ScoreEvent).where(ScoreEvent.action == "final_score"))
        ).all()
        assert {e.reason for e in changed} == {REASON} and len(changed) == 2  # one per cluster
        stages = [a.status for a in (await session.exec(select(UnitAssessment))).all()]
        assert stages.count("explained") == 1 and stages.count("draft") == 1
        assert stages.count("settled") == 6 + 1  # the published cluster, and one reviewed
