"""Query functions for dialog state: where a person is in a conversation."""

from __future__ import annotations

from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.dialogs import Dialog
from storage.models import DialogState, utcnow


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
        await session.exec(
            delete(DialogState).where(
                col(DialogState.channel) == channel,
                col(DialogState.chat_id) == chat_id,
                col(DialogState.user_id) == user_id,
            )
        )
        return
    row = await _row(session=session, channel=channel, chat_id=chat_id, user_id=user_id)
    if row is None:
        row = DialogState(channel=channel, chat_id=chat_id, user_id=user_id)
    row.flow, row.step, row.data, row.updated_at = dialog.flow, dialog.step, dialog.data, utcnow()
    session.add(row)
    await session.flush()


async def _row(
    *, session: AsyncSession, channel: str, chat_id: str, user_id: str
) -> DialogState | None:
    statement = select(DialogState).where(
        DialogState.channel == channel,
        DialogState.chat_id == chat_id,
        DialogState.user_id == user_id,
    )
    return (await session.exec(statement)).first()
