"""Ranking a cluster of 15 units against a table of 40 criteria, with its proposals, on SQLite.

Every unit has submitted and has a final score for every criterion; each run reads the table
and the 600 scores in a new session, totals, ranks and proposes, as the leader's view would.
"""

from __future__ import annotations

import random
import time
from dataclasses import replace
from datetime import timedelta

from bench.common import Options, Result, Row
from domain.scoring.config import ScoringConfig
from domain.scoring.rank import Proposal, propose, rank
from domain.scoring.table import Criterion, Group, Kind, Table
from storage.db.engine import SessionFactory, create_engine, create_session_factory
from storage.db.migrate import upgrade
from storage.db.times import utcnow
from storage.membership.models import Cluster, Unit
from storage.scoring.queries import assessment, criterion_ids, results, set_score
from storage.scoring.table import apply_table, find_table, read_table

UNITS, CRITERIA, YEAR = 15, 40, 2026


def _table() -> Table:
    kinds = [Kind.GRADED] * 30 + [Kind.PASS_FAIL] * 6 + [Kind.BONUS, Kind.BONUS, Kind.DEDUCTION]
    kinds.append(Kind.DEDUCTION)
    criteria = tuple(Criterion(f"{i + 1}", f"Tiêu chí {i + 1}", k, 6) for i, k in enumerate(kinds))
    groups = tuple(Group(f"G{g}", f"Nhóm {g}", criteria[g * 10 : g * 10 + 10]) for g in range(4))
    return Table("Bảng điểm", groups, bonus_cap=8, deduction_cap=8)


async def _seed(sessions: SessionFactory) -> tuple[int, int]:
    rng = random.Random(15)
    table = _table()
    async with sessions() as session, session.begin():
        cluster = Cluster(code="cum-bench", name="Cụm đo")
        session.add(cluster)
        await session.flush()
        assert cluster.id is not None
        await apply_table(
            session=session, cluster_id=cluster.id, year=YEAR, table=table, admin=True
        )
        row = await find_table(session=session, cluster_id=cluster.id, year=YEAR)
        assert row is not None and row.id is not None
        ids = await criterion_ids(session=session, table_id=row.id)
        for u in range(UNITS):
            unit = Unit(code=f"u{u}", name=f"Đơn vị {u}", cluster_id=cluster.id, headcount=50)
            session.add(unit)
            await session.flush()
            assert unit.id is not None
            a = await assessment(session=session, table_id=row.id, unit_id=unit.id, create=True)
            assert a is not None
            for c in table.criteria():
                points = (
                    rng.choice([0, c.max_points])
                    if c.kind is Kind.PASS_FAIL
                    else rng.randint(0, c.max_points)
                )
                await set_score(session=session, row=a, criterion_id=ids[c.code], code=c.code,
                                actor_id=0, self_score=points)  # fmt: skip
            a.submitted_at, a.status = utcnow() - timedelta(minutes=u), "submitted"
            session.add(a)
        return cluster.id, row.id


async def _rank(sessions: SessionFactory, cluster_id: int, table_id: int) -> list[Proposal]:
    config = ScoringConfig()
    async with sessions() as session:
        table = await read_table(session=session, table_id=table_id)
        found = await results(
            session=session, table=table, table_id=table_id, cluster_id=cluster_id, year=YEAR
        )
    ranking = rank(found, config.tie_breaks)
    if len(ranking) != UNITS:
        raise AssertionError(f"ranked {len(ranking)} units")
    # No unit registered for an award here: the rules without that condition still choose.
    return propose(ranking, [replace(r, requires=None) for r in config.rules()])


async def run(options: Options) -> Result:
    """Time the ranking of one cluster, `options.runs` × 5 times."""
    path = options.workdir / "scoring.db"
    path.unlink(missing_ok=True)
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    await upgrade(engine)
    sessions = create_session_factory(engine)
    times: list[float] = []
    try:
        cluster_id, table_id = await _seed(sessions)
        await _rank(sessions, cluster_id, table_id)  # open the connection outside the clock
        for _ in range(options.runs * 5):
            started = time.perf_counter()
            proposals = await _rank(sessions, cluster_id, table_id)
            times.append(1000 * (time.perf_counter() - started))
    finally:
        await engine.dispose()
    result = Result(
        "scoring_ranking",
        f"read the table and {UNITS * CRITERIA} final scores, total, rank and propose: "
        f"{UNITS} units × {CRITERIA} criteria, SQLite",
    )
    result.rows = [Row("one cluster", "ms", times, "≤ 100 ms", at_most=100, digits=1)]
    result.notes.append(f"{len(proposals)} units proposed by the default rules (no registrations)")
    return result
