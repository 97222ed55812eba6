"""The delivery report an announcement's author receives once every copy went out."""

from __future__ import annotations

from datetime import datetime

from bot.i18n import Catalogs
from storage.db.engine import SessionFactory
from storage.leader import announcements
from storage.membership.people import get_person, identities_of
from storage.outbox.models import OutboxStatus
from storage.outbox.queries import enqueue, status_counts


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
