"""What the scoring services share: a score's refusal, the configuration, the table, the facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from bot.reminders.scoring import scoring_config
from bot.services.access import ClusterAccess
from bot.services.base import FeatureService
from domain.calendar.occasions import phases
from domain.people import Person
from domain.refusals import Refused, ScoringRefusal
from domain.scoring.config import ScoringConfig
from domain.scoring.formulas import UnitFacts
from domain.scoring.table import ScoreProblem, Table
from storage.cluster.facts import Deadlines, cluster_facts
from storage.membership import org
from storage.membership.org import UnitInfo
from storage.scoring.models import ScoringTable
from storage.scoring.table import find_table, read_table


def bad_score(problem: ScoreProblem, text: str) -> Refused:
    """Return the refusal of a score, quoting what was typed and the maximum."""
    # domain.scoring words none of it: its reasons are scoring reasons, with the same values.
    return Refused(problem.reason, detail=text, amount=problem.maximum)


@dataclass(frozen=True, slots=True)
class Scope:
    """The table of a cluster for the year, as stored and as domain data."""

    row: ScoringTable
    table: Table

    @property
    def id(self) -> int:
        return self.row.id or 0

    @property
    def published(self) -> bool:
        return self.row.published_at is not None


def clean(text: str, low: int, high: int) -> str:
    """Return `text` with its spaces tidied, refused unless its length is in low..high."""
    cleaned = " ".join(text.split())
    if not low <= len(cleaned) <= high:
        raise Refused(ScoringRefusal.BAD_TEXT)
    return cleaned


class ScoringBase(FeatureService):
    @property
    def config(self) -> ScoringConfig:
        return scoring_config(self._province)

    @property
    def year(self) -> int:
        """Return the year being scored: the current one (the finale falls in December)."""
        return self.today.year

    async def scope(self, cluster_id: int) -> Scope:
        row = await find_table(session=self._session, cluster_id=cluster_id, year=self.year)
        if row is None or row.id is None:
            raise Refused(ScoringRefusal.NO_TABLE)
        return Scope(row, await read_table(session=self._session, table_id=row.id))

    async def unit(self, unit_id: int) -> UnitInfo:
        found = await org.get_unit(session=self._session, unit_id=unit_id)
        if found is None:
            raise Refused(ScoringRefusal.NOT_FOUND)
        return found

    def deadlines(self) -> Deadlines:
        """Return when the year's reports and registration count as on time."""
        activities = self._province.activities
        grace = timedelta(days=activities.phase_grace_days + 1)
        first, second = (
            datetime.combine(p.end + grace, time(), self._province.tz) for p in phases(self.year)
        )
        day = activities.deadline(self.year) + timedelta(days=1)
        return Deadlines((first, second), datetime.combine(day, time(), self._province.tz))

    async def facts(self, cluster_id: int) -> dict[int, UnitFacts]:
        return await cluster_facts(
            session=self._session, year=self.year, cluster_id=cluster_id,
            deadlines=self.deadlines(),
        )  # fmt: skip

    @staticmethod
    def led_cluster(person: Person | None, cluster_id: int | None = None) -> int:
        """Return the cluster this leader or deputy leads (any cluster asked, for the admin):
        the one access rule, refused in scoring's words."""
        return ClusterAccess.led(person, cluster_id, refusal=ScoringRefusal.NOT_LEADER)
