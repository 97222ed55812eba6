"""Answers that do not fit the question: told why, nothing changed.

A number typed for options a later command replaced is told the question closed; a sticker
or photo while a question waits points back to the question.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlmodel import select

from bot.config import Settings
from domain.roles import Role
from storage.membership.models import Member
from storage.pledge.models import Pledge
from tests.membership.orgdata import seed_org
from tests.support.drivers import CHANNELS, Driver, Running, running_bot

pytestmark = pytest.mark.parametrize("channel", CHANNELS)

CLOSED = (
    "Câu hỏi có các lựa chọn đó đã đóng vì đồng chí đã gửi lệnh khác; tôi không thay đổi gì. "
    "Vui lòng gõ lại lệnh của việc cần làm để bắt đầu lại, hoặc gõ /trogiup để xem các lệnh."
)


@pytest.fixture
async def bot(channel: str, settings: Settings) -> AsyncIterator[Running]:
    async with running_bot(channel, settings) as running:
        yield running


async def member(bot: Running, language: str | None = "vi") -> tuple[Driver, int]:
    person = bot.person(language)
    user_id = str(person.user.id)  # type: ignore[attr-defined]
    org = await seed_org(bot.app.sessions, accounts={Role.MEMBER: (bot.channel, user_id)})
    return person, org.people[Role.MEMBER]


async def locale_of(bot: Running, member_id: int) -> str | None:
    async with bot.app.sessions() as session:
        row = (await session.exec(select(Member).where(Member.id == member_id))).one()
        return row.locale


async def test_a_number_after_help_says_the_question_closed(bot: Running) -> None:
    person, member_id = await member(bot)
    before = await locale_of(bot, member_id)
    assert (await person.send("/ngonngu"))[0].options == ["Tiếng Việt", "English"]
    assert (await person.send("/trogiup"))[0].text.startswith("Các lệnh đồng chí dùng được:")
    assert (await person.send("2"))[0].text == CLOSED
    assert (await person.send("2."))[0].text == CLOSED  # the same answer the second time
    assert await locale_of(bot, member_id) == before
    # Started again, the same number works.
    await person.send("/ngonngu")
    assert (await person.send("2"))[0].text.startswith("Switched to English")
    assert await locale_of(bot, member_id) == "en"


async def test_a_number_after_cancel_says_the_question_closed_in_english(bot: Running) -> None:
    person, member_id = await member(bot, language="en")
    await person.send("/lang")
    await person.choose("English")
    await person.send("/lang")
    assert (await person.send("/cancel"))[0].text.startswith("Cancelled")
    answer = (await person.send("1"))[0].text
    assert answer == (
        "The question those options belonged to has closed because you sent another command; "
        "nothing was changed. Please send the command of what you want to do again to start "
        "over, or type /help to see the commands."
    )
    assert await locale_of(bot, member_id) == "en"


async def test_a_number_with_no_options_ever_offered_is_not_understood(bot: Running) -> None:
    person, _ = await member(bot)
    await person.send("/trogiup")
    assert (await person.send("1"))[0].text.startswith("Tôi chưa hiểu tin nhắn này.")


async def test_a_sticker_while_a_question_waits_points_back_to_it(bot: Running) -> None:
    person, member_id = await member(bot)
    before = await locale_of(bot, member_id)
    await person.send("/ngonngu")
    assert (await person.sticker())[0].text == (
        "Tôi chỉ đọc được tin nhắn chữ. Vui lòng trả lời câu hỏi trên, hoặc gõ /huy để hủy."
    )
    assert await locale_of(bot, member_id) == before
    # The question still stands.
    assert (await person.choose("English"))[0].text.startswith("Switched to English")
    assert await locale_of(bot, member_id) == "en"
    # With no question open, the sticker gets the general hint (in English now).
    assert (await person.sticker())[0].text == (
        "I can only read text messages. Type /help to see the commands."
    )


async def test_words_instead_of_an_option_point_to_what_the_channel_shows(bot: Running) -> None:
    person, _ = await member(bot)
    asked = (await person.send("/ungho 500k"))[0]
    assert asked.options == ["Xác nhận", "Sửa số tiền", "Hủy"]
    again = (await person.send("một triệu"))[0].text
    if bot.channel == "telegram":  # buttons, no numbers on the screen
        assert again == (
            "Vui lòng bấm một nút dưới câu hỏi trên (hoặc gõ số thứ tự của nút, từ 1 đến 3), "
            "hoặc gõ /huy để hủy."
        )
    else:
        assert again == "Vui lòng trả lời bằng số từ 1 đến 3, hoặc gõ /huy để hủy."
    async with bot.app.sessions() as session:
        assert (await session.exec(select(Pledge))).all() == []
    assert (await person.choose("Xác nhận"))[0].text.startswith("Đã ghi nhận khoản ủng hộ")
