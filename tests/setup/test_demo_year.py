"""The demo's generated year: every unit has members, every status appears, and it repeats."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import col

from bot.orgfile.files import read_org_file
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
