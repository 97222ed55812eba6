"""A cluster's scoring table from the console: its state, an uploaded file, last year's copy.

The table of a cluster and year is a draft until a unit submits against it; from then on it
is in use, only the admin may change it and every unit's reporter is told through the outbox;
once its results are published it is closed. Leaders act on their own cluster, the admin on
every one (`ClusterAccess`). Each change goes on the trail with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.outbox.queue import NotifyService
from bot.services.access import ClusterAccess
from domain.people import Person
from domain.refusals import OfficeRefusal, Refused, ScoringRefusal
from domain.roles import Role
from domain.scoring.table import Table
from domain.text import N_
from storage.audit import queries as audit
from storage.membership.org import ClusterInfo
from storage.scoring.queries import reporter_recipients
from storage.scoring.table import (
    TableLocked,
    TableReport,
    apply_table,
    find_table,
    read_table,
    submitted_count,
)

NONE, DRAFT, IN_USE, CLOSED = "none", "draft", "in_use", "closed"
TABLE = "scoring_table"  # the trail's action for a table set from the console
COPIED = "scoring_table_copied"
CHANGED_TEXT = N_(
    "Bảng điểm thi đua năm {year} của cụm, khối đã được Ban Thi đua - Khen thưởng điều "
    "chỉnh sau khi có đơn vị gửi chấm điểm. Vui lòng xem lại phần chấm điểm của đơn vị "
    "bằng lệnh /chamdiem."
)  # the CLI's words (`scoring import --admin`)


@dataclass(frozen=True, slots=True)
class TableState:
    """A cluster's table of one year as the console shows it."""

    cluster: ClusterInfo
    year: int
    state: str  # NONE, DRAFT, IN_USE or CLOSED
    table: Table | None
    submitted: int  # units that have submitted against it


class ScoringTables:
    """The scoring tables' page, in one request's transaction."""

    def __init__(
        self, session: AsyncSession, access: ClusterAccess, notify: NotifyService, now: datetime
    ) -> None:
        self._session = session
        self._access = access
        self._notify = notify
        self._now = now

    async def overview(self, person: Person | None, year: int) -> list[TableState]:
        """Return the year's table of every cluster the person may see."""
        return [
            await self._state(cluster, year) for cluster in await self._access.clusters(person)
        ]

    async def state(self, person: Person | None, cluster_id: int, year: int) -> TableState:
        """Return the cluster's table of the year; refused unless the person may see it."""
        cluster = await self._access.cluster(person, cluster_id, refusal=OfficeRefusal.NOT_ALLOWED)
        return await self._state(cluster, year)

    async def _state(self, cluster: ClusterInfo, year: int) -> TableState:
        row = await find_table(session=self._session, cluster_id=cluster.id, year=year)
        if row is None or row.id is None:
            return TableState(cluster, year, NONE, None, 0)
        table = await read_table(session=self._session, table_id=row.id)
        submitted = await submitted_count(session=self._session, table_id=row.id)
        state = CLOSED if row.published_at is not None else IN_USE if submitted else DRAFT
        return TableState(cluster, year, state, table, submitted)

    async def upload(
        self, person: Person | None, cluster_id: int, year: int, table: Table, reason: str = ""
    ) -> TableReport:
        """Make `table` the cluster's table of the year. Refused once closed, and for anyone
        but the admin once in use (then every unit's reporter is told of the change)."""
        found = await self.state(person, cluster_id, year)
        return await self._apply(person, found, table, reason, TABLE)

    async def copy_last_year(
        self, person: Person | None, cluster_id: int, year: int, reason: str = ""
    ) -> TableReport:
        """Make last year's table the cluster's draft for `year` (as the year's turn does);
        refused when the year has a table already, or last year had none."""
        found = await self.state(person, cluster_id, year)
        if found.state != NONE:
            raise Refused(OfficeRefusal.EXISTS)
        last = await find_table(session=self._session, cluster_id=cluster_id, year=year - 1)
        if last is None or last.id is None:
            raise Refused(ScoringRefusal.NO_TABLE)
        table = await read_table(session=self._session, table_id=last.id)
        return await self._apply(person, found, table, reason, COPIED)

    async def _apply(
        self, person: Person | None, found: TableState, table: Table, reason: str, action: str
    ) -> TableReport:
        assert person is not None  # (state() refused anyone else)
        admin = person.role is Role.ADMIN
        if found.state == CLOSED:
            raise Refused(ScoringRefusal.PUBLISHED)
        if found.state == IN_USE and not admin:
            raise Refused(ScoringRefusal.NOT_ADMIN)
        cluster = found.cluster
        try:
            report = await apply_table(
                session=self._session, cluster_id=cluster.id, year=found.year, table=table,
                admin=admin, actor_id=person.member_id,
            )  # fmt: skip
        except TableLocked:  # a unit submitted since the state was read
            raise Refused(ScoringRefusal.NOT_ADMIN) from None
        if not report.changes:
            return report
        await audit.record(
            session=self._session, at=self._now, actor_id=person.member_id, kind=audit.CONSOLE,
            action=action, cluster_id=cluster.id, subject=f"{found.year} · {table.title}",
            old=found.state, new="; ".join(report.changes), reason=reason,
        )  # fmt: skip
        if report.submitted_units:
            await self._notify.send(
                key=f"scoring-table:{cluster.id}:{found.year}:{self._now.isoformat()}",
                recipients=await reporter_recipients(session=self._session, cluster_id=cluster.id),
                compose=lambda t: t._(CHANGED_TEXT).format(year=found.year),
            )
        return report
