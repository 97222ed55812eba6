"""The console under test: the whole bot on both emulators, a person signing in from the chat.

The admin's and the leader's accounts are on either channel (`ACCOUNTS[channel]`), so each
sign-in path runs through the real core: /quantri typed on Telegram (a link button) or on
Zalo (the link in the text), the link opened with aiohttp's client, its cookie kept.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import Settings
from domain.roles import Role
from storage.membership.models import Member
from tests.leader.dashboard_helpers import dashboard_settings
from tests.leader.summarydata import World, seed_world
from tests.support.drivers import Both, running_both

ACCOUNTS: dict[str, dict[Role, tuple[str, str]]] = {
    "telegram": {
        Role.ADMIN: ("telegram", "7009"), Role.LEADER: ("telegram", "7001"),
        Role.DEPUTY: ("zalo", "zdeputy"), Role.MEMBER: ("zalo", "zmember"),
    },
    "zalo": {
        Role.ADMIN: ("zalo", "zadmin"), Role.LEADER: ("zalo", "zleader"),
        Role.DEPUTY: ("telegram", "7002"), Role.MEMBER: ("telegram", "7003"),
    },
}  # fmt: skip
NAMES = {Role.ADMIN: "Võ Thị Quản", Role.LEADER: "Phạm Văn Trưởng", Role.DEPUTY: "Lê Văn Phó",
         Role.MEMBER: "Nguyễn Văn Minh"}  # fmt: skip
_LINK = re.compile(r"(http://127\.0\.0\.1:\d+/quantri/vao/\S+)")
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class Console:
    """The running bot, its seeded world, and the accounts of `channel`'s people."""

    both: Both
    world: World
    channel: str

    @property
    def base(self) -> str:
        base = self.both.app.settings.public_base_url
        assert base is not None
        return base

    async def ask(self, role: Role, text: str = "/quantri") -> dict[str, Any]:
        """Send `text` as the person with `role`; return the bot's first answer."""
        channel, user_id = ACCOUNTS[self.channel][role]
        if channel == "telegram":
            user = self.both.telegram.user(int(user_id), NAMES[role])
            await self.both.telegram.send_text(user, text)
            return (await self.both.telegram.wait_messages(user.id))[0]
        person = self.both.zalo.user(NAMES[role], user_id=user_id)
        await self.both.zalo.send_text(person, text)
        return (await self.both.zalo.wait_messages(person.id))[0]

    async def link(self, role: Role) -> str:
        """Return the sign-in link /quantri sends the person with `role`."""
        message = await self.ask(role)
        assert "chỉ dùng được một lần, trong 10 phút" in str(message["text"])
        markup = message.get("reply_markup")
        if isinstance(markup, dict) and markup.get("inline_keyboard"):
            button = markup["inline_keyboard"][0][0]
            assert button["text"] == "Đăng nhập trang quản trị"
            return str(button["url"])
        found = _LINK.search(str(message["text"]))
        assert found is not None, message
        return found.group(1)


async def named(session: AsyncSession, name: str) -> int:
    """Return the id of the member with this name."""
    found = (await session.exec(select(Member.id).where(Member.full_name == name))).one()
    assert found is not None
    return found


def client() -> aiohttp.ClientSession:
    """Return a browser-like client: it keeps cookies (for 127.0.0.1 too), follows no
    redirect unless asked."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def sign_in(http: aiohttp.ClientSession, link: str) -> tuple[str, str]:
    """Open the link, press “Đăng nhập”; return the page landed on and its CSRF token."""
    async with http.get(link) as page:
        assert page.status == 200, await page.text()
        assert "Đăng nhập trang quản trị" in await page.text()
    base, token = link.split("/quantri/vao/")
    async with http.post(f"{base}/quantri/vao", data={"token": token}) as landed:
        html = await landed.text()
        assert landed.status == 200, html
    found = _CSRF.search(html)
    assert found is not None
    return html, found.group(1)


def csrf_of(html: str) -> str:
    """Return the page's CSRF token."""
    found = _CSRF.search(html)
    assert found is not None
    return found.group(1)


@asynccontextmanager
async def running_console(settings: Settings, channel: str) -> AsyncIterator[Console]:
    """Start the bot on both emulators with the console on, and seed the world."""
    async with running_both(dashboard_settings(settings)) as both:
        world = await seed_world(both.app.sessions, ACCOUNTS[channel])
        yield Console(both, world, channel)
