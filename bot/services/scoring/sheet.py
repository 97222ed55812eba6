"""The data of a cluster's score sheet, for /xuatbaocao and `python -m bot scoring sheet`."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.scoringfile.score_sheet import SheetData, SheetProposal, SheetUnit
from domain.scoring.config import ScoringConfig
from domain.scoring.rank import rank
from domain.scoring.table import totals
from storage.membership.org import get_cluster
from storage.scoring import queries, steps
from storage.scoring.table import find_table, read_table

# The sheet is a Vietnamese document for the province, whatever the reader's language.
STAGES = {
    "none": "chưa chấm",
    "draft": "đang chấm",
    "submitted": "đã gửi, chờ thẩm định",
    "reviewed": "đã thẩm định",
    "explained": "đã giải trình",
    "settled": "đã thống nhất",
}
AWARDS = {"flag": "Cờ thi đua của UBND tỉnh", "merit": "Bằng khen của Chủ tịch UBND tỉnh"}
DECISIONS = {"proposed": "đề nghị", "confirmed": "đã xác nhận", "removed": "đã bỏ"}


async def build_sheet(
    *, session: AsyncSession, cluster_id: int, year: int, config: ScoringConfig, tz: ZoneInfo
) -> SheetData | None:
    """Return the cluster's score sheet for the year; None when it has no table."""
    row = await find_table(session=session, cluster_id=cluster_id, year=year)
    cluster = await get_cluster(session=session, cluster_id=cluster_id)
    if row is None or row.id is None or cluster is None:
        return None
    table = await read_table(session=session, table_id=row.id)
    scores = {
        u.unit_id: u
        for u in await queries.cluster_scores(
            session=session, table_id=row.id, cluster_id=cluster_id
        )
    }
    results = await queries.results(
        session=session, table=table, table_id=row.id, cluster_id=cluster_id, year=year
    )
    units = []
    for entry in rank(results, config.tie_breaks):
        r, s = entry.result, scores[entry.result.unit_id]
        units.append(
            SheetUnit(
                r.name, entry.rank, STAGES.get(s.status, s.status),
                r.submitted_at.astimezone(tz).date() if r.submitted_at else None,
                s.self_scores, s.final_scores, totals(table, s.self_scores).total, r.total,
                r.computed,
            )
        )  # fmt: skip
    proposals = [
        SheetProposal(AWARDS.get(p.award, p.award), p.unit_name, p.rank, p.total,
                      DECISIONS.get(p.status, p.status), p.reason)
        for p in await steps.proposals(session=session, table_id=row.id)
    ]  # fmt: skip
    return SheetData(
        cluster.name, year, table.title,
        row.published_at.astimezone(tz).date() if row.published_at else None,
        [(f"{g.code}. {g.name}", list(g.criteria)) for g in table.groups], units, proposals,
    )  # fmt: skip
