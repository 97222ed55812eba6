"""What the office's files state: the board turned into the list and the submission's data.

The documents are Vietnamese administrative papers whatever the admin's chat language: the
award names are the catalogue's source words, the scores in points.
"""

from __future__ import annotations

from datetime import date, tzinfo

from bot.documents.submission import ListedCluster, ListedProposal, SubmissionData
from bot.services.proposals.model import Board, ClusterBoard
from bot.services.scoring.results import AWARD_NAMES
from domain.drafting.config import DocumentsConfig

ORDER = {award: index for index, award in enumerate(AWARD_NAMES)}  # the flag first


def _listed(c: ClusterBoard) -> list[ListedProposal]:
    entries = sorted(c.entries, key=lambda e: (ORDER.get(e.award, len(ORDER)), e.rank))
    return [
        ListedProposal(
            cluster=c.name, unit=e.unit_name, score=e.total / 2, rank=e.rank,
            units=len(c.standings), award=AWARD_NAMES.get(e.award, e.award),
            decision=e.decision.value if e.decision else "", reason=e.reason,
        )
        for e in entries
    ]  # fmt: skip


def papers(board: Board, documents: DocumentsConfig, today: date, tz: tzinfo) -> SubmissionData:
    """Return every cluster's proposals with the office's decisions, ready to write out."""
    clusters = [
        ListedCluster(
            c.name, len(c.standings),
            c.published_at.astimezone(tz).date() if c.published_at else None, _listed(c),
            [(s.rank, s.unit_name, s.total / 2) for s in c.standings],
        )
        for c in board.clusters
    ]  # fmt: skip
    return SubmissionData(board.year, today, documents.place, documents.submission,
                          list(AWARD_NAMES.values()), clusters)  # fmt: skip
