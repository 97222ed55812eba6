"""Query functions for dialog state: where a person is in a conversation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import DialogState, utcnow


@dataclass(slots=True)
class Dialog:
    """A conversation's position, detached from the session."""

    flow: str | None = None
    step: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return self.flow is not None


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
