"""What a leader writing an announcement may send by mistake: answered, nothing queued."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlmodel import select

from bot.config import Settings
from domain.roles import Role
from storage.leader.models import Announcement
from storage.outbox.models import Outbox
from tests.activity.activity_helpers import person, seed, send_photo
from tests.support.drivers import CHANNELS, Running, running_bot

pytestmark = pytest.mark.parametrize("channel", CHANNELS)

TEXT_ONLY = (
    "Thông báo chỉ gồm nội dung chữ, không kèm ảnh, nhãn dán hay tệp. Vui lòng nhập nội dung "
    "thông báo, hoặc gõ /huy để hủy."
)


@pytest.fixture
async def bot(channel: str, settings: Settings) -> AsyncIterator[Running]:
    async with running_bot(channel, settings) as running:
        await seed(running.app.sessions, {Role.LEADER: channel, Role.MEMBER: channel})
        yield running


async def queued(bot: Running) -> tuple[int, int]:
    async with bot.app.sessions() as session:
        announcements = (await session.exec(select(Announcement))).all()
        outbox = (await session.exec(select(Outbox))).all()
        return len(announcements), len(outbox)


async def test_a_sticker_or_photo_instead_of_the_text_is_answered(bot: Running) -> None:
    leader = person(bot.channel, Role.LEADER, bot.telegram, bot.zalo)
    assert (await leader.send("/thongbao"))[0].text.startswith("Nhập nội dung thông báo")
    assert (await leader.sticker())[0].text == TEXT_ONLY
    assert (await send_photo(leader))[0].text == TEXT_ONLY
    assert await queued(bot) == (0, 0)
    # Still at the same step: the text is taken.
    preview = (await leader.send("Họp cụm lúc 8 giờ thứ Hai."))[0]
    assert preview.text.startswith("Xem trước thông báo:\n\nHọp cụm lúc 8 giờ thứ Hai.")
    assert preview.options == ["Gửi", "Sửa", "Hủy"]
