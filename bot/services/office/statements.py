"""A cluster's bank statement from the console: the chat's reader and matching, for Zalo-only
treasurers who cannot send the file in a chat.

The file is read as the chat reads it (`domain.pledge.statement`) and matched by the chat's
own service (`PaymentService`): lines with a pledge's code are matched, the rest wait for the
cluster's treasurers, who match them here by code (as `/doisoat`) or set them aside. A leader
acts on their cluster, the admin on every one; each import and match is on the trail.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services.access import ClusterAccess
from bot.services.pledge.payments import Applied, ImportResult, PaymentService
from domain.people import Person
from domain.pledge.statement import credit_lines
from domain.pledge.statement_file import rows_of
from domain.refusals import OfficeRefusal
from storage.audit import queries as audit
from storage.membership.org import ClusterInfo
from storage.pledge.payments import TransactionInfo

IMPORTED, MATCHED, IGNORED = "statement_imported", "statement_matched", "statement_ignored"
SHOWN = 200  # lines waiting, on one page


class Statements:
    """Bank statements for one cluster, in one request's transaction."""

    def __init__(
        self, session: AsyncSession, access: ClusterAccess, payments: PaymentService,
        now: datetime,
    ) -> None:  # fmt: skip
        self._session = session
        self._access = access
        self._payments = payments
        self._now = now

    async def clusters(self, person: Person | None) -> list[ClusterInfo]:
        """Return the clusters whose statements the person may import."""
        return await self._access.clusters(person)

    async def cluster(self, person: Person | None, cluster_id: int) -> ClusterInfo:
        """Return the cluster if the person is its treasurer (its leader, or the admin)."""
        return await self._access.cluster(person, cluster_id, refusal=OfficeRefusal.NOT_ALLOWED)

    async def waiting(self, person: Person, cluster_id: int) -> tuple[list[TransactionInfo], int]:
        """Return the cluster's lines without a code, oldest first, and how many there are."""
        await self.cluster(person, cluster_id)
        return await self._payments.unmatched(person, SHOWN, cluster_id=cluster_id)

    async def upload(
        self, person: Person, cluster_id: int, name: str, data: bytes
    ) -> ImportResult:
        """Read the statement (raise StatementError with the row and column of a mistake:
        nothing is written) and match its credit lines to pledges."""
        cluster = await self.cluster(person, cluster_id)
        lines = credit_lines(rows_of(data, name), self._payments.config.statement_columns)
        result = await self._payments.import_lines(person, lines, name, owner=cluster.id)
        await audit.record(
            session=self._session, at=self._now, actor_id=person.member_id, kind=audit.CONSOLE,
            action=IMPORTED, cluster_id=cluster.id, subject=name[:200],
            new=f"{len(result.matched)} / {len(result.unmatched)} / {result.repeated}",
        )  # fmt: skip
        return result

    async def match(
        self, person: Person, cluster_id: int, line_id: int, code: str, reason: str = ""
    ) -> Applied:
        """Match a waiting line to the pledge whose code is typed (refused as `/doisoat`
        refuses: a wrong code, another cluster's pledge, a line handled meanwhile)."""
        cluster = await self.cluster(person, cluster_id)
        applied = await self._payments.match(person, line_id, code)
        await audit.record(
            session=self._session, at=self._now, actor_id=person.member_id, kind=audit.CONSOLE,
            action=MATCHED, cluster_id=cluster.id, subject=f"#{line_id}",
            new=f"{code.strip()[:40]} · {applied.pledge.member_name}", reason=reason,
        )  # fmt: skip
        return applied

    async def ignore(
        self, person: Person, cluster_id: int, line_id: int, reason: str = ""
    ) -> None:
        """Set a waiting line aside: it pays no pledge (bank interest, another donation)."""
        cluster = await self.cluster(person, cluster_id)
        await self._payments.ignore(person, line_id)
        await audit.record(
            session=self._session, at=self._now, actor_id=person.member_id, kind=audit.CONSOLE,
            action=IGNORED, cluster_id=cluster.id, subject=f"#{line_id}", reason=reason,
        )  # fmt: skip
