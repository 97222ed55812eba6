"""Erase a person's personal data (Decree 13/2023/NĐ-CP), keeping the figures they counted in.

What goes: their name (replaced by a marker), language, channel accounts (so nobody can
reach them), their dialogs, offered options and settled updates in the inbox, the messages
queued or kept for them, link and claim codes, a remembered salary, pledge receipts, the free
texts they wrote (report titles and descriptions, photos, registration notes), and their
name in the trail's lines about them. What stays: the member row itself (marked inactive, in
its unit), pledges' amounts and statuses, reports' days, kinds and participants, absences,
and every trail line's who, what and when: the cluster's totals still add up.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import col, delete, update
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.activity.models import ActivityReport
from storage.audit.models import AuditEntry
from storage.audit.queries import SIGNIN
from storage.conversation.models import ChoiceToken, DialogState
from storage.inbox.models import InboxState, InboxUpdate
from storage.membership.models import Identity, Invite, LinkCode, Member
from storage.outbox.models import Outbox
from storage.people.record import about_them
from storage.pledge.models import MemberSalary, Pledge
from storage.registration.models import RegistrationEvent


@dataclass(frozen=True, slots=True)
class Erased:
    """How many rows an erasure emptied or removed, per kind (for the trail)."""

    accounts: int
    reports: int
    notes: int
    messages: int

    def summary(self) -> str:
        """Return the counts in one line, for the trail's "new" column."""
        return (f"accounts={self.accounts} reports={self.reports} notes={self.notes} "
                f"messages={self.messages}")  # fmt: skip


async def _count(session: AsyncSession, statement: sa.Executable) -> int:
    result = await session.exec(statement)  # type: ignore[call-overload]
    return int(result.rowcount or 0)


async def erase(*, session: AsyncSession, member_id: int, marker: str) -> Erased:
    """Erase the person's personal data as this module says; the caller checked who asks."""
    member = await session.get(Member, member_id)
    if member is None:
        raise LookupError(f"member {member_id} not found")
    accounts = list((await session.exec(
        sa.select(col(Identity.channel), col(Identity.external_user_id), col(Identity.chat_id))
        .where(col(Identity.member_id) == member_id)  # type: ignore[call-overload]
    )).all())  # fmt: skip
    for channel, user_id, chat_id in accounts:
        await session.exec(delete(DialogState).where(
            col(DialogState.channel) == channel, col(DialogState.user_id) == user_id))  # fmt: skip
        await session.exec(delete(ChoiceToken).where(
            col(ChoiceToken.channel) == channel, col(ChoiceToken.user_id) == user_id))  # fmt: skip
        await session.exec(delete(InboxUpdate).where(
            col(InboxUpdate.channel) == channel, col(InboxUpdate.chat_id) == chat_id,
            col(InboxUpdate.state) == InboxState.DONE))  # fmt: skip
    await session.exec(delete(Identity).where(col(Identity.member_id) == member_id))
    messages = await _count(session, delete(Outbox).where(col(Outbox.member_id) == member_id))
    await session.exec(delete(LinkCode).where(col(LinkCode.member_id) == member_id))
    await session.exec(delete(Invite).where(col(Invite.member_id) == member_id))
    await session.exec(delete(MemberSalary).where(col(MemberSalary.member_id) == member_id))
    await session.exec(
        update(Pledge).where(col(Pledge.member_id) == member_id).values(receipt_ref=None)
    )
    reports = await _count(session, update(ActivityReport).where(
        col(ActivityReport.author_id) == member_id).values(
        title=marker, description="", photos=[]))  # fmt: skip
    notes = await _count(session, update(RegistrationEvent).where(
        col(RegistrationEvent.member_id) == member_id, col(RegistrationEvent.note) != "",
    ).values(note=""))  # fmt: skip
    await session.exec(
        update(AuditEntry).where(about_them(member_id)).values(subject=f"#{member_id}")
    )
    # Their sign-ins name them and keep the address they signed in from.
    await session.exec(update(AuditEntry).where(
        col(AuditEntry.actor_id) == member_id, col(AuditEntry.kind) == SIGNIN,
    ).values(subject=f"#{member_id}", reason=""))  # fmt: skip
    member.full_name, member.locale, member.active = marker, None, False
    session.add(member)
    await session.flush()
    return Erased(len(accounts), reports, notes, messages)
