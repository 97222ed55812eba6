"""An update is acknowledged only once stored: an outage of the database loses none."""

from __future__ import annotations

import asyncio
import json

import aiohttp
import pytest
from pydantic import SecretStr

from bot.config import Settings
from bot.inbox.replies import encode
from domain.messages import Reply
from storage.db.engine import create_engine, create_session_factory
from storage.inbox.models import InboxState, InboxUpdate
from storage.inbox.queries import waiting_updates
from tests.channels.test_zalo_channel import HELP
from tests.support.drivers import CHANNELS, running_bot
from tests.support.ports import free_port

OUTAGE = "tạm thời gián đoạn"
# Nothing listens on port 9 (discard): every connection is refused, as from a stopped server.
UNREACHABLE = "postgresql+asyncpg://nobody@127.0.0.1:9/none"


async def test_telegram_polling_keeps_an_update_until_the_database_takes_it(
    settings: Settings,
) -> None:
    async with running_bot("telegram", settings) as bot:
        emu, inbox = bot.telegram, bot.app.inbox
        assert emu is not None
        user = emu.user(5001)
        working = inbox.sessions
        inbox.sessions = create_session_factory(create_engine(UNREACHABLE))
        await emu.send_text(user, "/trogiup")
        [apology] = await emu.wait_messages(user.id, timeout=10)
        assert OUTAGE in apology["text"]
        inbox.sessions = working
        # The offset stayed before the update: Telegram gives it again, and it is answered.
        [answer] = await emu.wait_messages(user.id, timeout=15)
        assert HELP in answer["text"]
        await asyncio.sleep(1.0)
        assert len(emu.messages(user.id)) == 2  # once, and the apology only once
        async with inbox.sessions() as session:
            assert await waiting_updates(session=session) == 0


async def test_zalo_polling_tells_the_member_when_an_update_cannot_be_kept(
    settings: Settings,
) -> None:
    async with running_bot("zalo", settings) as bot:
        emu, inbox = bot.zalo, bot.app.inbox
        assert emu is not None
        user = emu.user()
        working = inbox.sessions
        inbox.sessions = create_session_factory(create_engine(UNREACHABLE))
        await emu.send_text(user, "trogiup")
        [apology] = await emu.wait_messages(user.chat_id, timeout=10)
        assert OUTAGE in apology["text"]
        inbox.sessions = working
        # Zalo's polling has no offset: that update is gone (hence webhooks in production);
        # the member's next message is answered.
        await emu.send_text(user, "trogiup")
        [answer] = await emu.wait_messages(user.chat_id, timeout=10)
        assert HELP in answer["text"]


@pytest.mark.parametrize("channel", CHANNELS)
async def test_the_webhook_answers_503_while_the_database_is_away(
    channel: str, settings: Settings
) -> None:
    port, secret = free_port(), "webhook-secret-123"
    hooked = settings.model_copy(
        update={
            f"{channel}_webhook_url": f"http://127.0.0.1:{port}/{channel}",
            f"{channel}_webhook_secret": SecretStr(secret),
            "webhook_port": port,
            "webhook_listen": "127.0.0.1",
        }
    )
    async with running_bot(channel, hooked) as bot:
        if bot.telegram is not None:
            chat = str(bot.telegram.user(4242).id)
            header = "X-Telegram-Bot-Api-Secret-Token"
            update: dict[str, object] = {
                "update_id": 777,
                "message": {
                    "message_id": 1, "date": 0, "text": "/trogiup",
                    "chat": {"id": int(chat), "type": "private"},
                    "from": {"id": int(chat), "is_bot": False, "first_name": "A"},
                    "entities": [{"type": "bot_command", "offset": 0, "length": 8}],
                },
            }  # fmt: skip
        else:
            assert bot.zalo is not None
            user = bot.zalo.user()
            chat, header = user.chat_id, "X-Bot-Api-Secret-Token"
            update = {
                "event_name": "message.text.received",
                "message": {
                    "message_id": "m777", "date": 0, "text": "trogiup",
                    "from": {"id": user.id, "display_name": "A", "is_bot": False},
                    "chat": {"id": chat, "chat_type": "PRIVATE"},
                },
            }  # fmt: skip
        inbox = bot.app.inbox
        working = inbox.sessions
        inbox.sessions = create_session_factory(create_engine(UNREACHABLE))
        url, headers = f"http://127.0.0.1:{port}/{channel}", {header: secret}
        async with aiohttp.ClientSession() as http:
            async with http.post(url, data=json.dumps(update), headers=headers) as response:
                assert response.status == 503
            inbox.sessions = working
            for _ in range(2):  # delivered again, and once more: answered once
                async with http.post(url, data=json.dumps(update), headers=headers) as response:
                    assert response.status == 200
        if bot.telegram is not None:
            answers = await bot.telegram.wait_messages(int(chat), count=2)
        else:
            assert bot.zalo is not None
            answers = await bot.zalo.wait_messages(chat, count=2)
        assert OUTAGE in answers[0]["text"] and HELP in answers[1]["text"]
        await asyncio.sleep(1.0)
        sent = bot.telegram.messages(int(chat)) if bot.telegram else bot.zalo.messages(chat)  # type: ignore[union-attr]
        assert len(sent) == 2


@pytest.mark.parametrize("channel", CHANNELS)
async def test_replies_kept_before_a_crash_are_sent_not_handled_again(
    channel: str, settings: Settings
) -> None:
    async with running_bot(channel, settings) as bot:
        if bot.telegram is not None:
            target = str(bot.telegram.user(6001).id)
        else:
            assert bot.zalo is not None
            target = bot.zalo.user().chat_id
        # What a process that died after handling an update, before its replies went out,
        # leaves behind: the update answered, its replies kept, its lease run out.
        async with bot.app.sessions() as session, session.begin():
            session.add(
                InboxUpdate(
                    key=f"{channel}:crashed", channel=channel, chat_id=target, body="{}",
                    state=InboxState.ANSWERED, replies=encode(target, [Reply("Đã ghi nhận.")]),
                )
            )  # fmt: skip
        bot.app.inbox.wake()
        if bot.telegram is not None:
            [sent] = await bot.telegram.wait_messages(int(target), timeout=10)
        else:
            assert bot.zalo is not None
            [sent] = await bot.zalo.wait_messages(target, timeout=10)
        assert sent["text"] == "Đã ghi nhận."
        async with asyncio.timeout(5):  # settled once sent
            while True:
                async with bot.app.sessions() as session:
                    if await waiting_updates(session=session) == 0:
                        break
                await asyncio.sleep(0.05)
