"""Announcements to a whole cluster: the audience's preview and the sending."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogs
from bot.services.access import ClusterAccess
from domain.people import Person
from domain.refusals import ClusterRefusal, Refused
from domain.roles import Role
from storage.calendar.reminders import fan_out_to_groups, fan_out_to_members
from storage.leader import announcements

EVERYONE = (Role.MEMBER, Role.REPORTER, Role.DEPUTY, Role.LEADER, Role.ADMIN)
MAX_TEXT = 3000  # leaves room for the header within Zalo's and Telegram's limits


class AnnounceService:
    """Preview and send a leader's announcement; permissions are checked here again."""

    def __init__(
        self, session: AsyncSession, catalogs: Catalogs, now: datetime, access: ClusterAccess
    ) -> None:
        self._session = session
        self._catalogs = catalogs
        self._now = now
        self._access = access
        self.queued = 0

    async def audience(self, cluster_id: int) -> tuple[dict[str, int], int]:
        """Return the accounts reached per channel, and the number of linked groups."""
        people = await announcements.audience_by_channel(
            session=self._session, cluster_id=cluster_id
        )
        groups = await announcements.group_count(session=self._session, cluster_id=cluster_id)
        return people, groups

    async def send(self, person: Person | None, cluster_id: int, text: str) -> int:
        """Queue the announcement for every member and group of the cluster; return its id."""
        cluster = await self._access.cluster(person, cluster_id)
        assert person is not None  # the access rule refuses nobody's
        if not 0 < len(text) <= MAX_TEXT:
            raise Refused(ClusterRefusal.INVALID)
        announcement_id = await announcements.create_announcement(
            session=self._session, cluster_id=cluster_id, author_id=person.member_id,
            text=text, now=self._now,
        )  # fmt: skip
        texts = {
            t.locale: t._("Thông báo của {cluster}:\n\n{text}\n\n— {author}").format(
                cluster=cluster.name, text=text, author=person.full_name
            )
            for t in self._catalogs.all()
        }
        key = f"ann:{announcement_id}"
        default = self._catalogs.default_locale
        # The cluster's units, then its leaders, who may work elsewhere; keys drop doubles.
        for unit_cluster, led_cluster in ((cluster_id, None), (None, cluster_id)):
            self.queued += await fan_out_to_members(
                session=self._session, key_prefix=key, texts=texts, default_locale=default,
                not_before=self._now, roles=EVERYONE, unit_cluster_id=unit_cluster,
                led_cluster_id=led_cluster,
            )  # fmt: skip
        self.queued += await fan_out_to_groups(
            session=self._session, key_prefix=key, text=texts[default], not_before=self._now,
            cluster_id=cluster_id,
        )  # fmt: skip
        return announcement_id
