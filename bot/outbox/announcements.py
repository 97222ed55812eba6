"""Announcements to a whole cluster, and the delivery report their author receives."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogs
from domain.people import Person
from domain.roles import Role
from storage.calendar.reminders import fan_out_to_groups, fan_out_to_members
from storage.db.engine import SessionFactory
from storage.leader import announcements
from storage.membership import org
from storage.membership.org import ClusterInfo
from storage.membership.people import get_person, identities_of
from storage.outbox.models import OutboxStatus
from storage.outbox.queries import enqueue, status_counts

EVERYONE = (Role.MEMBER, Role.REPORTER, Role.DEPUTY, Role.LEADER, Role.ADMIN)
MAX_TEXT = 3000  # leaves room for the header within Zalo's and Telegram's limits


class AnnounceService:
    """Preview and send a leader's announcement; permissions are checked here again."""

    def __init__(self, session: AsyncSession, catalogs: Catalogs, now: datetime) -> None:
        self._session = session
        self._catalogs = catalogs
        self._now = now
        self.queued = 0

    async def clusters_for(self, person: Person | None) -> list[ClusterInfo]:
        """Return the clusters this person may announce to."""
        if person is None or not person.is_member:
            return []
        if person.role is Role.ADMIN:
            return await org.list_clusters(session=self._session)
        if person.role in (Role.LEADER, Role.DEPUTY) and person.led_cluster_id is not None:
            found = await org.get_cluster(session=self._session, cluster_id=person.led_cluster_id)
            return [found] if found is not None else []
        return []

    async def audience(self, cluster_id: int) -> tuple[dict[str, int], int]:
        """Return the accounts reached per channel, and the number of linked groups."""
        people = await announcements.audience_by_channel(
            session=self._session, cluster_id=cluster_id
        )
        groups = await announcements.group_count(session=self._session, cluster_id=cluster_id)
        return people, groups

    async def send(self, person: Person | None, cluster_id: int, text: str) -> int | None:
        """Queue the announcement for every member and group of the cluster; None if refused."""
        allowed = {c.id: c for c in await self.clusters_for(person)}
        if person is None or cluster_id not in allowed or not 0 < len(text) <= MAX_TEXT:
            return None
        cluster = allowed[cluster_id]
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


async def report_deliveries(sessions: SessionFactory, catalogs: Catalogs, now: datetime) -> int:
    """Tell each author how their finished announcement went; return how many were told."""
    told = 0
    async with sessions() as session, session.begin():
        finished = await announcements.finished_unreported(session=session)
        for announcement_id, author_id in finished:
            counts = await status_counts(session=session, key_prefix=f"ann:{announcement_id}:")
            author = await get_person(session=session, member_id=author_id)
            locale = author.locale if author is not None else None
            t = catalogs.pick(locale)
            text = t._(
                "Kết quả gửi thông báo: đã gửi {sent}, lỗi {failed}, không liên lạc được "
                "{unreachable} (đã chặn trợ lý)."
            ).format(
                sent=counts.get(OutboxStatus.SENT.value, 0),
                failed=counts.get(OutboxStatus.FAILED.value, 0),
                unreachable=counts.get(OutboxStatus.UNREACHABLE.value, 0),
            )
            for channel, chat_id in await identities_of(session=session, member_id=author_id):
                await enqueue(
                    session=session, key=f"ann-report:{announcement_id}:{channel}:{chat_id}",
                    channel=channel, chat_id=chat_id, text=text, member_id=author_id,
                    not_before=now,
                )  # fmt: skip
            await announcements.mark_reported(
                session=session, announcement_id=announcement_id, now=now
            )
            told += 1
    return told
