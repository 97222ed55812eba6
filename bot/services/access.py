"""Who may see or act on which clusters: one rule for every cluster-wide feature.

The admin may act on every cluster, a leader or deputy on the cluster they lead, nobody else
on any. A cluster named in a button's payload is checked again here on every press: roles and
leaderships change between the menu and the tap.
"""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from domain.people import Person
from domain.refusals import ClusterRefusal, Reason, Refused
from domain.roles import Role
from storage.membership import org
from storage.membership.org import ClusterInfo

LEADING = (Role.LEADER, Role.DEPUTY)


class ClusterAccess:
    """Answer, in one update's transaction, which clusters a person may see or act on."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def clusters(self, person: Person | None) -> list[ClusterInfo]:
        """Return the clusters this person may act on, by name (none: an empty list)."""
        if person is None or not person.is_member:
            return []
        if person.role is Role.ADMIN:
            return await org.list_clusters(session=self._session)
        if person.role in LEADING and person.led_cluster_id is not None:
            found = await org.get_cluster(session=self._session, cluster_id=person.led_cluster_id)
            return [found] if found is not None else []
        return []

    async def cluster(
        self,
        person: Person | None,
        cluster_id: int,
        *,
        refusal: Reason = ClusterRefusal.NOT_ALLOWED,
    ) -> ClusterInfo:
        """Return the cluster if this person may act on it; else refuse with `refusal`."""
        if self.may_act_on(person, cluster_id):
            found = await org.get_cluster(session=self._session, cluster_id=cluster_id)
            if found is not None:
                return found
        raise Refused(refusal)

    @staticmethod
    def may_act_on(person: Person | None, cluster_id: int) -> bool:
        """Tell whether this person may act on the cluster (whether it exists aside)."""
        if person is None or not person.is_member:
            return False
        if person.role is Role.ADMIN:
            return True
        return person.role in LEADING and person.led_cluster_id == cluster_id

    @staticmethod
    def province(person: Person | None, *, refusal: Reason = ClusterRefusal.NOT_ALLOWED) -> Person:
        """Return the person if they act for the whole province (the admin); else refuse."""
        if person is None or not person.is_member or person.role is not Role.ADMIN:
            raise Refused(refusal)
        return person

    @staticmethod
    def led(
        person: Person | None,
        cluster_id: int | None = None,
        *,
        refusal: Reason = ClusterRefusal.NOT_ALLOWED,
    ) -> int:
        """Return the cluster asked for (by default, the one the person leads); else refuse.

        The admin leads no cluster of their own: they must name one.
        """
        if person is not None and person.is_member and person.role in LEADING:
            cluster_id = person.led_cluster_id if cluster_id is None else cluster_id
        if cluster_id is None or not ClusterAccess.may_act_on(person, cluster_id):
            raise Refused(refusal)
        return cluster_id
