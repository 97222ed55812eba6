"""Tests of the Telegram emulator acting as users: updates, webhooks, faults and limits."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest
import telegram
from aiohttp import web
from telegram import Update
from telegram.error import BadRequest, Conflict, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application, CommandHandler, ContextTypes
from telegram.request import HTTPXRequest

from emulator.telegram import TelegramEmulator
from emulator.telegram_faults import RateLimits
from tests.support.emulator_fixtures import TOKEN, bot, emu, keyboard

__all__ = ["bot", "emu"]  # fixtures, used by name

# PTB's RetryAfter warns from its own constructor about a future type change of retry_after.
quiet_retry_after = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


# -- updates: long polling ---------------------------------------------------------------


async def test_long_poll_returns_as_soon_as_an_update_arrives(
    emu: TelegramEmulator, bot: telegram.Bot
) -> None:
    user = emu.user(42, "Lan")
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await asyncio.sleep(0.2)
    assert not poll.done()
    await emu.send_text(user, "/start ABC123")
    updates = await asyncio.wait_for(poll, 2)
    assert time.monotonic() - started < 2
    assert len(updates) == 1
    message = updates[0].message
    assert message is not None and message.text == "/start ABC123"
    assert message.entities[0].type == "bot_command" and message.entities[0].length == 6
    assert message.from_user is not None and message.from_user.language_code == "vi"

    started = time.monotonic()
    assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=1) == ()
    assert time.monotonic() - started >= 0.9  # nothing came: it waited the whole timeout
    emu.assert_no_violations()


async def test_offset_confirms_and_repeats_are_delivered(
    emu: TelegramEmulator, bot: telegram.Bot
) -> None:
    user = emu.user(42)
    first = await emu.send_text(user, "một")
    await emu.send_text(user, "hai")
    batch = await bot.get_updates()
    assert [u.update_id for u in batch] == [1, 2]
    assert [u.update_id for u in await bot.get_updates()] == [1, 2]  # not confirmed yet
    assert await bot.get_updates(offset=3) == ()
    await emu.send_update(first)  # the same update_id once more, as after a lost answer
    repeat = await bot.get_updates(offset=3)
    assert [u.update_id for u in repeat] == [1]
    assert repeat[0].message is not None and repeat[0].message.text == "một"


async def test_user_actions_produce_updates_ptb_understands(
    emu: TelegramEmulator, bot: telegram.Bot
) -> None:
    user = emu.user(42, "Lan")
    group = emu.group(-300, "Cụm 3")
    sent = await emu.send_text(user, "báo cáo", chat=group)
    await emu.send_sticker(user)
    await emu.send_photo(user, caption="ảnh hoạt động")
    await emu.send_document(user, b"a;b", "ds.csv", mime_type="text/csv")
    await emu.edit_text(user, sent["message"], "báo cáo (sửa)")
    updates = await bot.get_updates()
    assert updates[0].message is not None and updates[0].message.chat.type == "group"
    assert updates[1].message is not None and updates[1].message.sticker is not None
    photo_message = updates[2].message
    assert photo_message is not None and photo_message.caption == "ảnh hoạt động"
    largest = photo_message.photo[-1]
    assert (largest.width, largest.height) == (640, 480)
    image = await (await bot.get_file(largest.file_id)).download_as_bytearray()
    assert bytes(image).startswith(b"\x89PNG")
    doc = updates[3].message
    assert doc is not None and doc.document is not None and doc.document.file_name == "ds.csv"
    edited = updates[4].edited_message
    assert edited is not None and edited.text == "báo cáo (sửa)" and edited.edit_date
    emu.assert_no_violations()


async def test_press_sends_callback_query_and_records_answer(
    emu: TelegramEmulator, bot: telegram.Bot
) -> None:
    user = emu.user(42)
    await bot.send_message(42, "Ủng hộ?", reply_markup=keyboard(("Có", "y"), ("Không", "n")))
    [message] = await emu.wait_messages(42)
    await emu.press(user, message, "Không")
    await emu.press(user, message, 0)
    updates = await bot.get_updates()
    queries = [u.callback_query for u in updates]
    assert [q.data for q in queries if q is not None] == ["n", "y"]
    first = queries[0]
    assert first is not None and first.message is not None
    assert first.message.message_id == message["message_id"]
    await bot.answer_callback_query(first.id, "Đã ghi nhận")
    assert emu.callback_answers[0]["text"] == "Đã ghi nhận"
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(first.id)
    with pytest.raises(ValueError, match="buttons"):
        await emu.press(user, message, "Có lẽ")


async def test_wait_messages_counts_new_messages_and_explains_timeouts(
    emu: TelegramEmulator, bot: telegram.Bot
) -> None:
    emu.user(42)
    waiter = asyncio.create_task(emu.wait_messages(42, 2, timeout=3))
    await bot.send_message(42, "một")
    await bot.send_message(42, "hai")
    assert [m["text"] for m in await waiter] == ["một", "hai"]
    await bot.send_message(42, "ba")
    with pytest.raises(TimeoutError, match="got 1") as caught:
        await emu.wait_messages(42, 2, timeout=0.2)
    assert "'ba'" in str(caught.value)


# -- updates: webhook --------------------------------------------------------------------


async def test_webhook_delivery_carries_secret_and_retries(
    emu: TelegramEmulator, bot: telegram.Bot
) -> None:
    received: list[tuple[dict[str, Any], str | None]] = []
    answers = [500]  # the first delivery fails, so the emulator has to retry

    async def receive(request: web.Request) -> web.Response:
        received.append(
            (await request.json(), request.headers.get("X-Telegram-Bot-Api-Secret-Token"))
        )
        return web.Response(status=answers.pop(0) if answers else 200)

    app = web.Application()
    app.router.add_post("/hook", receive)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    try:
        emu.webhook_retry_delay = 0.05
        user = emu.user(42)
        await bot.set_webhook(url, secret_token="s3cret-token")
        with pytest.raises(Conflict, match="webhook is active"):
            await bot.get_updates()
        await emu.send_text(user, "xin chào")
        for _ in range(100):
            if len(received) >= 2:
                break
            await asyncio.sleep(0.02)
        assert [body["message"]["text"] for body, _ in received] == ["xin chào", "xin chào"]
        assert {secret for _, secret in received} == {"s3cret-token"}
        info = await bot.get_webhook_info()
        assert info.url == url and info.pending_update_count == 0
        assert info.last_error_message is not None and "500" in info.last_error_message
        await bot.delete_webhook()
        await emu.send_text(user, "polling again")
        assert len(await bot.get_updates()) == 1
    finally:
        await runner.cleanup()
    emu.assert_no_violations()


# -- faults and limits -------------------------------------------------------------------


@quiet_retry_after
async def test_faults_inject_429_502_and_hangs(emu: TelegramEmulator) -> None:
    emu.user(42)
    emu.faults.rate_limit(retry_after=3, methods={"sendMessage"}, count=1)
    emu.faults.bad_gateway(methods={"sendChatAction"}, count=1)
    emu.faults.hang(seconds=2, methods={"getChat"}, count=1)
    request = HTTPXRequest(read_timeout=0.3)
    async with telegram.Bot(TOKEN, base_url=emu.base_url, request=request) as client:
        # The wording depends on PTB_TIMEDELTA, which the bot turns on: "3 seconds" or "0:00:03".
        with pytest.raises(RetryAfter, match=r"Retry in (3 seconds|0:00:03)"):
            await client.send_message(42, "hi")
        await client.send_message(42, "hi")  # count=1: the second call goes through
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await client.send_chat_action(42, "typing")
        with pytest.raises(TimedOut):
            await client.get_chat(42)
    assert emu.faults.injected == [
        ("sendMessage", "429"),
        ("sendChatAction", "502"),
        ("getChat", "hang"),
    ]
    assert len(emu.messages(42)) == 1

    async def hook(method: str, params: dict[str, Any]) -> web.Response | None:
        return web.json_response({"ok": False, "error_code": 500, "description": "x"}, status=500)

    emu.faults.clear()
    emu.faults.hook = hook
    async with httpx.AsyncClient() as raw:
        response = await raw.post(f"{emu.base_url}{TOKEN}/getMe")
    assert response.status_code == 500


@quiet_retry_after
async def test_rate_limits_answer_429_past_telegram_limits(
    emu: TelegramEmulator, bot: telegram.Bot
) -> None:
    emu.user(1)
    emu.user(2)
    emu.rate_limits = RateLimits(overall=(3, 1.0), private_chat=(1, 1.0))
    await bot.send_message(1, "a")
    with pytest.raises(RetryAfter):
        await bot.send_message(1, "b")  # a second message to one chat within a second
    await bot.send_message(2, "c")
    emu.user(3)
    await bot.send_message(3, "d")
    emu.user(4)
    with pytest.raises(RetryAfter):
        await bot.send_message(4, "e")  # the fourth message overall within a second
    assert [m for m, _ in emu.rate_limits.hits] == ["sendMessage", "sendMessage"]


# -- a whole python-telegram-bot Application ---------------------------------------------


async def test_application_polling_replies_to_start(emu: TelegramEmulator) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text("hi")

    app = (
        Application.builder()
        .token(TOKEN)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    user = emu.user(77, "Minh")
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        await emu.send_text(user, "/start")
        [reply] = await emu.wait_messages(user.chat_id, timeout=5)
        await app.updater.stop()
        await app.stop()
    assert reply["text"] == "hi"
    assert reply["chat"]["id"] == 77
    methods = {method for _, method, _ in emu.calls}
    assert {"getMe", "deleteWebhook", "getUpdates", "sendMessage"} <= methods
    emu.assert_no_violations()
