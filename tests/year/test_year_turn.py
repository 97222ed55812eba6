"""`year close 2026 --open 2027` through its service: dry run, run, second run, refusal."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from bot.i18n import Catalogs
from bot.services.year.plan import TurnRefused
from bot.services.year.turn import YearTurnService
from domain.roles import Role
from domain.year.rotation import NoHead
from storage.db.engine import SessionFactory
from storage.registration.models import Registration
from storage.scoring.models import ScoringTable
from storage.year.leaders import set_role
from storage.year.models import YearTurn
from tests.support.fakeclock import FakeClock
from tests.support.shipped import SHIPPED
from tests.year.yearworld import count, moment, outbox, roles, seed

BEFORE = {
    "Lê Văn An": "leader", "Trần Thị Bình": "deputy", "Phạm Văn Cường": "reporter",
    "Đỗ Văn Giang": "leader", "Huỳnh Thị Hà": "reporter",
}  # fmt: skip


def service(sessions: SessionFactory, catalogs: Catalogs) -> YearTurnService:
    return YearTurnService(sessions, catalogs, SHIPPED, FakeClock(moment(2027, 1, 5, 9)))


async def test_the_dry_run_says_what_would_happen_and_changes_nothing(
    sessions: SessionFactory, catalogs: Catalogs
) -> None:
    world = await seed(sessions)
    report = await service(sessions, catalogs).preview(2026, 2027)
    plans = {p.code: p for p in report.clusters}
    assert (plans["cum-1"].head.name, plans["cum-1"].head.unit) == ("Trần Thị Bình", "Đơn vị B")
    assert [s.name for s in plans["cum-1"].deputies] == ["Phạm Văn Cường"]
    assert [(s.name, s.role) for s in plans["cum-1"].leaving] == [("Lê Văn An", Role.MEMBER)]
    assert (plans["khoi-2"].head.name, [s.name for s in plans["khoi-2"].deputies]) == (
        "Huỳnh Thị Hà", ["Đỗ Văn Giang"],
    )  # fmt: skip
    assert plans["cum-1"].copy_table and not plans["khoi-2"].copy_table
    assert (plans["cum-1"].accounts, plans["khoi-2"].accounts, report.others) == (5, 3, 1)
    stored = await roles(sessions)
    assert {name: stored[name][0] for name in BEFORE} == BEFORE
    assert await outbox(sessions) == {}
    assert await count(sessions, YearTurn) == 0
    assert world.clusters


async def test_the_turn_rotates_copies_opens_and_tells_everyone_once(
    sessions: SessionFactory, catalogs: Catalogs
) -> None:
    world = await seed(sessions)
    report = await service(sessions, catalogs).run(2026, 2027)
    assert report.done_now == ["cluster:cum-1", "cluster:khoi-2", "greeting"]
    after = await roles(sessions)
    cum, khoi = world.clusters["cum-1"], world.clusters["khoi-2"]
    assert {name: after[name] for name in BEFORE} == {
        "Trần Thị Bình": ("leader", cum), "Phạm Văn Cường": ("deputy", cum),
        "Lê Văn An": ("member", None),
        "Huỳnh Thị Hà": ("leader", khoi), "Đỗ Văn Giang": ("deputy", khoi),
    }  # fmt: skip
    sent = await outbox(sessions)
    seats = {key for key in sent if ":seat:" in key}
    assert len(seats) == 5  # the two new heads, two deputies, and the leader who steps down
    greetings = [text for key, text in sent.items() if ":greeting:" in key]
    assert len(greetings) == 9  # every account, once
    assert sent[f"year:2026:seat:{world.people['Lê Văn An']}:zalo:z-an"] == (
        "Năm 2026 đã khép lại: cảm ơn đồng chí đã cùng điều hành Cụm thi đua số 1. Năm 2027, "
        "đồng chí Trần Thị Bình (Đơn vị B) là Trưởng cụm, khối; đồng chí trở về vai trò thành "
        "viên của đơn vị."
    )
    assert sent[f"year:2026:seat:{world.people['Phạm Văn Cường']}:zalo:z-cuong"] == (
        "In 2027 you are cluster deputy leader (Cụm thi đua số 1, unit Đơn vị C). "
        "Type /help to see your commands."
    )
    assert sent["year:2026:greeting:zalo:z-khanh"].endswith(
        "Năm 2027, đồng chí Huỳnh Thị Hà (Đơn vị D) là Trưởng Khối thi đua số 2."
    )
    assert "Trưởng" not in sent["year:2026:greeting:zalo:z-lan"]  # the admin: no cluster
    async with sessions() as session:
        tables = (await session.exec(select(ScoringTable).order_by(col(ScoringTable.year)))).all()
        drafts = (await session.exec(select(Registration).where(Registration.year == 2027))).all()
    assert [(t.year, t.title, t.published_at) for t in tables] == [
        (2026, "Bảng điểm thi đua năm 2026", None), (2027, "Bảng điểm thi đua năm 2026", None),
    ]  # fmt: skip
    assert sorted(r.unit_id for r in drafts) == sorted(world.units.values())
    assert {r.status for r in drafts} == {"draft"}

    again = await service(sessions, catalogs).run(2026, 2027)
    assert again.finished_before and again.done_now == [] and again.queued == 0
    assert await outbox(sessions) == sent
    assert await roles(sessions) == after
    assert await count(sessions, ScoringTable) == 2


async def test_a_cluster_without_a_next_head_stops_everything_before_any_change(
    sessions: SessionFactory, catalogs: Catalogs
) -> None:
    world = await seed(sessions)
    async with sessions() as session, session.begin():
        await set_role(session=session, member_id=world.people["Phạm Văn Cường"],
                       role=Role.MEMBER, cluster_id=None)  # fmt: skip
    before = await roles(sessions)
    with pytest.raises(TurnRefused) as refused:
        await service(sessions, catalogs).run(2026, 2027)
    [problem] = refused.value.problems
    assert (problem.cluster, problem.reason, problem.detail) == (
        "Cụm thi đua số 1", NoHead.NO_PERSON, "Đơn vị C",
    )  # fmt: skip
    # khoi-2 could have turned: it did not, nor did anything else.
    assert await roles(sessions) == before
    assert await outbox(sessions) == {}
    assert await count(sessions, YearTurn) == 0
    assert await count(sessions, Registration) == 0


async def test_years_that_do_not_follow_are_refused(
    sessions: SessionFactory, catalogs: Catalogs
) -> None:
    with pytest.raises(ValueError, match="open 2027 after closing 2026"):
        await service(sessions, catalogs).run(2026, 2028)
