"""The first flows end to end on every channel: emulator, adapter, core, database, reply."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import pytest

from bot.app import BotApp
from bot.config import Settings
from tests.support.drivers import CHANNELS, Running, running_bot

pytestmark = pytest.mark.parametrize("channel", CHANNELS)


@pytest.fixture
async def bot(channel: str, settings: Settings) -> AsyncIterator[Running]:
    async with running_bot(channel, settings) as running:
        yield running


@pytest.mark.serial  # times an answer: alone on the machine
async def test_start_and_help_answer_in_vietnamese_within_two_seconds(bot: Running) -> None:
    person = bot.person(language=None)
    began = time.monotonic()
    welcome = await person.send("/start")
    help_text = await person.send("/trogiup")
    assert time.monotonic() - began < 2
    assert welcome[0].text.startswith("Xin chào! Tôi là trợ lý phong trào thi đua")
    assert "/start MÃ_MỜI" in welcome[0].text
    assert help_text[0].text.startswith("Các lệnh đồng chí dùng được:")
    assert "/ngonngu — Chọn ngôn ngữ" in help_text[0].text


async def test_english_help_command_works_for_a_vietnamese_speaker(bot: Running) -> None:
    answer = await bot.person().send("/help")
    assert answer[0].text.startswith("Các lệnh đồng chí dùng được:")


async def test_language_switch_to_english_and_back(bot: Running) -> None:
    person = bot.person()
    menu = await person.send("/ngonngu")
    assert menu[0].options == ["Tiếng Việt", "English"]
    assert (await person.choose("English"))[0].text.startswith("Switched to English")
    assert (await person.send("/help"))[0].text.startswith("Commands you can use:")
    await person.send("/lang")
    assert (await person.choose("Tiếng Việt"))[0].text.startswith("Đã chuyển sang tiếng Việt")


async def test_cancel_in_the_middle_of_the_language_choice(bot: Running) -> None:
    person = bot.person()
    await person.send("/ngonngu")
    assert (await person.send("/huy"))[0].text == "Đã hủy thao tác đang làm. Không có gì được lưu."
    assert (await person.send("/huy"))[0].text == "Không có thao tác nào đang làm."


async def test_unknown_command_free_text_and_sticker_get_hints(bot: Running) -> None:
    person = bot.person()
    assert (await person.send("/xyz"))[0].text.startswith("Không có lệnh /xyz.")
    assert (await person.send("chào bot"))[0].text.startswith("Xin chào đồng chí!")
    assert (await person.send("quả táo màu đỏ"))[0].text.startswith("Tôi chưa hiểu tin nhắn này.")
    assert (await person.sticker())[0].text.startswith("Tôi chỉ đọc được tin nhắn chữ.")


async def test_overlong_message_is_refused_without_changing_anything(bot: Running) -> None:
    person = bot.person()
    await person.send("/ngonngu")
    answer = await person.send("x" * 5000)
    assert answer[0].text == "Tin nhắn quá dài (5.000 ký tự); tối đa 4.096 ký tự."
    # The dialog is where it was: the language can still be chosen.
    assert (await person.choose("English"))[0].text.startswith("Switched to English")


async def test_restart_in_the_middle_of_the_language_choice(
    channel: str, settings: Settings
) -> None:
    async with running_bot(channel, settings) as first:
        person = first.person()
        await person.send("/ngonngu")
        # Stop the bot and start a new one on the same database and emulator.
        await first.app.stop()
        second = BotApp(first.app.settings)
        if second.zalo is not None:
            second.zalo.poll_timeout = 2
        await second.start()
        try:
            assert (await person.choose("English"))[0].text.startswith("Switched to English")
        finally:
            await second.stop()
        first.app = BotApp(first.app.settings)  # a fresh, unstarted app for the final stop()
        await first.app.start()
