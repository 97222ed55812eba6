"""Signing in to the console from the chat, on both channels: once, ten minutes, 8 hours idle.

/quantri answers the admin (and a cluster's leader) with a link; opening it asks to confirm,
the confirmation opens an encrypted cookie session (HttpOnly, SameSite=Strict) and spends the
link. A used, expired or forged link, a forged cookie, a form without the session's token,
a role that changed, eight idle hours and a sign-out are each refused with a page that says
why (403), and nothing changes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlmodel import col, select
from yarl import URL

from bot.config import Settings
from bot.console.app import Keys
from domain.office.signin import sign
from domain.roles import Role
from storage.audit.models import AuditEntry, SignInNonce
from storage.membership.models import Member
from tests.console.console_helpers import Console, client, csrf_of, running_console, sign_in
from tests.leader.summarydata import NOW
from tests.support.fakeclock import FakeClock

CHANNELS = ["telegram", "zalo"]


@pytest.fixture(params=CHANNELS)
async def console(
    request: pytest.FixtureRequest, settings: Settings, clock: FakeClock
) -> AsyncIterator[Console]:
    async with running_console(settings, request.param) as running:
        yield running


def _key(console: Console) -> bytes:
    secret = console.both.app.settings.console_key
    assert secret is not None
    return Keys.of(secret).links


async def _entries(console: Console) -> list[tuple[str, str, int | None]]:
    async with console.both.app.sessions() as session:
        rows = await session.exec(select(AuditEntry).order_by(col(AuditEntry.id)))
        return [(row.kind, row.action, row.actor_id) for row in rows.all()]


async def test_the_admin_signs_in_to_the_province(console: Console) -> None:
    link = await console.link(Role.ADMIN)
    async with client() as http:
        async with http.get(link) as page:
            text = await page.text()
            assert "Đồng chí Võ Thị Quản đăng nhập bằng liên kết" in text
            assert page.headers["cache-control"] == "no-store"
            assert page.headers["referrer-policy"] == "no-referrer"
            assert "form-action 'self'" in page.headers["content-security-policy"]
        base, token = link.split("/quantri/vao/")
        async with http.post(f"{base}/quantri/vao", data={"token": token}) as landed:
            assert landed.status == 200
            assert str(landed.url).endswith("/quantri/tinh")
            cookie = landed.history[0].headers["set-cookie"]
            html = await landed.text()
    assert "thidua_quantri=" in cookie and "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie and "Path=/quantri" in cookie
    assert "Secure" not in cookie  # served over http here; https turns it on
    assert "Cụm thi đua số 1" in html and "Khối thi đua số 2" in html
    admin = console.world.org.people[Role.ADMIN]
    assert ("signin", "signed_in", admin) in await _entries(console)


async def test_a_leader_lands_on_their_cluster(console: Console) -> None:
    async with client() as http:
        html, _ = await sign_in(http, await console.link(Role.LEADER))
        assert "<h1>Cụm thi đua số 1</h1>" in html
        assert "Sở Nội vụ" in html and "Sở Y tế" not in html
        assert 'href="/quantri/to-chuc"' not in html  # no admin's menu


async def test_a_link_opens_one_session_only(console: Console) -> None:
    link = await console.link(Role.ADMIN)
    base, token = link.split("/quantri/vao/")
    async with client() as first:
        await sign_in(first, link)
    async with client() as second:
        for answer in (
            await second.get(link),
            await second.post(f"{base}/quantri/vao", data={"token": token}),
        ):
            assert answer.status == 403
            assert "Liên kết đã được sử dụng" in await answer.text()
            assert "thidua_quantri" not in answer.headers.get("set-cookie", "")
    async with console.both.app.sessions() as session:
        assert len((await session.exec(select(SignInNonce))).all()) == 1


async def test_another_site_posting_a_link_signs_nobody_in(console: Console) -> None:
    link = await console.link(Role.ADMIN)
    base, token = link.split("/quantri/vao/")
    async with client() as http:
        for elsewhere in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"},
                          {"Origin": "null", "Sec-Fetch-Site": "same-site"}):  # fmt: skip
            page = await http.post(f"{base}/quantri/vao", data={"token": token},
                                   headers=elsewhere)  # fmt: skip
            assert page.status == 403
            assert "thidua_quantri" not in page.headers.get("set-cookie", "")
        await sign_in(http, link)  # the link was not spent


async def test_an_expired_or_forged_link_is_refused(console: Console, clock: FakeClock) -> None:
    admin = console.world.org.people[Role.ADMIN]
    key = _key(console)
    base = console.base
    link = await console.link(Role.ADMIN)
    clock.set(NOW + timedelta(minutes=10, seconds=1))  # the link's ten minutes are over
    async with client() as http:
        page = await http.get(link)
        assert page.status == 403 and "Liên kết đã hết hạn" in await page.text()
        clock.set(NOW)
        person, expires, nonce, signature = link.rsplit("/", 1)[1].split(".")
        forged = [
            f"{console.world.org.people[Role.LEADER]}.{expires}.{nonce}.{signature}",
            sign(b"x" * 32, admin, NOW),
            f"{person}.{int(expires) + 3600}.{nonce}.{signature}",
            "nothing-at-all",
        ]
        for token in forged:
            page = await http.get(f"{base}/quantri/vao/{token}")
            assert page.status == 403, token
            assert "Liên kết không hợp lệ" in await page.text()
            page = await http.post(f"{base}/quantri/vao", data={"token": token})
            assert page.status == 403
        stale = sign(key, admin, NOW - timedelta(minutes=11))
        page = await http.get(f"{base}/quantri/vao/{stale}")
        assert page.status == 403 and "Liên kết đã hết hạn" in await page.text()
        assert (await http.get(f"{base}/quantri/tinh")).status == 403  # no session came of it
    assert await _entries(console) == []


async def test_a_member_gets_no_link(console: Console) -> None:
    answer = await console.ask(Role.MEMBER)
    assert answer["text"] == "Đồng chí không có quyền dùng lệnh /quantri."


async def test_no_session_or_a_forged_cookie_is_refused(console: Console) -> None:
    async with client() as http:
        page = await http.get(f"{console.base}/quantri/tinh")
        assert page.status == 403 and "Chưa đăng nhập" in await page.text()
        for forged in ("gAAAAABnot-a-real-token", "x" * 400, ""):
            page = await http.get(f"{console.base}/quantri/tinh",
                                  headers={"Cookie": f"thidua_quantri={forged}"})  # fmt: skip
            assert page.status == 403 and "Chưa đăng nhập" in await page.text()


async def test_a_form_without_the_token_is_refused_and_changes_nothing(console: Console) -> None:
    async with client() as http:
        _, csrf = await sign_in(http, await console.link(Role.ADMIN))
        before = await _entries(console)
        for data in ({}, {"csrf": "wrong"}, {"csrf": csrf[:-1]}):
            page = await http.post(f"{console.base}/quantri/ra", data=data)
            assert page.status == 403 and "Biểu mẫu không hợp lệ" in await page.text()
            page = await http.post(f"{console.base}/quantri/to-chuc/ap-dung", data=data)
            assert page.status == 403
        assert await _entries(console) == before  # not signed out, nothing applied
        assert (await http.get(f"{console.base}/quantri/tinh")).status == 200


async def test_a_role_change_ends_every_session_of_the_person(console: Console) -> None:
    leader = console.world.org.people[Role.LEADER]
    async with client() as phone, client() as desk:
        await sign_in(phone, await console.link(Role.LEADER))
        await sign_in(desk, await console.link(Role.LEADER))
        async with console.both.app.sessions() as session, session.begin():
            member = await session.get(Member, leader)
            assert member is not None
            member.role = Role.MEMBER.value  # the organisation replaced them
            session.add(member)
        cluster = console.world.org.cluster_a
        for http in (phone, desk):
            page = await http.get(f"{console.base}/quantri/cum/{cluster}")
            assert page.status == 403 and "Phiên làm việc đã kết thúc" in await page.text()
            page = await http.get(f"{console.base}/quantri/cum/{cluster}")
            assert "Chưa đăng nhập" in await page.text()  # the cookie went with it


async def test_eight_idle_hours_end_the_session(console: Console, clock: FakeClock) -> None:
    async with client() as http:
        await sign_in(http, await console.link(Role.ADMIN))
        clock.set(NOW + timedelta(hours=7, minutes=59))
        assert (await http.get(f"{console.base}/quantri/tinh")).status == 200
        clock.advance(timedelta(hours=7, minutes=59))  # idle time counts from the last page
        assert (await http.get(f"{console.base}/quantri/nhat-ky")).status == 200
        clock.advance(timedelta(hours=8, seconds=1))
        page = await http.get(f"{console.base}/quantri/tinh")
        assert page.status == 403 and "Phiên làm việc đã kết thúc" in await page.text()


async def test_signing_out_ends_the_session_and_its_copies(
    console: Console, clock: FakeClock
) -> None:
    async with client() as http, client() as thief:
        html, csrf = await sign_in(http, await console.link(Role.ADMIN))
        cookie = http.cookie_jar.filter_cookies(URL(f"{console.base}/quantri/"))["thidua_quantri"]
        clock.set(NOW + timedelta(minutes=1))
        page = await http.post(f"{console.base}/quantri/ra", data={"csrf": csrf})
        assert page.status == 200 and "Đã đăng xuất" in await page.text()
        assert (await http.get(f"{console.base}/quantri/tinh")).status == 403
        # A copy of the cookie taken before the sign-out opens nothing either.
        page = await thief.get(f"{console.base}/quantri/tinh",
                               headers={"Cookie": f"thidua_quantri={cookie.value}"})  # fmt: skip
        assert page.status == 403 and "Phiên làm việc đã kết thúc" in await page.text()
        clock.advance(timedelta(minutes=1))
        html, _ = await sign_in(http, await console.link(Role.ADMIN))  # a new link works
        assert csrf_of(html) != csrf
    admin = console.world.org.people[Role.ADMIN]
    actions = [a for kind, a, who in await _entries(console) if who == admin]
    assert actions == ["signed_in", "signed_out", "signed_in"]
