"""Zalo in webhook mode through the whole app: the secret is checked, repeats answered once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import SecretStr
from sqlmodel import select

from bot.app import BotApp
from bot.config import Settings
from emulator.zalo import ZaloEmulator
from storage.inbox.updates import ProcessedUpdate
from tests.support.drivers import channel_settings
from tests.support.ports import free_port

SECRET = "zalo-webhook-secret-42"


@pytest.fixture
async def hooked() -> AsyncIterator[tuple[ZaloEmulator, str]]:
    async with ZaloEmulator() as emu:
        yield emu, f"http://127.0.0.1:{free_port()}/hooks/zalo"
        emu.assert_no_violations()


@pytest.fixture
async def app(settings: Settings, hooked: tuple[ZaloEmulator, str]) -> AsyncIterator[BotApp]:
    emu, url = hooked
    bot = BotApp(
        channel_settings(settings, zalo=emu).model_copy(
            update={
                "zalo_webhook_url": url,
                "zalo_webhook_secret": SecretStr(SECRET),
                "webhook_port": int(url.split(":")[2].split("/")[0]),
            }
        )
    )
    await bot.start()
    yield bot
    await bot.stop()


async def _keys(app: BotApp) -> list[str]:
    async with app.sessions() as session:
        return list((await session.exec(select(ProcessedUpdate.key))).all())


async def test_wrong_or_missing_secret_is_refused_and_nothing_stored(
    app: BotApp, hooked: tuple[ZaloEmulator, str]
) -> None:
    emu, url = hooked
    user = emu.user("Phạm Thị Dung")
    update = {"event_name": "message.text.received",
              "message": {"message_id": "forged-1", "date": 1750316131602, "text": "trogiup",
                          "from": {"id": user.id, "display_name": "X", "is_bot": False},
                          "chat": {"id": user.id, "chat_type": "PRIVATE"}}}  # fmt: skip
    async with httpx.AsyncClient() as client:
        wrong = await client.post(url, json=update, headers={"X-Bot-Api-Secret-Token": "nope"})
        missing = await client.post(url, json=update)
    assert (wrong.status_code, missing.status_code) == (403, 403)
    await asyncio.sleep(0.3)
    assert emu.messages(user.id) == []
    assert "zalo:message.text.received:forged-1" not in await _keys(app)


async def test_repeated_delivery_gets_one_answer(
    app: BotApp, hooked: tuple[ZaloEmulator, str]
) -> None:
    emu, url = hooked
    user = emu.user("Phạm Thị Dung")
    update = await emu.send_text(user, "trogiup")  # delivered by the emulator, with the secret
    async with httpx.AsyncClient() as client:  # and once more, bare, as Zalo sometimes does
        again = await client.post(url, json=update, headers={"X-Bot-Api-Secret-Token": SECRET})
    assert again.status_code == 200
    [answer] = await emu.wait_messages(user.id)
    assert answer["text"].startswith("Các lệnh đồng chí dùng được:")
    with pytest.raises(TimeoutError):
        await emu.wait_messages(user.id, timeout=0.5)


async def test_an_empty_body_is_a_probe_answered_200(
    app: BotApp, hooked: tuple[ZaloEmulator, str]
) -> None:
    emu, url = hooked
    assert emu.webhook_probes == [200]  # the platform's own probe, when the webhook was set
    async with httpx.AsyncClient() as client:
        signed = await client.post(url, content=b"", headers={"X-Bot-Api-Secret-Token": SECRET})
        bare = await client.post(url, content=b"")
        junk = await client.post(url, content=b"{", headers={"X-Bot-Api-Secret-Token": SECRET})
    assert (signed.status_code, bare.status_code) == (200, 200)
    assert junk.status_code == 400  # a body that is not JSON is still refused
    assert await _keys(app) == []
