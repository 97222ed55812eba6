"""The dashboard over HTTP: /bangdieukhien's link, the page's figures equal /tonghop's, 403s."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from urllib.parse import urlencode

import httpx
import pytest

from bot.config import Settings
from bot.telegram.render import keyboard
from domain.messages import LinkButton
from domain.roles import Role
from domain.signed_links import PROVINCE, sign
from storage.db.engine import create_engine, create_session_factory
from storage.membership.people import set_locale
from tests.activity.activity_helpers import fix_clock
from tests.leader.dashboard_helpers import SECRET, dashboard_settings, figures
from tests.leader.summarydata import NOW, seed_world
from tests.support.drivers import Both, running_both
from tests.support.fakeclock import FakeClock

ACCOUNTS = {
    Role.LEADER: ("telegram", "7001"),
    Role.DEPUTY: ("zalo", "zdeputy"),
    Role.MEMBER: ("zalo", "zmember"),
    Role.ADMIN: ("zalo", "zadmin"),
}
CHANNELS = ["telegram", "zalo"]
_URL = re.compile(r"(http://127\.0\.0\.1:\d+/dashboard/\S+)")


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    return fix_clock(monkeypatch, NOW)


@pytest.fixture
async def both(settings: Settings, clock: FakeClock) -> AsyncIterator[Both]:
    async with running_both(dashboard_settings(settings)) as running:
        await seed_world(running.app.sessions, ACCOUNTS)
        yield running


async def _ask(both: Both, channel: str, text: str, count: int = 1) -> list[dict[str, object]]:
    if channel == "telegram":
        user = both.telegram.user(7001, "Phạm Văn Trưởng")
        await both.telegram.send_text(user, text)
        return await both.telegram.wait_messages(user.id, count)
    deputy = both.zalo.user("Lê Văn Phó", user_id="zdeputy")
    await both.zalo.send_text(deputy, text)
    return await both.zalo.wait_messages(deputy.id, count)


async def _link(both: Both, channel: str) -> str:
    message = (await _ask(both, channel, "/bangdieukhien"))[0]
    assert "Bảng điều khiển Cụm thi đua số 1: liên kết dùng được trong 24 giờ" in str(
        message["text"]
    )
    if channel == "telegram":
        markup = message["reply_markup"]
        assert isinstance(markup, dict)
        button = markup["inline_keyboard"][0][0]
        assert button["text"] == "Mở bảng điều khiển"
        return str(button["url"])
    found = _URL.search(str(message["text"]))
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize("channel", CHANNELS)
async def test_the_page_shows_the_figures_of_tonghop(both: Both, channel: str) -> None:
    link = await _link(both, channel)
    summary = str((await _ask(both, channel, "/tonghop"))[0]["text"])
    async with httpx.AsyncClient() as client:
        page = await client.get(link)
    assert page.status_code == 200
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["x-content-type-options"] == "nosniff"
    shown = figures(page.text)
    # Each figure of the page stands in /tonghop's message, in the sentence that names it.
    assert f"Báo cáo hoạt động trong đợt: {shown['reported']} đơn vị đã báo cáo" in summary
    assert f"đơn vị đã báo cáo, {shown['reports']} báo cáo." in summary
    assert f"đã chấp nhận {shown['accepted']}," in summary
    assert f"Gương điển hình năm 2026: {shown['examples']}." in summary
    # Money: the sign on a tile, the word in a sentence (“500.000 ₫” is “500.000 đồng”).
    said = {key: shown[key].replace("₫", "đồng") for key in ("pledged", "paid", "confirmed")}
    assert f"đăng ký {said['pledged']}, đã nộp {said['paid']}," in summary
    assert f"đã xác nhận {said['confirmed']}." in summary
    assert f"Tham gia: {shown['participants']} người" in summary
    assert f"đủ tiền {shown['houses']} căn" in summary
    assert shown["participants"] == "13/180" and shown["reported"] == "1/3"
    assert "Sở Nội vụ" in page.text and "Sở Y tế" not in page.text  # cluster B is not shown


async def test_forged_expired_and_other_cluster_links_are_refused(both: Both) -> None:
    base = both.app.settings.public_base_url
    link = await _link(both, "telegram")
    person, cluster, expires, signature = link.rsplit("/", 1)[1].split(".")
    secret = SECRET.encode()
    other = int(cluster) + 1  # Khối thi đua số 2, which the leader does not lead
    forged = [
        f"{person}.{other}.{expires}.{signature}",  # the cluster changed by hand
        sign(b"x" * 32, int(person), int(cluster), NOW),  # another secret
        sign(secret, int(person), int(cluster), NOW - timedelta(hours=25)),  # expired
        sign(secret, int(person), other, NOW),  # well signed, but not their cluster
        sign(secret, int(person), PROVINCE, NOW),  # the province is for admins only
        "nothing-at-all",
    ]
    async with httpx.AsyncClient() as client:
        assert (await client.get(link)).status_code == 200
        for token in forged:
            page = await client.get(f"{base}/dashboard/{token}")
            assert page.status_code == 403, token
            assert "Cụm" not in page.text and "Khối" not in page.text
            assert page.headers["cache-control"] == "no-store"


async def test_the_admin_gets_the_province_page(both: Both) -> None:
    admin = both.zalo.user("Võ Thị Quản", user_id="zadmin")
    await both.zalo.send_text(admin, "/bangdieukhien")
    menu = str((await both.zalo.wait_messages(admin.id))[0]["text"])
    assert "1. Toàn tỉnh\n2. Cụm thi đua số 1\n3. Khối thi đua số 2" in menu
    await both.zalo.send_text(admin, "1")
    found = _URL.search(str((await both.zalo.wait_messages(admin.id))[0]["text"]))
    assert found is not None
    async with httpx.AsyncClient() as client:
        page = await client.get(found.group(1))
        assert page.status_code == 200
        assert "Cụm thi đua số 1" in page.text and "Khối thi đua số 2" in page.text
        inner = re.findall(r'href="([^"]+)"', page.text)
        assert len(inner) == 2 and (await client.get(inner[0])).status_code == 200


async def test_a_member_may_not_ask_for_a_page(both: Both) -> None:
    member = both.zalo.user("Nguyễn Văn Minh", user_id="zmember")
    await both.zalo.send_text(member, "/bangdieukhien")
    answer = str((await both.zalo.wait_messages(member.id))[0]["text"])
    assert answer == "Đồng chí không có quyền dùng lệnh /bangdieukhien."


def init_data(token: str, user_id: int, auth_date: int) -> str:
    """Sign initData the way Telegram does (core.telegram.org/bots/webapps)."""
    fields = {"auth_date": str(auth_date), "query_id": "AAE-test",
              "user": json.dumps({"id": user_id, "first_name": "Truong"})}  # fmt: skip
    check = "\n".join(f"{key}={fields[key]}" for key in sorted(fields))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode(fields)


async def test_the_mini_app_trades_valid_init_data_for_the_page(both: Both) -> None:
    base = both.app.settings.public_base_url
    token = both.telegram.token
    now = int(time.time())  # Telegram's auth_date is the real time, whatever the bot's clock
    async with httpx.AsyncClient() as client:
        shell = await client.get(f"{base}/dashboard/app?cluster=1")
        assert (
            shell.status_code == 200
            and "script-src 'self'" in shell.headers["content-security-policy"]
        )
        good = await client.post(f"{base}/dashboard/webapp",
                                 json={"initData": init_data(token, 7001, now)})  # fmt: skip
        assert good.status_code == 200
        page = await client.get(base + good.json()["url"])
        assert page.status_code == 200 and "Cụm thi đua số 1" in page.text
        refused = [
            init_data(token, 7001, now - 7200),  # stale
            init_data("123:other-bot", 7001, now),  # signed for another bot
            init_data(token, 7001, now).replace("Truong", "Ai"),  # tampered
            init_data(token, 424242, now),  # a Telegram user who is not a member
            "",
        ]
        for data in refused:
            answer = await client.post(f"{base}/dashboard/webapp", json={"initData": data})
            assert answer.status_code == 403


def test_telegram_shows_the_mini_app_button_with_the_link() -> None:
    link = LinkButton("Mở", "https://bot.vn/dashboard/t", "https://bot.vn/dashboard/app?cluster=1")
    rows = keyboard([], link).to_dict()["inline_keyboard"]
    assert rows[0][0]["url"] == "https://bot.vn/dashboard/t"
    assert rows[1][0]["web_app"] == {"url": "https://bot.vn/dashboard/app?cluster=1"}


async def test_tonghop_adds_a_chart_as_a_photo(both: Both) -> None:
    messages = await _ask(both, "telegram", "/tonghop", 2)
    assert "photo" in messages[1]
    # Zalo, with PUBLIC_BASE_URL set: a photo by URL, served by the bot itself.
    shown = await _ask(both, "zalo", "/tonghop", 2)
    photo = str(shown[1]["photo"])
    assert photo.startswith(str(both.app.settings.public_base_url) + "/files/")
    async with httpx.AsyncClient() as client:
        answer = await client.get(photo)
    assert answer.status_code == 200 and answer.content.startswith(b"\x89PNG")


async def test_over_https_telegram_also_gets_the_mini_app_button(
    settings: Settings, clock: FakeClock
) -> None:
    public = dashboard_settings(settings).model_copy(
        update={"public_base_url": "https://thidua.example.gov.vn"}
    )
    async with running_both(public) as running:
        await seed_world(running.app.sessions, ACCOUNTS)
        user = running.telegram.user(7001, "Phạm Văn Trưởng")
        await running.telegram.send_text(user, "/dashboard")
        rows = (await running.telegram.wait_messages(user.id))[0]["reply_markup"]
        assert isinstance(rows, dict)
        link, app = rows["inline_keyboard"][0][0], rows["inline_keyboard"][1][0]
        assert link["url"].startswith("https://thidua.example.gov.vn/dashboard/")
        assert app["web_app"] == {"url": "https://thidua.example.gov.vn/dashboard/app?cluster=1"}
    # running_both checked every request against the Bot API description on the way out.


async def test_the_page_speaks_the_leaders_language(both: Both) -> None:
    link = await _link(both, "telegram")
    person = int(link.rsplit("/", 1)[1].split(".")[0])
    async with both.app.sessions() as session, session.begin():
        await set_locale(session=session, member_id=person, locale="en")
    async with httpx.AsyncClient() as client:
        page = await client.get(link)
    assert '<html lang="en">' in page.text
    assert "Taking part by unit" in page.text and "Phase II of 2026" in page.text


async def test_without_the_database_the_page_says_to_try_again(both: Both) -> None:
    link = await _link(both, "telegram")
    assert both.app.dashboard is not None
    gone = create_engine("postgresql+asyncpg://nobody@127.0.0.1:9/none")  # nothing listens
    both.app.dashboard.sessions = create_session_factory(gone)  # the database went away
    signed = init_data(both.telegram.token, 7001, int(time.time()))
    try:
        async with httpx.AsyncClient() as client:
            page = await client.get(link)
            mini_app = await client.post(
                f"{both.app.settings.public_base_url}/dashboard/webapp", json={"initData": signed}
            )
    finally:
        await gone.dispose()
    assert mini_app.status_code == 503  # the Mini App says so too, not "no permission"
    assert page.status_code == 503
    assert "Hệ thống đang tạm thời gián đoạn. Vui lòng tải lại trang sau ít phút." in page.text
    assert page.headers["retry-after"] == "30"
    assert page.headers["cache-control"] == "no-store"
