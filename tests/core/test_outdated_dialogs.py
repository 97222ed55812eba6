"""A dialog kept in a shape this version does not read is closed politely, never half-read.

What a flow keeps between messages is declared (`Router.flow`) and checked when the dialog is
loaded: after an upgrade changed a flow's fields or dropped the flow, or when the stored row
was altered, the person is told the conversation ended and the row is cleared.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlmodel import func, select

from bot.core.pipeline import Core
from bot.flow.context import Context
from bot.flow.router import Registry, Router
from bot.i18n import Catalogs
from domain.dialogs import FlowState
from domain.messages import Channel
from domain.roles import Role
from handlers import build_registry
from storage.conversation.models import DialogState
from storage.db.engine import SessionFactory
from storage.pledge.models import Pledge
from tests.activity.activity_helpers import seed, user_id
from tests.support.corechat import CoreChat

ENDED = "Cuộc trò chuyện trước đã kết thúc do hệ thống được cập nhật. Vui lòng bắt đầu lại."
MEMBER = user_id("zalo", Role.MEMBER)


async def _keep(sessions: SessionFactory, flow: str, step: str, data: dict[str, Any]) -> None:
    """Store the member's dialog as an earlier version (or a forger) would have."""
    async with sessions() as session, session.begin():
        session.add(
            DialogState(
                channel="zalo", chat_id=MEMBER, user_id=MEMBER, flow=flow, step=step, data=data
            )
        )


async def _dialogs(sessions: SessionFactory) -> list[DialogState]:
    async with sessions() as session:
        return list((await session.exec(select(DialogState))).all())


async def _pledges(sessions: SessionFactory) -> int:
    async with sessions() as session:
        return (await session.exec(select(func.count()).select_from(Pledge))).one()


# The confirmation of a pledge, with the option "Xác nhận" kept for a typed "1" (Zalo).
CONFIRM = [["tok-old", "Xác nhận", "pledge.confirm", {}, datetime.now(UTC).isoformat()]]


@pytest.mark.parametrize(
    ("flow", "data"),
    [
        # A field this version does not know (an older draft kept the currency apart).
        ("pledge", {"amount": 500_000, "currency": "VND", "_choices": CONFIRM}),
        # A field of another type (an older draft kept the amount as typed).
        ("pledge", {"amount": "năm trăm nghìn", "_choices": CONFIRM}),
        # A flow this version no longer has.
        ("ungho_cu", {"amount": 500_000, "_choices": CONFIRM}),
        # Options kept in another shape (altered): no option is read from them.
        ("pledge", {"amount": 500_000, "_choices": [["tok-old", 1, "pledge.confirm", {}, "x"]]}),
    ],
    ids=["unknown-field", "wrong-type", "unknown-flow", "kept-options"],
)
async def test_an_answer_to_an_outdated_dialog_ends_it_politely(
    core: Core, sessions: SessionFactory, flow: str, data: dict[str, Any]
) -> None:
    await seed(sessions, {Role.MEMBER: "zalo"})
    await _keep(sessions, flow, "confirm", data)
    replies = await CoreChat(core, user_id=MEMBER, channel=Channel.ZALO).send("1")
    assert [r.text for r in replies] == [ENDED]
    assert await _dialogs(sessions) == []
    assert await _pledges(sessions) == 0  # the old confirmation saved nothing


async def test_a_stranger_joining_is_told_in_their_language(
    core: Core, sessions: SessionFactory
) -> None:
    await _keep(sessions, "join", "name", {"code": "ABC123", "unit": 4})
    chat = CoreChat(core, user_id=MEMBER, channel=Channel.ZALO, language_hint="en")
    replies = await chat.send("Nguyễn Văn An")
    assert [r.text for r in replies] == [
        "The previous conversation has ended because the bot was updated. Please start again."
    ]
    assert await _dialogs(sessions) == []


async def test_a_command_after_an_outdated_dialog_is_answered_after_the_notice(
    core: Core, sessions: SessionFactory
) -> None:
    await seed(sessions, {Role.MEMBER: "zalo"})
    await _keep(sessions, "pledge", "amount", {"amount": [1, 2]})
    chat = CoreChat(core, user_id=MEMBER, channel=Channel.ZALO)
    replies = await chat.command("ungho")
    assert replies[0].text == ENDED
    assert "đồng chí ủng hộ bao nhiêu?" in replies[1].text
    [row] = await _dialogs(sessions)  # the new pledge's dialog, in the shape it declares
    assert (row.flow, row.step) == ("pledge", "amount")
    assert row.data["amount"] == 0
    assert "ủng hộ" in (await chat.send("500k"))[0].text  # and it goes on as usual


async def test_a_dialog_in_the_declared_shape_goes_on(
    core: Core, sessions: SessionFactory
) -> None:
    await seed(sessions, {Role.MEMBER: "zalo"})
    await _keep(sessions, "pledge", "confirm", {"amount": 500_000, "_choices": CONFIRM})
    replies = await CoreChat(core, user_id=MEMBER, channel=Channel.ZALO).send("1")
    assert replies[0].text.startswith("Đã ghi nhận khoản ủng hộ 500.000")
    assert await _pledges(sessions) == 1


def test_every_flow_with_steps_declares_what_it_keeps() -> None:
    registry = build_registry()
    assert {flow for flow, _step in registry.steps} <= set(registry.states)


class _Kept(FlowState):
    count: int = 0


async def test_a_flow_that_keeps_what_it_did_not_declare_is_a_bug_caught_at_once(
    sessions: SessionFactory, catalogs: Catalogs
) -> None:
    """Written, not read on the next message: the person gets the apology, nothing is kept."""
    router = Router(name="undeclared")

    @router.command("calendar")
    async def begin(ctx: Context) -> None:
        ctx.begin("undeclared", "one", _Kept(count=1))

    registry = Registry()
    registry.include(router)
    core = Core(sessions=sessions, registry=registry, catalogs=catalogs)
    replies = await CoreChat(core, language_hint="en").command("lich")
    assert [r.text for r in replies] == [
        "Sorry, something went wrong. Please try again in a few minutes."
    ]
    assert await _dialogs(sessions) == []
