"""What an English-speaking leader reads: counts in the right number, no Vietnamese left."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlmodel import select

from bot.config import Settings
from domain.roles import Role
from storage.outbox.models import Outbox
from storage.pledge.models import MemberSalary, Pledge, UnitCollection
from tests.activity.activity_helpers import person, seed
from tests.support.drivers import CHANNELS, Running, running_bot

pytestmark = pytest.mark.parametrize("channel", CHANNELS)


@pytest.fixture
async def bot(channel: str, settings: Settings) -> AsyncIterator[Running]:
    async with running_bot(channel, settings) as running:
        roles = (Role.LEADER, Role.REPORTER, Role.MEMBER)
        await seed(running.app.sessions, dict.fromkeys(roles, channel))
        yield running


async def test_the_nudge_menu_says_person_and_people(bot: Running) -> None:
    leader = person(bot.channel, Role.LEADER, bot.telegram, bot.zalo)
    await leader.send("/lang")
    await leader.choose("English")
    menu = (await leader.send("/nudge"))[0].text
    assert "• No pledge to the “For the Poor” fund yet: 3 people" in menu
    assert "• Units with no activity report this phase (nudges their reporters): 1 person" in menu
    async with bot.app.sessions() as session:
        assert (await session.exec(select(Outbox))).all() == []  # a menu sends nothing


async def test_the_salary_questions_give_english_examples(bot: Running) -> None:
    member = person(bot.channel, Role.MEMBER, bot.telegram, bot.zalo)
    await member.send("/lang")
    await member.choose("English")
    asked = (await member.send("/pledge one day's salary"))[0].text
    assert asked == (
        "What is your monthly salary? I only use it to work out one day's salary (for example: 8 "
        "million)."
    )
    again = (await member.send("a day's salary"))[0].text
    assert again == (
        "Please type your monthly salary as an amount, for example 8 million. Please type it "
        "again, or /cancel to stop."
    )
    assert (await member.send("/cancel"))[0].text == "Cancelled. Nothing was saved."
    async with bot.app.sessions() as session:
        assert (await session.exec(select(Pledge))).all() == []
        assert (await session.exec(select(MemberSalary))).all() == []


async def test_a_unit_collection_from_one_person_says_person(bot: Running) -> None:
    reporter = person(bot.channel, Role.REPORTER, bot.telegram, bot.zalo)
    await reporter.send("/lang")
    await reporter.choose("English")
    await reporter.send("/pledge")
    await reporter.choose("Record the unit's collection")
    assert (await reporter.send("2 million"))[0].text.startswith("How many people paid")
    asked = (await reporter.send("1"))[0].text
    assert asked.splitlines()[0].endswith(": ₫2,000,000 from 1 person?"), asked
    async with bot.app.sessions() as session:
        assert (await session.exec(select(UnitCollection))).all() == []  # asked, not recorded
