"""The Zalo channel: real ZaloChannel and real core against the local Zalo emulator."""

from __future__ import annotations

import asyncio
import copy
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pydantic import SecretStr

from bot.config import SettingRejected, Settings
from bot.core.pipeline import Core, Within
from bot.web import WebhookRoute, WebServer
from bot.zalo.channel import ZaloChannel
from bot.zalo.client import ZaloClient
from bot.zalo.convert import to_incoming, unwrap
from bot.zalo.render import render
from domain.messages import ChatKind, Choice, EventKind, Incoming, OutFile, Reply
from emulator.zalo import ZaloEmulator
from tests.support.ports import free_port

TOKEN = "4242424242:zalo-channel-test-token"
HELP = "Các lệnh đồng chí dùng được"


@pytest.fixture
async def emu() -> AsyncIterator[ZaloEmulator]:
    async with ZaloEmulator(TOKEN) as emulator:
        yield emulator


@pytest.fixture
def zalo_settings(settings: Settings, emu: ZaloEmulator) -> Settings:
    return settings.model_copy(
        update={"zalo_bot_token": SecretStr(emu.token), "zalo_api_base_url": emu.base_url}
    )


@pytest.fixture
async def channel(
    zalo_settings: Settings, core: Core, emu: ZaloEmulator
) -> AsyncIterator[ZaloChannel]:
    zalo = ZaloChannel(zalo_settings, core, poll_timeout=5)
    await zalo.start()
    yield zalo
    await zalo.stop()
    assert_no_tasks_left()
    emu.assert_no_violations()


def assert_no_tasks_left() -> None:
    """Fail if a task started by the Zalo channel outlived stop()."""
    current = asyncio.current_task()
    ours = [
        task
        for task in asyncio.all_tasks()
        if task is not current
        and (
            task.get_name().startswith("zalo")
            or "bot/zalo/" in getattr(getattr(task.get_coro(), "cr_code", None), "co_filename", "")
        )
    ]
    assert not ours, f"tasks left running: {ours}"


def update(event: str, **message: Any) -> dict[str, Any]:
    """Build a Zalo update by hand, for the converter."""
    base: dict[str, Any] = {
        "message_id": "m1",
        "from": {"id": "u1", "display_name": "Nguyễn Văn A", "is_bot": False},
        "chat": {"id": "u1", "chat_type": "PRIVATE"},
        "date": 1750316131602,
    }
    return {"event_name": event, "message": base | message}


# --- render and convert ------------------------------------------------------------------


def test_render_numbers_the_choices_and_adds_the_hint() -> None:
    reply = Reply(
        "Chọn ngôn ngữ:",
        choices=[Choice("Tiếng Việt", "t1"), Choice("English", "t2")],
        choice_hint="Trả lời bằng số từ 1 đến 2.",
    )
    assert render(reply) == [
        "Chọn ngôn ngữ:\n\n1. Tiếng Việt\n2. English\nTrả lời bằng số từ 1 đến 2."
    ]


def test_render_links_a_file_or_leaves_it_out(caplog: pytest.LogCaptureFixture) -> None:
    reply = Reply("Báo cáo", file=OutFile("bao-cao.xlsx", b"x", "application/vnd.ms-excel"))
    assert render(reply, "https://example.org/f/abc") == [
        "Báo cáo\n\nbao-cao.xlsx: https://example.org/f/abc"
    ]
    with caplog.at_level(logging.WARNING):
        assert render(reply) == ["Báo cáo"]
    assert "bao-cao.xlsx" in caplog.text


def test_convert_reads_commands_with_or_without_slash() -> None:
    bare = to_incoming(update("message.text.received", text="ungho 500k"))
    slashed = to_incoming(update("message.text.received", text="/UngHo 500k"))
    plain = to_incoming(update("message.text.received", text="xin chào"))
    assert bare is not None and slashed is not None and plain is not None
    assert (bare.command, bare.args) == (slashed.command, slashed.args) == ("ungho", "500k")
    assert plain.command is None and plain.kind is EventKind.TEXT
    assert bare.key == "zalo:message.text.received:m1"
    assert (bare.chat_id, bare.user_id, bare.display_name) == ("u1", "u1", "Nguyễn Văn A")
    assert bare.language_hint is None and bare.chat_kind is ChatKind.PRIVATE


def test_convert_photo_sticker_group_and_junk() -> None:
    photo = to_incoming(
        update("message.image.received", photo_url="https://p/1.jpg", caption="Ảnh")
    )
    assert photo is not None and photo.kind is EventKind.PHOTO and photo.text == "Ảnh"
    assert [(a.kind, a.ref) for a in photo.attachments] == [("photo", "https://p/1.jpg")]
    sticker = to_incoming(update("message.sticker.received", sticker="s1"))
    assert sticker is not None and sticker.kind is EventKind.OTHER
    group = to_incoming(update("message.text.received", chat={"id": "g1", "chat_type": "GROUP"}))
    assert group is not None and group.chat_kind is ChatKind.GROUP and group.chat_id == "g1"
    assert to_incoming(update("message.reaction.received")) is None
    assert to_incoming({"event_name": "message.text.received", "message": "?"}) is None
    assert to_incoming({"message": {}}) is None
    bot_echo = update("message.text.received", text="hi")
    bot_echo["message"]["from"]["is_bot"] = True
    assert to_incoming(bot_echo) is None


def test_unwrap_accepts_wrapped_and_bare_bodies() -> None:
    bare = update("message.text.received", text="hi")
    assert unwrap(bare) is bare
    assert unwrap({"ok": True, "result": bare}) is bare
    assert unwrap({"ok": False, "error_code": 408}) is None
    assert unwrap([bare]) is None


# --- the channel against the emulator ----------------------------------------------------


@pytest.mark.parametrize("text", ["trogiup", "/help", "TROGIUP"])
async def test_help_with_or_without_slash(
    channel: ZaloChannel, emu: ZaloEmulator, text: str
) -> None:
    user = emu.user("Nguyễn Văn A")
    await emu.send_text(user, text)
    [answer] = await emu.wait_messages(user.chat_id)
    assert HELP in answer["text"]


async def test_start_welcomes(channel: ZaloChannel, emu: ZaloEmulator) -> None:
    user = emu.user()
    await emu.send_text(user, "/start")
    [answer] = await emu.wait_messages(user.chat_id)
    assert answer["text"].startswith("Xin chào!")
    methods = [method for _, method, _ in emu.calls]
    assert "getWebhookInfo" in methods and "deleteWebhook" not in methods


async def test_language_is_chosen_by_number(channel: ZaloChannel, emu: ZaloEmulator) -> None:
    user = emu.user()
    await emu.send_text(user, "ngonngu")
    [menu] = await emu.wait_messages(user.chat_id)
    assert "1. Tiếng Việt\n2. English\nTrả lời bằng số từ 1 đến 2." in menu["text"]
    await emu.send_text(user, "2")
    [done] = await emu.wait_messages(user.chat_id)
    assert done["text"].startswith("Switched to English")
    await emu.send_text(user, "help")
    assert (await emu.wait_messages(user.chat_id))[0]["text"].startswith("Commands you can use")


@pytest.mark.parametrize("kind", ["sticker", "unsupported", "image"])
async def test_non_text_gets_a_hint(channel: ZaloChannel, emu: ZaloEmulator, kind: str) -> None:
    user = emu.user()
    if kind == "sticker":
        await emu.send_sticker(user)
    elif kind == "unsupported":
        await emu.send_unsupported(user)
    else:
        await emu.send_image(user, "https://example.org/a.jpg", "ảnh")
    [answer] = await emu.wait_messages(user.chat_id)
    assert "Tôi chỉ đọc được tin nhắn chữ" in answer["text"]


async def test_unknown_event_is_ignored(channel: ZaloChannel, emu: ZaloEmulator) -> None:
    user = emu.user()
    odd = copy.deepcopy(await emu.send_text(user, "trogiup"))
    await emu.wait_messages(user.chat_id)
    odd["event_name"] = "message.reaction.received"
    await emu.send_raw(odd)
    await emu.send_raw({"event_name": "message.text.received", "message": None})
    await emu.send_text(user, "/trogiup")
    [answer] = await emu.wait_messages(user.chat_id)
    assert HELP in answer["text"]
    assert len(emu.messages(user.chat_id)) == 2


async def test_same_update_twice_gets_one_answer(channel: ZaloChannel, emu: ZaloEmulator) -> None:
    user = emu.user()
    repeated = await emu.send_text(user, "trogiup")
    await emu.send_raw(repeated)
    await emu.send_text(user, "/start")  # answered only after the repeat was handled
    first, second = await emu.wait_messages(user.chat_id, count=2)
    assert HELP in first["text"] and second["text"].startswith("Xin chào!")
    assert len(emu.messages(user.chat_id)) == 2


async def test_long_reply_is_split_between_words(channel: ZaloChannel, emu: ZaloEmulator) -> None:
    user = emu.user()
    words = [f"từ{i % 97}-{'x' * (i % 11)}" for i in range(700)]
    text = " ".join(words)
    assert len(text) >= 5000
    await channel.send(user.chat_id, Reply(text))
    chunks = [m["text"] for m in emu.messages(user.chat_id)]
    assert len(chunks) >= 3
    assert all(len(chunk) <= 2000 for chunk in chunks)
    assert [w for chunk in chunks for w in chunk.split()] == words


async def test_blocked_user_is_logged_not_raised(
    channel: ZaloChannel, emu: ZaloEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    user = emu.user()
    emu.block(user)
    with caplog.at_level(logging.INFO, logger="bot.zalo.channel"):
        await channel.send(user.chat_id, Reply("xin chào"))
    assert "blocked" in caplog.text
    assert emu.messages(user.chat_id) == []


# --- polling life cycle ------------------------------------------------------------------


async def test_polling_removes_a_stale_webhook_and_survives_errors(
    zalo_settings: Settings, core: Core, emu: ZaloEmulator
) -> None:
    delays: list[float] = []
    backing_off = asyncio.Event()

    async def no_wait(delay: float) -> None:
        delays.append(delay)
        backing_off.set()
        await asyncio.sleep(0)

    async with ZaloClient(TOKEN, base_url=emu.base_url) as admin:
        await admin.set_webhook("http://127.0.0.1:9/zalo", "a-secret-token")
    emu.inject_error(502, times=3, method="getUpdates")
    client = ZaloClient(TOKEN, base_url=emu.base_url, max_attempts=1, sleep=no_wait)
    zalo = ZaloChannel(zalo_settings, core, client=client, poll_timeout=5, sleep=no_wait)
    await zalo.start()
    # The first back-off comes after the webhook check: from then on updates are polled.
    await asyncio.wait_for(backing_off.wait(), timeout=5)
    user = emu.user()
    await emu.send_text(user, "trogiup")
    [answer] = await emu.wait_messages(user.chat_id)
    await zalo.stop()
    assert HELP in answer["text"]
    assert delays == [1.0, 2.0, 4.0]
    assert_no_tasks_left()
    emu.assert_no_violations()


async def test_wrong_token_stops_the_start_without_leaking_it(
    settings: Settings, core: Core, emu: ZaloEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    wrong = "999:wrong-token-value"
    bad = settings.model_copy(
        update={"zalo_bot_token": SecretStr(wrong), "zalo_api_base_url": emu.base_url}
    )
    zalo = ZaloChannel(bad, core, poll_timeout=5)
    with caplog.at_level(logging.DEBUG):
        with pytest.raises(SettingRejected, match=r"401.*ZALO_BOT_TOKEN") as caught:
            await zalo.start()
        await zalo.stop()
    assert zalo._poll_task is None  # the token is checked before any polling
    assert [method for _, method, _ in emu.calls] == ["getMe"]
    assert wrong not in caplog.text and wrong not in str(caught.value)
    assert_no_tasks_left()


async def test_a_token_reset_while_polling_stops_polling(
    zalo_settings: Settings, core: Core, emu: ZaloEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    zalo = ZaloChannel(zalo_settings, core, poll_timeout=5)
    with caplog.at_level(logging.DEBUG):
        await zalo.start()
        emu.token = "reset-in-zalo-bot-creator"
        task = zalo._poll_task
        assert task is not None
        await asyncio.wait_for(task, timeout=10)
        await zalo.stop()
    assert "401" in caplog.text and "ZALO_BOT_TOKEN" in caplog.text
    assert_no_tasks_left()


# --- webhook mode ------------------------------------------------------------------------


async def test_webhook_mode_answers_wrapped_bodies(
    zalo_settings: Settings, core: Core, emu: ZaloEmulator
) -> None:
    port, secret = free_port(), "webhook-secret-123"
    hooked = zalo_settings.model_copy(
        update={
            "zalo_webhook_url": f"http://127.0.0.1:{port}/zalo",
            "zalo_webhook_secret": SecretStr(secret),
        }
    )
    emu.wrap_webhook_body = True
    zalo = ZaloChannel(hooked, core)
    server = WebServer(
        "127.0.0.1", port, [WebhookRoute("/zalo", "X-Bot-Api-Secret-Token", secret, zalo.feed)]
    )
    await server.start()
    await zalo.start()
    try:
        user = emu.user()
        await emu.send_text(user, "trogiup")
        [answer] = await emu.wait_messages(user.chat_id)
        assert HELP in answer["text"]
    finally:
        await zalo.stop()
        await server.stop()
    methods = [method for _, method, _ in emu.calls]
    assert "setWebhook" in methods and "deleteWebhook" not in methods
    assert "getUpdates" not in methods
    assert_no_tasks_left()
    emu.assert_no_violations()


def test_webhook_without_secret_is_refused(zalo_settings: Settings, core: Core) -> None:
    hooked = zalo_settings.model_copy(update={"zalo_webhook_url": "https://bot.example/zalo"})
    with pytest.raises(ValueError, match="ZALO_WEBHOOK_SECRET"):
        ZaloChannel(hooked, core)


async def test_stop_finishes_the_update_in_hand(
    zalo_settings: Settings, core: Core, emu: ZaloEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = asyncio.Event()
    handle = core.handle_once

    async def slow_handle(
        incoming: Incoming, *, within: Within | None = None
    ) -> list[Reply] | None:
        started.set()
        await asyncio.sleep(0.2)
        return await handle(incoming, within=within)

    monkeypatch.setattr(core, "handle_once", slow_handle)
    zalo = ZaloChannel(zalo_settings, core, poll_timeout=5)
    await zalo.start()
    user = emu.user()
    await emu.send_text(user, "trogiup")
    await asyncio.wait_for(started.wait(), timeout=5)
    await zalo.stop()
    [answer] = emu.messages(user.chat_id)
    assert HELP in answer["text"]
    assert_no_tasks_left()
