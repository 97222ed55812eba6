"""A reminder to 100,000 members: `fan_out_to_members` into the outbox, on SQLite.

The members and their accounts are inserted in bulk first (not timed). Each run times one
transaction: the INSERT … SELECT of `fan_out_to_members` and its commit; the outbox is
emptied between runs (not timed), so every run inserts into the same empty table.
"""

from __future__ import annotations

import shutil
import time

import sqlalchemy as sa

from bench.common import Options, Result, Row, migrated_database
from bench.seed import seed
from domain.roles import Role
from storage.calendar.reminders import fan_out_to_members
from storage.db.engine import create_engine, create_session_factory
from storage.db.times import utcnow

MEMBERS = 100_000


CLUSTERS = 20
UNITS_PER_CLUSTER = 10


async def world_database(options: Options, name: str) -> tuple[str, float]:
    """Return a copy of the 100,000-member province, and how long seeding it took.

    20 clusters × 10 units, every member with a Telegram account, 4 in 5 with a pledge this
    year; seeded once per invocation and copied for each benchmark that needs it.
    """
    template, timing = options.workdir / "world-100k.db", options.workdir / "world-100k.seconds"
    if not template.exists():
        url = await migrated_database(options.workdir, "world-100k")
        world = await seed(url, members=MEMBERS, clusters=CLUSTERS,
                           units_per_cluster=UNITS_PER_CLUSTER, pledges=True)  # fmt: skip
        timing.write_text(f"{world.seconds}")
    target = options.workdir / f"{name}.db"
    shutil.copyfile(template, target)
    return f"sqlite+aiosqlite:///{target}", float(timing.read_text())


async def run(options: Options) -> Result:
    """Time `fan_out_to_members` to every member, `options.runs` times."""
    url, seeding = await world_database(options, "fanout")
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    values: list[float] = []
    try:
        for turn in range(options.runs):
            async with engine.begin() as connection:
                await connection.execute(sa.text("DELETE FROM outbox"))
            started = time.perf_counter()
            async with sessions() as session, session.begin():
                queued = await fan_out_to_members(
                    session=session, key_prefix=f"reminder-{turn}", texts={"vi": "Nhắc việc"},
                    default_locale="vi", not_before=utcnow(), roles=(Role.MEMBER,),
                )  # fmt: skip
            values.append(time.perf_counter() - started)
            if queued != MEMBERS:
                raise AssertionError(f"queued {queued}, expected {MEMBERS}")
    finally:
        await engine.dispose()
    result = Result(
        "reminder_fanout_100k",
        f"`fan_out_to_members` for {MEMBERS:,} members with one Telegram account each, "
        "one transaction, commit included",
    )
    result.rows = [Row("into the outbox", "s", values, "≤ 3 s", at_most=3, digits=2)]
    result.notes.append(
        f"seeding the 100,000 members, accounts and pledges took {seeding:.1f} s "
        "(bulk INSERTs, not timed); one INSERT … SELECT statement, so no Python loop per row"
    )
    return result
