"""The audit trail for the console: the admin reads the province's, a leader their cluster's."""

from __future__ import annotations

import dataclasses

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services.access import ClusterAccess
from domain.people import Person
from domain.refusals import OfficeRefusal, Refused
from domain.roles import Role
from storage.audit.trail import MAX_LINES, TrailFilter, TrailLine, trail
from storage.membership.org import ClusterInfo


class Trail:
    """Read the trail with the person's filters, within what the person may see."""

    def __init__(self, session: AsyncSession, access: ClusterAccess) -> None:
        self._session = session
        self._access = access

    async def clusters(self, person: Person | None) -> list[ClusterInfo]:
        """Return the clusters the person may filter by."""
        return await self._access.clusters(person)

    async def lines(
        self, person: Person | None, wanted: TrailFilter, limit: int = MAX_LINES
    ) -> list[TrailLine]:
        """Return the lines `wanted` lets through, newest first.

        A leader sees their cluster's lines only: asking for no cluster means theirs, asking
        for another is refused.
        """
        if person is None or not person.is_member:
            raise Refused(OfficeRefusal.NOT_ALLOWED)
        if person.role is not Role.ADMIN:
            own = ClusterAccess.led(person, wanted.cluster_id, refusal=OfficeRefusal.NOT_ALLOWED)
            wanted = dataclasses.replace(wanted, cluster_id=own)
        elif wanted.cluster_id is not None:
            await self._access.cluster(
                person, wanted.cluster_id, refusal=OfficeRefusal.NOT_ALLOWED
            )
        return await trail(session=self._session, wanted=wanted, limit=limit)
