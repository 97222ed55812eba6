"""What the core reads as an update arrives: who writes, and where their dialog stands.

One statement for both (left joins from a one-row anchor), where two lookups cost two round
trips to the database thread on every update.
"""

from __future__ import annotations

from sqlalchemy import Executable, and_, bindparam, literal, select
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.dialogs import Dialog
from domain.people import Person
from domain.roles import Role
from storage.conversation.models import DialogState
from storage.membership.models import Identity, Member


def _arrival() -> Executable:
    anchor = select(literal(1).label("one")).subquery()
    return select(
        col(Member.id), col(Member.full_name), col(Member.role), col(Member.locale),
        col(Member.active), col(Member.unit_id), col(Member.cluster_id),
        col(DialogState.id), col(DialogState.flow), col(DialogState.step), col(DialogState.data),
    ).select_from(
        anchor.outerjoin(
            Identity,
            and_(
                col(Identity.channel) == bindparam("channel"),
                col(Identity.external_user_id) == bindparam("user_id"),
            ),
        )
        .outerjoin(Member, col(Member.id) == col(Identity.member_id))
        .outerjoin(
            DialogState,
            and_(
                col(DialogState.channel) == bindparam("channel"),
                col(DialogState.chat_id) == bindparam("chat_id"),
                col(DialogState.user_id) == bindparam("user_id"),
            ),
        )
    )  # fmt: skip


# Built once: on every update, building the statement cost more than running it.
ARRIVAL = _arrival()


async def person_and_dialog(
    *, session: AsyncSession, channel: str, chat_id: str, user_id: str
) -> tuple[Person | None, Dialog]:
    """Return the member behind the account (None for a stranger) and the chat's dialog."""
    connection = await session.connection()
    parameters = {"channel": channel, "chat_id": chat_id, "user_id": user_id}
    row = (await connection.execute(ARRIVAL, parameters)).one()
    member_id, name, role, locale, active, unit_id, cluster_id, stored, flow, step, data = row
    person = None
    if member_id is not None:
        person = Person(
            member_id=member_id, full_name=name, role=Role(role), locale=locale,
            active=active, unit_id=unit_id, led_cluster_id=cluster_id,
        )  # fmt: skip
    dialog = Dialog(flow=flow, step=step, data=dict(data)) if stored is not None else Dialog()
    return person, dialog
