"""Commands that ask questions or show a person's own data answer only in a private chat.

In a group the bot reads commands only, so a question asked there (“how much?”) waited for
an answer it would never read, and /cuatoi showed the member's pledge to the whole group.
Groups are Telegram's (Zalo's group chats are in closed testing).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlmodel import select

from bot.config import Settings
from domain.roles import Role
from storage.conversation.models import DialogState
from storage.pledge.models import Pledge
from tests.activity.activity_helpers import seed, user_id
from tests.support.drivers import Running, running_bot

GROUP = -5001


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[Running]:
    async with running_bot("telegram", settings) as running:
        await seed(running.app.sessions, {Role.MEMBER: "telegram", Role.LEADER: "telegram"})
        assert running.telegram is not None
        running.telegram.group(GROUP, "Cụm thi đua số 1")
        yield running


async def in_group(bot: Running, role: Role, text: str) -> str:
    emu = bot.telegram
    assert emu is not None
    person = emu.user(int(user_id("telegram", role)), "Người thử")
    await emu.send_text(person, text, chat=emu.store.chats[GROUP])
    [answer] = await emu.wait_messages(GROUP)
    return str(answer["text"])


@pytest.mark.parametrize(
    ("role", "typed", "name"),
    [
        (Role.MEMBER, "/ungho 500k", "ungho"),
        (Role.MEMBER, "/cuatoi", "cuatoi"),
        (Role.MEMBER, "/baocao", "baocao"),
        (Role.MEMBER, "/lienket", "lienket"),
        (Role.LEADER, "/thongbao", "thongbao"),
        (Role.LEADER, "/moi", "moi"),
        (Role.LEADER, "/announce", "announce"),
    ],
)
async def test_asked_in_a_group_the_bot_asks_for_a_private_chat(
    bot: Running, role: Role, typed: str, name: str
) -> None:
    answer = await in_group(bot, role, typed)
    assert answer == (
        f"Vui lòng gõ /{name} trong tin nhắn riêng với tôi: trong nhóm chat, tôi không đọc câu "
        "trả lời và không hiện thông tin riêng của đồng chí."
    )
    async with bot.app.sessions() as session:
        assert (await session.exec(select(Pledge))).all() == []
        assert (await session.exec(select(DialogState))).all() == []  # no question left open


async def test_what_the_group_may_read_still_answers_there(bot: Running) -> None:
    assert (await in_group(bot, Role.MEMBER, "/lich")).startswith("Đợt ")
    assert (await in_group(bot, Role.MEMBER, "/ungho")).startswith("Vui lòng gõ /ungho")
    assert (await in_group(bot, Role.LEADER, "/tonghop")).startswith("Tổng hợp Cụm thi đua số 1")
