"""A refusal a flow lets through is answered by the core with its reason: no flow falls silent."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.core.pipeline import Core
from bot.flow.clusters import ClusterChosen
from bot.flow.context import Context
from bot.flow.router import Registry, Router
from bot.i18n import Catalogs
from domain.refusals import ClusterRefusal, Refused
from storage.conversation.models import DialogState
from storage.db.engine import SessionFactory
from tests.support.corechat import CoreChat


def _core(sessions: SessionFactory, catalogs: Catalogs) -> Core:
    careless = Router(name="careless")
    careless.flow("careless", ClusterChosen)

    @careless.command("calendar")
    async def asks_then_is_refused(ctx: Context) -> None:
        ctx.begin("careless", "waiting", ClusterChosen(cluster=7))
        ctx.say("Một câu trước lời từ chối.")
        raise Refused(ClusterRefusal.NOT_ALLOWED)  # nothing here catches it

    registry = Registry()
    registry.include(careless)
    return Core(sessions=sessions, registry=registry, catalogs=catalogs)


@pytest.mark.parametrize(
    ("hint", "reason"),
    [
        ("vi", "Đồng chí không còn quyền thực hiện thao tác này."),
        ("en", "You are no longer allowed to do this."),
    ],
)
async def test_an_escaped_refusal_is_answered_in_the_persons_language(
    sessions: SessionFactory, catalogs: Catalogs, hint: str, reason: str
) -> None:
    chat = CoreChat(_core(sessions, catalogs), language_hint=hint)
    replies = await chat.command("lich")
    # What the flow said before stays; the refusal follows it, not an apology.
    assert [r.text for r in replies] == ["Một câu trước lời từ chối.", reason]
    async with sessions() as session:
        # The conversation the flow began is over: no question is left waiting.
        assert (await session.exec(select(DialogState))).all() == []
