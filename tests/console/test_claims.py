"""The leaders' unused claim codes on one printable page: made on request, each with the
Telegram deep link as a QR code, and one of them used to join."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from html import unescape

import pytest
from sqlmodel import select

from bot.config import Settings
from domain.roles import Role
from storage.audit.models import AuditEntry
from storage.membership.models import Member
from tests.console.console_helpers import Console, client, running_console, sign_in
from tests.support.fakeclock import FakeClock

_CARD = re.compile(r'<article data-code="([^"]*)">(.*?)</article>', re.S)


@pytest.fixture
async def console(settings: Settings, clock: FakeClock) -> AsyncIterator[Console]:
    async with running_console(settings, "zalo") as running:
        async with running.both.app.sessions() as session, session.begin():
            session.add(Member(full_name="Hoàng Văn Mới", role=Role.LEADER.value,
                               cluster_id=running.world.org.cluster_b))  # fmt: skip
        yield running


async def test_codes_are_made_printed_and_work(console: Console) -> None:
    async with client() as http:
        _, csrf = await sign_in(http, await console.link(Role.ADMIN))
        page = await http.get(f"{console.base}/quantri/to-chuc/ma-nhan")
        cards = dict(_CARD.findall(await page.text()))
        assert list(cards) == [""] and "Hoàng Văn Mới" in cards[""]
        assert (await http.post(f"{console.base}/quantri/to-chuc/ma-nhan")).status == 403
        page = await http.post(f"{console.base}/quantri/to-chuc/ma-nhan", data={"csrf": csrf})
        html = unescape(await page.text())
        assert "Đã tạo 1 mã mới." in html
        ((code, card),) = _CARD.findall(html)
        assert "Trưởng cụm, khối — Khối thi đua số 2" in card
        username = console.both.app.telegram.application.bot.username  # type: ignore[union-attr]
        assert f'alt="https://t.me/{username}?start={code}"' in card
        assert 'src="data:image/svg+xml' in card
        page = await http.post(f"{console.base}/quantri/to-chuc/ma-nhan", data={"csrf": csrf})
        assert "Đã tạo 0 mã mới." in unescape(await page.text())  # a live code is kept
    newcomer = console.both.telegram.user(7100, "Hoàng Văn Mới")
    await console.both.telegram.send_text(newcomer, f"/start {code}")
    await console.both.telegram.wait_messages(newcomer.id)
    async with console.both.app.sessions() as session:
        row = (await session.exec(select(Member).where(Member.full_name == "Hoàng Văn Mới"))).one()
        entries = (
            await session.exec(select(AuditEntry).where(AuditEntry.kind == "console"))
        ).all()
    assert row.role == "leader" and row.cluster_id == console.world.org.cluster_b
    assert [(e.action, e.subject, e.new) for e in entries] == [
        ("claim_codes", "Hoàng Văn Mới", "1")]  # fmt: skip
    async with client() as http:
        await sign_in(http, await console.link(Role.LEADER))
        page = await http.get(f"{console.base}/quantri/to-chuc/ma-nhan")
        assert page.status == 403
