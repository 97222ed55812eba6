"""Zalo as the real platform behaves: intake never stalls, 403 retried, UTF-16 lengths, probes."""

from __future__ import annotations

import asyncio
import time
import unicodedata
from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr

from bot.config import Settings
from bot.core.pipeline import Core
from bot.zalo.channel import ZaloChannel
from bot.zalo.convert import to_incoming
from bot.zalo.render import render
from domain.messages import Reply
from emulator.zalo import ZaloEmulator, utf16_units
from emulator.zalo_users import JSON
from tests.channels.test_zalo_channel import HELP, assert_no_tasks_left


@pytest.fixture
async def emu() -> AsyncIterator[ZaloEmulator]:
    async with ZaloEmulator() as emulator:
        yield emulator
        emulator.assert_no_violations()


@pytest.fixture
async def channel(settings: Settings, core: Core, emu: ZaloEmulator) -> AsyncIterator[ZaloChannel]:
    update = {"zalo_bot_token": SecretStr(emu.token), "zalo_api_base_url": emu.base_url}
    zalo = ZaloChannel(settings.model_copy(update=update), core, poll_timeout=2)
    await zalo.start()
    yield zalo
    await zalo.stop()
    assert_no_tasks_left()


@pytest.mark.serial  # times an answer: alone on the machine
async def test_a_slow_chat_does_not_hold_up_the_others(
    channel: ZaloChannel, emu: ZaloEmulator
) -> None:
    slow, quick = emu.user("Chậm"), emu.user("Nhanh")

    async def slow_network_to(method: str, body: JSON) -> None:
        if method == "sendMessage" and body.get("chat_id") == slow.id:
            await asyncio.sleep(2)

    emu.faults = slow_network_to
    await emu.send_text(slow, "trogiup")
    await asyncio.sleep(0.2)  # the slow update is in hand
    began = time.monotonic()
    await emu.send_text(quick, "trogiup")
    [answer] = await emu.wait_messages(quick.chat_id, timeout=1.5)
    assert time.monotonic() - began < 1.5 and HELP in answer["text"]
    assert emu.messages(slow.chat_id) == []  # still on its way
    [late] = await emu.wait_messages(slow.chat_id, timeout=5)
    assert HELP in late["text"]


@pytest.mark.serial  # times an answer: alone on the machine
async def test_a_429_back_off_stalls_only_its_chat_and_keeps_the_order(
    channel: ZaloChannel, emu: ZaloEmulator
) -> None:
    waiting, other = emu.user("Chờ"), emu.user("Khác")
    emu.inject_error(429, method="sendMessage", retry_after=2)  # the next reply backs off 2 s
    for typed in ("trogiup", "/start", "ngonngu"):
        await emu.send_text(waiting, typed)
    await asyncio.sleep(0.3)
    began = time.monotonic()
    await emu.send_text(other, "start")
    await emu.wait_messages(other.chat_id, timeout=1.5)
    assert time.monotonic() - began < 1.5
    first, second, third = await emu.wait_messages(waiting.chat_id, count=3, timeout=10)
    assert HELP in first["text"]
    assert second["text"].startswith("Xin chào!")
    assert "1. Tiếng Việt" in third["text"]  # one chat's updates are answered in order


@pytest.mark.parametrize(
    "text",
    [
        "🎉" * 1500,  # one long "word" of emoji: 3,000 UTF-16 units in 1,500 characters
        " ".join(["Chúc mừng 🎉🎉"] * 300),
        unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết ") * 150,  # accents apart
        unicodedata.normalize("NFD", "Ệ" * 2500),  # no space at all: a hard cut
    ],
)
async def test_parts_stay_within_2000_utf16_units(
    channel: ZaloChannel, emu: ZaloEmulator, text: str
) -> None:
    user = emu.user()
    await channel.send(user.chat_id, Reply(text))
    parts = [m["text"] for m in emu.messages(user.chat_id)]
    assert len(parts) >= 2 and all(utf16_units(part) <= 2000 for part in parts)
    assert all(not unicodedata.combining(part[0]) for part in parts)  # no accent cut off
    assert "".join("".join(parts).split()) == "".join(text.split())
    assert channel.parts(text) == len(parts) == len(render(Reply(text)))


async def test_a_passing_403_is_retried_for_a_reply(
    channel: ZaloChannel, emu: ZaloEmulator
) -> None:
    user = emu.user()
    emu.inject_error(403, method="sendMessage", times=2)  # "Internal server error"
    await emu.send_text(user, "trogiup")
    [answer] = await emu.wait_messages(user.chat_id, timeout=5)
    assert HELP in answer["text"]


@pytest.mark.parametrize("field", ["photo_url", "photo"])
async def test_a_photo_is_read_from_either_field(
    channel: ZaloChannel, emu: ZaloEmulator, core: Core, field: str
) -> None:
    user = emu.user()
    update = await emu.send_image(user, "https://zalo.example/a.jpg", "ảnh", field=field)
    await emu.wait_messages(user.chat_id)
    incoming = to_incoming(update)
    assert incoming is not None
    assert [a.ref for a in incoming.attachments] == ["https://zalo.example/a.jpg"]


async def test_a_voice_note_is_answered_like_any_unsupported_message(
    channel: ZaloChannel, emu: ZaloEmulator
) -> None:
    user = emu.user()
    await emu.send_voice(user)
    [answer] = await emu.wait_messages(user.chat_id)
    assert "Tôi chỉ đọc được tin nhắn chữ" in answer["text"]
