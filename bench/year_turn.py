"""Closing a year and opening the next for 100,000 members: `YearTurnService.run`, on SQLite.

The province of `reminder_fanout_100k` (20 clusters × 10 units, 100,000 members with a
Telegram account, 4 in 5 with a pledge), copied fresh for each run, with a reporter in every
unit (the next heads are found among them) and each cluster's scoring table of the closed
year (copied as the new year's draft). Not timed: the copy and that setup. Timed: the dry run,
then the whole turn as `python -m bot year close` does it, a transaction per cluster (its
heads, their messages, its table, its registrations, its members' greetings) and the last
greeting, every message into the outbox.
"""

from __future__ import annotations

import time
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from bench.common import ROOT, Options, Result, Row
from bench.outbox.fanout import CLUSTERS, MEMBERS, UNITS_PER_CLUSTER, world_database
from bot.i18n import Catalogs
from bot.province import load_province
from bot.services.year.turn import YearTurnService
from domain.clock import SystemClock
from domain.scoring.table import Criterion, Group, Kind, Table
from storage.db.engine import create_engine, create_session_factory
from storage.scoring.table import apply_table

UNITS = CLUSTERS * UNITS_PER_CLUSTER
TABLE = Table(
    "Bảng điểm thi đua",
    (
        Group(
            "I", "Thực hiện nhiệm vụ chính trị", (Criterion("1", "Hoàn thành", Kind.GRADED, 20),)
        ),
    ),
)


async def _prepare(url: str, closed: int) -> None:
    """Give every unit a reporter (its first member) and every cluster a table of `closed`."""
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            # Members are dealt to the units in turn: ids 1..UNITS are each unit's first.
            await connection.execute(
                sa.text("UPDATE member SET role = 'reporter' WHERE id <= :units"),
                {"units": UNITS},
            )
        sessions = create_session_factory(engine)
        async with sessions() as session, session.begin():
            for cluster_id in range(1, CLUSTERS + 1):
                await apply_table(session=session, cluster_id=cluster_id, year=closed,
                                  table=TABLE, admin=True)  # fmt: skip
    finally:
        await engine.dispose()


async def run(options: Options) -> Result:
    """Preview and run the turn on a fresh copy, `options.runs` times."""
    province = load_province(ROOT / "config", ZoneInfo("Asia/Ho_Chi_Minh"))
    catalogs = Catalogs()
    previews: list[float] = []
    turns: list[float] = []
    seeding = 0.0
    for attempt in range(options.runs):
        url, seeding = await world_database(options, f"year-turn-{attempt}")
        closed = time.localtime().tm_year
        await _prepare(url, closed)
        engine = create_engine(url)
        try:
            service = YearTurnService(create_session_factory(engine), catalogs, province,
                                      SystemClock())  # fmt: skip
            started = time.perf_counter()
            plan = await service.preview(closed, closed + 1)
            previews.append(time.perf_counter() - started)
            started = time.perf_counter()
            report = await service.run(closed, closed + 1)
            turns.append(time.perf_counter() - started)
            async with engine.connect() as connection:
                queued = (await connection.execute(sa.text("SELECT count(*) FROM outbox"))).one()
        finally:
            await engine.dispose()
        seats = sum(len(p.seats) for p in plan.clusters)
        if report.queued != MEMBERS + seats or queued[0] != report.queued:
            raise AssertionError(f"queued {report.queued} ({queued[0]} stored), "
                                 f"expected {MEMBERS} greetings and {seats} seats")  # fmt: skip
        if len(report.done_now) != CLUSTERS + 1:
            raise AssertionError(f"done {report.done_now}")
    result = Result(
        "year_turn_100k",
        f"`year close` (`YearTurnService.run`) for {CLUSTERS} clusters, {UNITS} units and "
        f"{MEMBERS:,} members: heads rotated, tables copied, registrations opened, every "
        "member greeted through the outbox; a fresh copy of the province for each run",
    )
    result.rows = [
        Row("dry run", "s", previews, digits=2),
        Row("the whole turn, messages queued", "s", turns, "≤ 60 s", at_most=60, digits=2),
    ]
    result.notes.append(
        f"{MEMBERS:,} greetings and 2 seat messages per cluster into the outbox (counted "
        f"after each run); seeding the province took {seeding:.1f} s, copying it and "
        "setting a reporter per unit and a table per cluster is not timed; SQLite only "
        "(the greeting is `fan_out_to_members`, one INSERT … SELECT per cluster)"
    )
    return result
