"""Query functions for dialog state: where a person is in a conversation."""

from __future__ import annotations

import functools

from sqlalchemy import Executable, bindparam
from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.dialogs import Dialog
from storage.conversation.models import DialogState
from storage.db.statements import bound, dialect_insert
from storage.db.times import utcnow


async def load_dialog(
    *, session: AsyncSession, channel: str, chat_id: str, user_id: str
) -> Dialog:
    """Return the stored dialog of one person in one chat (empty when none)."""
    row = await _row(session=session, channel=channel, chat_id=chat_id, user_id=user_id)
    if row is None:
        return Dialog()
    return Dialog(flow=row.flow, step=row.step, data=dict(row.data))


async def save_dialog(
    *, session: AsyncSession, channel: str, chat_id: str, user_id: str, dialog: Dialog
) -> None:
    """Store the dialog, or forget it when it holds nothing."""
    if dialog.flow is None and not dialog.data:
        key = {"channel": channel, "chat_id": chat_id, "user_id": user_id}
        await (await session.connection()).execute(_FORGET, key)
        return
    # One upsert rather than a read then a write: a statement less on every step of a flow.
    dialect = (await session.connection()).dialect.name
    parameters = {
        "channel": channel, "chat_id": chat_id, "user_id": user_id, "flow": dialog.flow,
        "step": dialog.step, "data": dialog.data, "updated_at": utcnow(),
    }  # fmt: skip
    await (await session.connection()).execute(_upsert(dialect), parameters)


# Built once, like the upsert: a flow's last step forgets the dialog on every pledge.
_FORGET = delete(DialogState).where(
    col(DialogState.channel) == bindparam("channel"),
    col(DialogState.chat_id) == bindparam("chat_id"),
    col(DialogState.user_id) == bindparam("user_id"),
)


@functools.cache
def _upsert(dialect: str) -> Executable:
    """Build the upsert once per dialect: building it cost more than running it."""
    insert = dialect_insert(dialect)
    fields = ("channel", "chat_id", "user_id", "flow", "step", "data", "updated_at")
    statement = insert(DialogState).values(bound(fields))
    changed = {name: statement.excluded[name] for name in ("flow", "step", "data", "updated_at")}
    return statement.on_conflict_do_update(
        index_elements=["channel", "chat_id", "user_id"], set_=changed
    )


async def _row(
    *, session: AsyncSession, channel: str, chat_id: str, user_id: str
) -> DialogState | None:
    statement = select(DialogState).where(
        DialogState.channel == channel,
        DialogState.chat_id == chat_id,
        DialogState.user_id == user_id,
    )
    return (await session.exec(statement)).first()
