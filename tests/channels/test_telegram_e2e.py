"""Telegram specifics end to end: menus, repeats, edits, old buttons, long text, webhook."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import SecretStr
from sqlmodel import func, select

from bot.app import BotApp
from bot.config import Settings
from domain.messages import Choice, Reply
from emulator.telegram import TelegramEmulator
from storage.conversation.models import DialogState
from storage.inbox.updates import ProcessedUpdate
from tests.support.drivers import channel_settings
from tests.support.ports import free_port


@pytest.fixture
async def emu() -> AsyncIterator[TelegramEmulator]:
    async with TelegramEmulator() as emulator:
        yield emulator
        emulator.assert_no_violations()
        emulator.assert_no_repeated_acts()


@pytest.fixture
async def app(settings: Settings, emu: TelegramEmulator) -> AsyncIterator[BotApp]:
    bot = BotApp(channel_settings(settings, telegram=emu))
    await bot.start()
    yield bot
    await bot.stop()


async def test_command_menus_are_published_per_language(
    app: BotApp, emu: TelegramEmulator
) -> None:
    vi = [c["command"] for c in emu.commands(language_code="vi")]
    en = [c["command"] for c in emu.commands(language_code="en")]
    # Members' commands, in contract order; leaders' commands are not in everyone's menu.
    assert vi == ["start", "trogiup", "ungho", "baocao", "cuatoi", "lich", "chamdiem", "giaouoc",
                  "lienket", "ngonngu", "huy"]  # fmt: skip
    assert en == ["start", "help", "pledge", "report", "mine", "calendar", "score", "covenant",
                  "link", "lang", "cancel"]  # fmt: skip
    assert [c["command"] for c in emu.commands()] == vi  # the default is DEFAULT_LOCALE's
    descriptions = {c["command"]: c["description"] for c in emu.commands(language_code="en")}
    assert descriptions["lang"] == "Choose your language"


async def test_the_same_update_delivered_twice_gets_one_answer(
    app: BotApp, emu: TelegramEmulator
) -> None:
    user = emu.user(2001)
    update = await emu.send_text(user, "/trogiup")
    await emu.send_update(update)  # Telegram redelivers after a timeout: same update_id
    await emu.send_text(user, "/huy")
    messages = await emu.wait_messages(user.id, 2)
    assert messages[0]["text"].startswith("Các lệnh đồng chí dùng được:")
    assert messages[1]["text"] == "Không có thao tác nào đang làm."


async def test_edited_message_is_ignored_outside_a_conversation(
    app: BotApp, emu: TelegramEmulator
) -> None:
    user = emu.user(2002)
    sent = await emu.send_text(user, "xin chào")
    await emu.wait_messages(user.id)
    await emu.edit_text(user, sent["message"], "xin chào bot")
    await emu.send_text(user, "/ngonngu")
    menu = await emu.wait_messages(user.id)
    assert menu[0]["text"] == "Chọn ngôn ngữ:"  # nothing came for the edit
    await emu.edit_text(user, sent["message"], "xin chào lần nữa")
    edited = await emu.wait_messages(user.id)
    assert edited[0]["text"].startswith("Tôi không đọc tin nhắn đã sửa.")


async def test_button_from_an_old_message(app: BotApp, emu: TelegramEmulator) -> None:
    user = emu.user(2003)
    await emu.send_text(user, "/ngonngu")
    old_menu = (await emu.wait_messages(user.id))[0]
    await emu.send_text(user, "/huy")
    await emu.wait_messages(user.id)
    await emu.press(user, old_menu, "English")
    answer = await emu.wait_messages(user.id)
    assert answer[0]["text"] == "Lựa chọn này đã cũ. Vui lòng gõ lại lệnh để bắt đầu lại."
    assert len(emu.callback_answers) == 1  # the spinner on the button stops
    assert "reply_markup" not in emu.messages(user.id)[0]  # and the old keyboard is gone


async def test_a_pressed_button_cannot_be_pressed_twice(
    app: BotApp, emu: TelegramEmulator
) -> None:
    user = emu.user(2004)
    await emu.send_text(user, "/ngonngu")
    menu = (await emu.wait_messages(user.id))[0]
    await emu.press(user, menu, "English")
    assert (await emu.wait_messages(user.id))[0]["text"].startswith("Switched to English")
    # A second tap carries the same token; the dialog has moved on, so it changes nothing.
    callback = menu["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await emu.send_update(
        {
            "callback_query": {
                "id": "99",
                "from": user.to_api(),
                "chat_instance": "1",
                "message": menu,
                "data": callback,
            }
        }
    )
    assert (await emu.wait_messages(user.id))[0]["text"].startswith("This option is out of date")


async def test_a_button_press_delivered_twice_is_answered_once(
    app: BotApp, emu: TelegramEmulator
) -> None:
    user = emu.user(2010)
    await emu.send_text(user, "/ngonngu")
    menu = (await emu.wait_messages(user.id))[0]
    update = await emu.press(user, menu, "English")
    await emu.send_update(update)  # redelivered: same update_id, same callback query
    await emu.send_text(user, "/help")
    messages = await emu.wait_messages(user.id, 2)
    assert messages[0]["text"].startswith("Switched to English")
    assert not messages[1]["text"].startswith("Switched to English")
    # Telegram refuses a second answer to one query ("query is too old").
    assert len(emu.callback_answers) == 1
    emu.assert_no_repeated_acts()


async def test_a_double_tap_removes_the_keyboard_once(app: BotApp, emu: TelegramEmulator) -> None:
    user = emu.user(2011)
    await emu.send_text(user, "/ngonngu")
    menu = (await emu.wait_messages(user.id))[0]
    await emu.press(user, menu, "English")
    await emu.press(user, menu, "English")  # the second tap before the keyboard is gone
    first, second = await emu.wait_messages(user.id, 2)
    assert first["text"].startswith("Switched to English")
    assert second["text"].startswith("This option is out of date")
    assert len(emu.callback_answers) == 2  # each tap's spinner stops
    assert "reply_markup" not in emu.messages(user.id)[0]
    # A second edit to the same markup is "message is not modified" at Telegram.
    emu.assert_no_repeated_acts()


async def test_long_reply_is_split_at_word_boundaries(app: BotApp, emu: TelegramEmulator) -> None:
    user = emu.user(2005)
    words = [f"từ{i}" for i in range(1200)]
    assert app.telegram is not None
    reply = Reply(text=" ".join(words), choices=[Choice("Đồng ý", "tok")])
    await app.telegram.send(str(user.id), reply)
    messages = await emu.wait_messages(user.id, 2)
    assert all(len(m["text"]) <= 4096 for m in messages)
    assert " ".join(m["text"] for m in messages).split() == words
    assert "reply_markup" not in messages[0] and "reply_markup" in messages[1]


async def test_html_special_characters_are_escaped(app: BotApp, emu: TelegramEmulator) -> None:
    user = emu.user(2006)
    await emu.send_text(user, "/xyz<b>&")
    answer = await emu.wait_messages(user.id)
    assert answer[0]["text"].startswith("Không có lệnh /xyz<b>&.")


async def test_group_chat_answers_commands_for_this_bot_only(
    app: BotApp, emu: TelegramEmulator
) -> None:
    user = emu.user(2007)
    group = emu.group(-100200, "Cụm thi đua số 1")
    await emu.send_text(user, "chào cả nhà", chat=group)
    await emu.send_text(user, "/help@other_bot", chat=group)
    await emu.send_text(user, "/xyz", chat=group)  # maybe another bot's command: no noise
    await emu.send_text(user, "/trogiup@thidua_test_bot", chat=group)
    answer = await emu.wait_messages(group.id)
    assert answer[0]["text"].startswith("Các lệnh đồng chí dùng được:")


async def test_webhook_mode_checks_the_secret(settings: Settings, emu: TelegramEmulator) -> None:
    port = free_port()
    hook = f"http://127.0.0.1:{port}/hooks/telegram"
    bot = BotApp(
        channel_settings(settings, telegram=emu).model_copy(
            update={
                "telegram_webhook_url": hook,
                "telegram_webhook_secret": SecretStr("s3cret-token_1"),
                "webhook_port": port,
            }
        )
    )
    await bot.start()
    try:
        user = emu.user(2008)
        await emu.send_text(user, "/start")  # the emulator posts it to the webhook
        assert (await emu.wait_messages(user.id))[0]["text"].startswith("Xin chào!")
        forged = {"update_id": 77, "message": {"message_id": 1, "date": 0, "text": "/ngonngu",
                  "chat": {"id": 2008, "type": "private"},
                  "from": {"id": 2008, "is_bot": False, "first_name": "X"}}}  # fmt: skip
        async with httpx.AsyncClient() as client:
            missing = await client.post(hook, json=forged)
            wrong = await client.post(
                hook, json=forged, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}
            )
            health = await client.get(f"http://127.0.0.1:{port}/healthz")
        assert (missing.status_code, wrong.status_code, health.status_code) == (403, 403, 200)
        async with bot.sessions() as session:
            keys = (await session.exec(select(ProcessedUpdate.key))).all()
            dialogs = (await session.exec(select(func.count()).select_from(DialogState))).one()
        assert "telegram:77" not in keys and dialogs == 0
    finally:
        await bot.stop()
