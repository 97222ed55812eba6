"""Text a step waits for that starts with a command word is the answer, not the command.

Zalo reads "huy" or "ungho 500k" without a slash as a command; "Huy động nguồn lực…" as a
report's title once cancelled the report there.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

import pytest
from sqlmodel import select

from bot.config import Settings
from domain.roles import Role
from storage.activity.models import ActivityReport
from tests.activity.activity_helpers import VN, fix_clock, person, seed
from tests.support.drivers import CHANNELS, Running, running_bot

pytestmark = pytest.mark.parametrize("channel", CHANNELS)

NOW = datetime(2026, 5, 25, 10, 0, tzinfo=VN)
TITLE = "Huy động nguồn lực hỗ trợ hộ nghèo"


@pytest.fixture
async def bot(
    channel: str, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Running]:
    fix_clock(monkeypatch, NOW)
    async with running_bot(channel, settings) as running:
        await seed(running.app.sessions, {Role.REPORTER: channel})
        yield running


async def reports(bot: Running) -> list[ActivityReport]:
    async with bot.app.sessions() as session:
        return list((await session.exec(select(ActivityReport))).all())


async def test_a_title_starting_with_huy_is_kept_as_the_title(bot: Running) -> None:
    reporter = person(bot.channel, Role.REPORTER, bot.telegram, bot.zalo)
    await reporter.send("/baocao")
    await reporter.choose("An sinh xã hội, vì người nghèo")
    assert (await reporter.send(TITLE))[0].text.startswith("Hoạt động diễn ra ngày nào?")
    await reporter.send("19/5")
    await reporter.choose("Không gắn")
    assert (await reporter.send("45"))[0].text.startswith("Mô tả ngắn")
    description = "Huy động 20 đoàn viên đến từng hộ."
    assert (await reporter.send(description))[0].text.startswith("Gửi ảnh")
    summary = (await reporter.choose("Xong"))[0]
    assert f"Tên: {TITLE}" in summary.text
    assert (await reporter.choose("Lưu"))[0].text.startswith(f"Đã lưu báo cáo số 1 “{TITLE}”.")
    [report] = await reports(bot)
    assert (report.title, report.description) == (TITLE, description)


async def test_the_word_alone_still_cancels_and_nothing_is_saved(bot: Running) -> None:
    reporter = person(bot.channel, Role.REPORTER, bot.telegram, bot.zalo)
    await reporter.send("/baocao")
    await reporter.choose("Tọa đàm")
    cancelled = (await reporter.send("huy"))[0].text
    assert cancelled == "Đã hủy thao tác đang làm. Không có gì được lưu."
    assert await reports(bot) == []
    # Outside a step the word with its arguments is the command, as before (on Zalo, bare).
    pledge = "ungho 500k" if bot.channel == "zalo" else "/ungho 500k"
    assert (await reporter.send(pledge))[0].text.startswith("Đồng chí đăng ký ủng hộ 500.000")
