"""The pledge tests' world: the bot on one channel, a seeded organisation, people to act."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from bot.config import Settings
from domain.roles import Role
from storage.db.engine import SessionFactory
from storage.membership.models import Identity, Member
from storage.pledge.models import Pledge, PledgeEvent
from tests.membership.orgdata import Org, seed_org
from tests.support.drivers import Running, Seen, TelegramDriver, ZaloDriver, running_bot
from tests.support.shipped import campaign_name

V = "\u00a0đồng"  # money in a sentence, a no-break space before the word
SIGN = "\u00a0₫"  # money on a button or in a table: the sign (Babel's no-break space before it)
YEAR = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).year
CAMPAIGN = campaign_name(YEAR)
RECEIPT_URL = "https://zalo.example/photos/receipt-1.jpg"
ACCOUNTS = {
    "telegram": {"member": "7001", "reporter": "7002", "leader": "7003", "other": "7004"},
    "zalo": {"member": "zmember", "reporter": "zreporter", "leader": "zleader", "other": "zother"},
}


@dataclass
class Someone:
    """One seeded person chatting on the test's channel."""

    driver: TelegramDriver | ZaloDriver

    async def send(self, text: str) -> Seen:
        return (await self.driver.send(text))[0]

    async def choose(self, label: str) -> Seen:
        return (await self.driver.choose(label))[0]

    async def told(self) -> Seen:
        """Wait for a message nobody asked for here (the outbox: someone else acted)."""
        return (await self.driver._collect(1))[0]

    async def photo(self) -> Seen:
        if isinstance(self.driver, TelegramDriver):
            await self.driver.emu.send_photo(self.driver.user)
        else:
            await self.driver.emu.send_image(self.driver.user, RECEIPT_URL)
        return (await self.driver._collect(1))[0]


@dataclass
class World:
    running: Running
    org: Org
    member: Someone
    reporter: Someone
    leader: Someone
    other: Someone  # the reporter of another unit (Sở Xây dựng) of the same cluster


def someone(bot: Running, user_id: str) -> Someone:
    """Return a seeded person's driver on the bot's channel."""
    if bot.telegram is not None:
        return Someone(TelegramDriver(bot.telegram, int(user_id), "vi"))
    assert bot.zalo is not None
    driver = ZaloDriver(bot.zalo)
    driver.user = bot.zalo.user("Người dùng", user_id=user_id)
    return Someone(driver)


async def add_reporter(sessions: SessionFactory, org: Org, channel: str, user_id: str) -> int:
    """Add a reporter of Sở Xây dựng with one account."""
    async with sessions() as session, session.begin():
        member = Member(full_name="Đỗ Văn Khác", role="reporter", unit_id=org.units["so-xay-dung"])
        session.add(member)
        await session.flush()
        assert member.id is not None
        session.add(Identity(member_id=member.id, channel=channel, external_user_id=user_id,
                             chat_id=user_id))  # fmt: skip
        return member.id


@asynccontextmanager
async def pledge_world(channel: str, settings: Settings) -> AsyncIterator[World]:
    """Run the bot on `channel` with the test organisation and a second unit's reporter."""
    ids = ACCOUNTS[channel]
    async with running_bot(channel, settings) as bot:
        roles = {Role.MEMBER: "member", Role.REPORTER: "reporter", Role.LEADER: "leader"}
        org = await seed_org(
            bot.app.sessions, accounts={role: (channel, ids[key]) for role, key in roles.items()}
        )
        await add_reporter(bot.app.sessions, org, channel, ids["other"])
        yield World(bot, org, *(someone(bot, ids[k]) for k in ("member", "reporter", "leader",
                                                                 "other")))  # fmt: skip


async def pledges(world: World) -> list[Pledge]:
    """Return every pledge row."""
    async with world.running.app.sessions() as session:
        return list((await session.exec(select(Pledge))).all())


async def events(world: World) -> list[tuple[str, int | None]]:
    """Return (action, actor) of every pledge event, oldest first."""
    async with world.running.app.sessions() as session:
        rows = (await session.exec(select(PledgeEvent).order_by(col(PledgeEvent.id)))).all()
    return [(row.action, row.actor_id) for row in rows]


async def pledge_500k(world: World) -> None:
    """Pledge 500.000 đồng in one line as the member and confirm it."""
    ask = await world.member.send("/ungho 500k")
    assert ask.text.startswith(f"Đồng chí đăng ký ủng hộ 500.000{V} cho “{CAMPAIGN}”?")
    assert ask.options == ["Xác nhận", "Sửa số tiền", "Hủy"]
    done = await world.member.choose("Xác nhận")
    assert done.text.startswith(f"Đã ghi nhận khoản ủng hộ 500.000{V}. Xin cảm ơn đồng chí!")
