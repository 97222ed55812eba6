"""What the office sees of the clusters' proposals: plain data, no session behind it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.services.scoring.results import Standing
from domain.proposals.decision import Decision
from domain.scoring.table import HalfPoints


@dataclass(frozen=True, slots=True)
class Entry:
    """One cluster's proposal as the office weighs it."""

    proposal_id: int
    award: str  # domain.scoring.rank.Award value
    unit_id: int
    unit_name: str
    rank: int
    total: HalfPoints
    confirmed: bool  # the cluster's leader confirmed it (else as the ranking proposed it)
    decision: Decision | None  # None: not yet weighed
    reason: str


@dataclass(frozen=True, slots=True)
class ClusterBoard:
    """A cluster with a scoring table in the year: its ranking and proposals once published."""

    cluster_id: int
    name: str
    year: int
    published_at: datetime | None
    standings: list[Standing]
    entries: list[Entry]


@dataclass(frozen=True, slots=True)
class Board:
    year: int
    clusters: list[ClusterBoard]

    @property
    def entries(self) -> list[Entry]:
        return [e for c in self.clusters for e in c.entries]

    @property
    def published(self) -> int:
        return sum(1 for c in self.clusters if c.published_at is not None)

    def count(self, decision: Decision | None) -> int:
        """Return how many proposals carry this decision (None: still to weigh)."""
        return sum(1 for e in self.entries if e.decision == decision)
