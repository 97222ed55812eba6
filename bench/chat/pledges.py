"""Pledge summary at 100,000 members: `cluster_totals` for one cluster, and for all 20.

The province of `fanout.world_database`: 20 clusters × 10 units of 500 members, 80,000
pledges in every status, and a trade-union collection for every other unit. Each run opens
a new session per call, as a handler would.
"""

from __future__ import annotations

import time
from datetime import date

from bench.common import Options, Result, Row
from bench.outbox.fanout import CLUSTERS, world_database
from storage.db.engine import SessionFactory, create_engine, create_session_factory
from storage.pledge.totals import Totals, cluster_totals


async def _one(sessions: SessionFactory, cluster_id: int, year: int) -> Totals:
    async with sessions() as session:
        totals = await cluster_totals(session=session, year=year, cluster_id=cluster_id)
    if totals is None or totals.individuals == 0:
        raise AssertionError(f"cluster {cluster_id} has no pledges: {totals}")
    return totals


async def run(options: Options) -> Result:
    """Time one cluster's and every cluster's totals, `options.runs` times each."""
    url, _ = await world_database(options, "pledges")
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    year = date.today().year
    one: list[float] = []
    every: list[float] = []
    try:
        await _one(sessions, 1, year)  # open the connection outside the clock
        for turn in range(options.runs):
            started = time.perf_counter()
            await _one(sessions, turn % CLUSTERS + 1, year)
            one.append(1000 * (time.perf_counter() - started))
            started = time.perf_counter()
            province = [await _one(sessions, c, year) for c in range(1, CLUSTERS + 1)]
            every.append(1000 * (time.perf_counter() - started))
    finally:
        await engine.dispose()
    people = sum(t.individuals for t in province)
    result = Result(
        "pledge_summary",
        f"`storage.pledge.totals.cluster_totals` at 100,000 members, {people:,} live pledges "
        f"this year, {CLUSTERS} clusters × 10 units",
    )
    result.rows = [
        Row("one cluster", "ms", one, "≤ 100 ms", at_most=100, digits=1),
        Row(f"all {CLUSTERS} clusters, one after another", "ms", every, "≤ 1,000 ms",
            at_most=1000, digits=1),
    ]  # fmt: skip
    result.notes.append(
        "one SQL query per cluster (SUM … GROUP BY per unit, summed per cluster); no Python "
        "loop over rows"
    )
    return result
