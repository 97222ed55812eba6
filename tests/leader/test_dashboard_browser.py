"""The dashboard in a real browser: Debian's Chromium driven by Playwright, headless.

The page must load from its link with the right figures, log no error, ask nothing of any
host but the bot's own, refuse forged, expired and other-cluster links, and fit a phone's
390 px without scrolling sideways; after publication a cluster's page shows its ranking and
proposals. With DASHBOARD_SCREENSHOTS=1 the demo's published cluster is photographed into
docs/ (phone and desktop) for the README.
"""

from __future__ import annotations

import os
import time
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from playwright.async_api import Browser, Page, async_playwright
from sqlmodel import select

from bot.config import Settings
from bot.demo import load_demo_province
from bot.demo.finale import PUBLISHED
from bot.i18n import Catalogs
from domain.signed_links import PROVINCE, sign
from storage.db.engine import create_engine, create_session_factory
from storage.demo.finale import demo_cluster
from storage.membership.models import Member
from tests.activity.activity_helpers import VN, fix_clock
from tests.leader.dashboard_helpers import SECRET, dashboard_settings
from tests.leader.summarydata import NOW, seed_world
from tests.leader.test_dashboard import ACCOUNTS, init_data
from tests.support.drivers import running_both
from tests.support.fakeclock import FakeClock

CHROMIUM = "/usr/bin/chromium"
DEMO_DAY = datetime(2026, 12, 16, 10, tzinfo=VN)  # after the self-assessment deadline
DOCS = Path(__file__).resolve().parents[2] / "docs"

# Alone on the machine (`make test` runs it after the parallel pass): a browser takes a core.
pytestmark = [
    pytest.mark.serial,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="Debian's chromium is not installed (scripts/system-packages.sh installs it)",
    ),
]


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        # As root in a container Chromium's sandbox cannot start; the pages are our own.
        launched = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        yield launched
        await launched.close()


class Watched:
    """A page whose console errors and every request's host are recorded."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.hosts: set[str] = set()
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    @classmethod
    async def open(cls, browser: Browser, width: int, height: int = 844) -> Watched:
        page = await browser.new_page(viewport={"width": width, "height": height})
        watched = cls(page)

        async def route(request_route: object) -> None:
            from playwright.async_api import Route

            assert isinstance(request_route, Route)
            host = urlparse(request_route.request.url).hostname or ""
            watched.hosts.add(host)
            if host == "127.0.0.1":
                await request_route.continue_()
            else:  # never let a page reach out, even when a test would pass anyway
                await request_route.abort()

        await page.route("**/*", route)
        return watched


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    return fix_clock(monkeypatch, NOW)


@pytest.mark.slow
async def test_the_cluster_page_in_chromium(
    settings: Settings, clock: FakeClock, browser: Browser, catalogs: Catalogs
) -> None:
    vnd = catalogs.pick("vi").vnd_cell  # a tile: the sign
    async with running_both(dashboard_settings(settings)) as both:
        await seed_world(both.app.sessions, ACCOUNTS)
        leader = both.telegram.user(7001, "Phạm Văn Trưởng")
        await both.telegram.send_text(leader, "/bangdieukhien")
        message = (await both.telegram.wait_messages(leader.id))[0]
        link = str(message["reply_markup"]["inline_keyboard"][0][0]["url"])
        phone = await Watched.open(browser, 390)
        answer = await phone.page.goto(link)
        assert answer is not None and answer.status == 200
        figure = phone.page.locator("[data-figure]")
        shown = dict(zip(
            await figure.evaluate_all("els => els.map(e => e.dataset.figure)"),
            await figure.all_inner_texts(), strict=True,
        ))  # fmt: skip
        assert shown["reported"] == "1/3" and shown["participants"] == "13/180"
        assert shown["pledged"] == vnd(2_000_000) and shown["confirmed"] == vnd(1_500_000)
        assert shown["paid"] == vnd(1_800_000) and shown["houses"] == "0/1"
        assert await phone.page.locator("svg").count() >= 4
        assert await phone.page.evaluate("document.documentElement.scrollWidth") <= 390
        assert phone.errors == []
        assert phone.hosts == {"127.0.0.1"}

        # The Mini App: Telegram opens /dashboard/app with signed initData in the fragment.
        signed = init_data(both.telegram.token, 7001, int(time.time()))
        mini = await Watched.open(browser, 390)
        base = both.app.settings.public_base_url
        await mini.page.goto(f"{base}/dashboard/app?cluster=1#tgWebAppData={quote(signed)}")
        await mini.page.wait_for_url(f"{base}/dashboard/*.*", timeout=10_000)
        assert "Cụm thi đua số 1" in await mini.page.title()
        assert mini.errors == [] and mini.hosts == {"127.0.0.1"}

        person, cluster, expires, signature = link.rsplit("/", 1)[1].split(".")
        secret = SECRET.encode()
        other = int(cluster) + 1
        for token in (
            f"{person}.{other}.{expires}.{signature}",
            sign(secret, int(person), int(cluster), NOW - timedelta(hours=25)),
            sign(secret, int(person), other, NOW),
        ):
            refused = await Watched.open(browser, 390)
            answer = await refused.page.goto(f"{base}/dashboard/{token}")
            assert answer is not None and answer.status == 403
            assert "Cụm thi đua" not in await refused.page.content()
            assert "Khối thi đua" not in await refused.page.content()


async def _texts(page: Page, selector: str) -> list[str]:
    return [" | ".join(t.split("\t")) for t in await page.locator(selector).all_inner_texts()]


async def test_the_demo_year_in_chromium(
    settings: Settings, browser: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the deadline: the leader's cluster in review, Cụm các phường published."""
    fix_clock(monkeypatch, DEMO_DAY)
    async with running_both(dashboard_settings(settings)) as both:
        _, _, leader_link = await load_demo_province(both.app)
        assert leader_link is not None and both.app.core.dashboard is not None
        async with both.app.sessions() as session:
            published = await demo_cluster(session=session, code=PUBLISHED)
            admin = (await session.exec(select(Member.id).where(Member.role == "admin"))).first()
        assert published is not None and published.leader_id is not None and admin
        link = both.app.core.dashboard.url(published.leader_id, published.id, DEMO_DAY)
        for name, width in (("phone", 390), ("desktop", 1200)):
            watched = await Watched.open(browser, width)
            answer = await watched.page.goto(link)
            assert answer is not None and answer.status == 200
            page = watched.page
            assert "Cụm thi đua các phường" in await page.title()
            assert await page.evaluate("document.documentElement.scrollWidth") <= width
            assert await page.locator("svg rect.ok").count() > 10  # the charts drew
            # Units keep the words that tell them apart; the month axis is named.
            labels = await page.locator("svg text.lbl").evaluate_all(
                "els => els.map(e => e.textContent)"
            )
            assert "UBND phường Hoài Nhơn" in labels and "Tháng" in labels
            heading = await page.locator("#scoring h2").inner_text()
            assert heading == "Kết quả xếp hạng thi đua năm 2026"
            ranking = await _texts(page, '[data-scoring="ranking"] tr')
            assert ranking[0] == "Hạng | Đơn vị | Điểm | Đề nghị"
            assert len(ranking) == 7  # the six wards, ranked
            assert ranking[1].startswith("1 | UBND phường ") and ranking[1].endswith("Cờ thi đua")
            assert ranking[2].startswith("2 | UBND phường ") and ranking[2].endswith("Bằng khen")
            proposals = await _texts(page, '[data-scoring="proposals"] li')
            assert proposals[0].startswith("Cờ thi đua của UBND tỉnh: UBND phường ")
            assert "(hạng 1, " in proposals[0]
            assert proposals[1].startswith("Bằng khen của Chủ tịch UBND tỉnh: UBND phường ")
            assert watched.errors == [] and watched.hosts == {"127.0.0.1"}
            if os.environ.get("DASHBOARD_SCREENSHOTS"):
                await page.screenshot(path=DOCS / f"dashboard-{name}.png", full_page=True)

        # The demo leader's cluster is in review: each unit's step, no ranking yet.
        watched = await Watched.open(browser, 390)
        await watched.page.goto(leader_link)
        steps = await _texts(watched.page, '[data-scoring="steps"] tr')
        assert "Sở NN và MT | đã giải trình" in steps
        assert "Sở Công Thương | đã thống nhất kết quả" in steps
        assert await watched.page.locator('[data-scoring="ranking"]').count() == 0

        # The province page: a scoring column per cluster, the published proposals.
        watched = await Watched.open(browser, 390)
        await watched.page.goto(both.app.core.dashboard.url(admin, PROVINCE, DEMO_DAY))
        rows = await _texts(watched.page, "table tr")
        assert any(r.startswith("Cụm các phường | ") and "Đã công bố ngày" in r for r in rows)
        assert any(r.startswith("Cụm Kinh tế | ") and "Đã gửi 7/7 đơn vị" in r for r in rows)
        province = watched.page.locator('[data-scoring="province"]')
        assert "Cờ thi đua của UBND tỉnh: UBND phường " in await province.inner_text()
        assert watched.errors == []


async def test_the_mini_app_without_the_database_says_to_try_again(
    settings: Settings, clock: FakeClock, browser: Browser
) -> None:
    async with running_both(dashboard_settings(settings)) as both:
        await seed_world(both.app.sessions, ACCOUNTS)
        assert both.app.dashboard is not None
        gone = create_engine("postgresql+asyncpg://nobody@127.0.0.1:9/none")  # nothing listens
        both.app.dashboard.sessions = create_session_factory(gone)  # the database went away
        try:
            signed = init_data(both.telegram.token, 7001, int(time.time()))
            mini = await Watched.open(browser, 390)
            base = both.app.settings.public_base_url
            await mini.page.goto(f"{base}/dashboard/app?cluster=1#tgWebAppData={quote(signed)}")
            busy = mini.page.locator("#busy")
            await busy.wait_for(state="visible", timeout=10_000)
        finally:
            await gone.dispose()
        assert await busy.inner_text() == (
            "Hệ thống đang tạm thời gián đoạn. Vui lòng tải lại trang sau ít phút."
        )
        assert not await mini.page.locator("#msg").is_visible()  # not "no permission"
