"""Options offered in replies: stored as tokens, and kept in the dialog for typed answers.

A channel without buttons (Zalo) shows options as numbered lines, so the last ones offered
are kept in the dialog's data with what each does: "2" then picks the second without a read.
Once a command replaces them, a number typed for them is told their question closed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.flow.context import Context, rendered
from bot.i18n import Translator
from domain.dialogs import CORE_PREFIX, Dialog
from domain.messages import Reply
from storage.conversation.choices import StoredChoice, offer_choices

CHOICES_KEY = "_choices"  # dialog data: the last options offered, for typed answers
# Dialog data: a command replaced the options offered before it, so a number typed for them
# later is told that their question closed rather than "not understood".
CLOSED_KEY = "_choices_closed"


class _Kept(BaseModel):
    """The core's entries of a dialog's data, as this version keeps them."""

    model_config = ConfigDict(extra="forbid")

    # [token, label, action, payload, when] each; [token, label] as an earlier version kept.
    choices: list[tuple[str, str, str, dict[str, Any], datetime] | tuple[str, str]] | None = Field(
        default=None, alias=CHOICES_KEY
    )
    closed: bool = Field(default=False, alias=CLOSED_KEY)


def readable(dialog: Dialog) -> bool:
    """Tell whether the options kept in the dialog read as this version keeps them."""
    core = {k: v for k, v in dialog.data.items() if k.startswith(CORE_PREFIX)}
    try:
        _Kept.model_validate(core)
    except ValidationError:
        return False
    return True


async def offer(ctx: Context, session: AsyncSession) -> list[Reply]:
    """Store the options of the replies the handler queued; return the replies."""
    incoming = ctx.incoming
    replies: list[Reply] = []
    for pending in ctx.pending:
        tokens = await offer_choices(
            session=session,
            channel=incoming.channel.value,
            user_id=incoming.user_id,
            options=[(option.action, option.payload) for option in pending.options],
            flow=ctx.dialog.flow,
            step=ctx.dialog.step,
        )
        replies.append(rendered(pending, tokens, _choice_hint(ctx.t, len(tokens))))
    return replies


def keep(ctx: Context, before: Dialog, replies: list[Reply]) -> None:
    """Keep the last options offered in the dialog; forget them once it moved on."""
    offered = [reply for reply in replies if reply.choices]
    if offered:
        # With what each does: a typed answer is then handled without reading its token.
        options = [pending.options for pending in ctx.pending if pending.options][-1]
        at = ctx.now.isoformat()
        ctx.dialog.data[CHOICES_KEY] = [
            [choice.token, choice.label, option.action, option.payload, at]
            for choice, option in zip(offered[-1].choices, options, strict=True)
        ]
        ctx.dialog.data.pop(CLOSED_KEY, None)
    elif ctx.incoming.command is not None or (ctx.dialog.flow, ctx.dialog.step) != (
        before.flow,
        before.step,
    ):
        # Old options no longer answer anything once the conversation moved on.
        ctx.dialog.data.pop(CHOICES_KEY, None)
        if ctx.incoming.command is not None and (
            before.data.get(CHOICES_KEY) or before.data.get(CLOSED_KEY)
        ):
            ctx.dialog.data[CLOSED_KEY] = True


def kept(ctx: Context) -> list[list[Any]]:
    """The options kept for a typed answer: [token, label, action, payload, when] each."""
    return list(ctx.dialog.data.get(CHOICES_KEY) or [])


def closed(ctx: Context) -> bool:
    """True when a command replaced the options offered last."""
    return bool(ctx.dialog.data.get(CLOSED_KEY))


def kept_choice(ctx: Context, entry: list[Any]) -> StoredChoice | None:
    """The option behind a typed answer, as the dialog kept it; None if kept without it."""
    if len(entry) < 5:
        return None  # kept by an earlier version: its token is read instead
    token, _label, action, payload, at = entry[:5]
    incoming = ctx.incoming
    return StoredChoice(
        token=token, channel=incoming.channel.value, user_id=incoming.user_id, action=action,
        payload=dict(payload), flow=ctx.dialog.flow, step=ctx.dialog.step,
        created_at=datetime.fromisoformat(at),
    )  # fmt: skip


def ask_again(ctx: Context, count: int, *, buttons: bool) -> None:
    """Ask for one of the offered options, as the person's channel shows them."""
    if buttons:
        text = ctx._(
            "Vui lòng bấm một nút dưới câu hỏi trên (hoặc gõ số thứ tự của nút, từ 1 đến "
            "{count}), hoặc gõ /huy để hủy."
        )
    else:
        text = ctx._("Vui lòng trả lời bằng số từ 1 đến {count}, hoặc gõ /huy để hủy.")
    ctx.say(text.format(count=count))


def closed_question(ctx: Context) -> None:
    """Answer a number typed for options a later command replaced; change nothing."""
    ctx.dialog.data[CLOSED_KEY] = True  # a second number gets the same answer
    ctx.say(
        ctx._(
            "Câu hỏi có các lựa chọn đó đã đóng vì đồng chí đã gửi lệnh khác; tôi không "
            "thay đổi gì. Vui lòng gõ lại lệnh của việc cần làm để bắt đầu lại, hoặc gõ "
            "/trogiup để xem các lệnh."
        )
    )


def _choice_hint(t: Translator, count: int) -> str:
    if count == 0:
        return ""
    if count == 1:
        return t._("Trả lời 1 để chọn.")
    return t._("Trả lời bằng số từ 1 đến {count}.").format(count=count)
