"""The dashboard in a real browser: Debian's Chromium driven by Playwright, headless.

The page must load from its link with the right figures, log no error, ask nothing of any
host but the bot's own, refuse forged, expired and other-cluster links, and fit a phone's
390 px without scrolling sideways. With DASHBOARD_SCREENSHOTS=1 the demo year's page is
photographed into docs/ (phone and desktop) for the README.
"""

from __future__ import annotations

import os
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from playwright.async_api import Browser, Page, async_playwright

from bot.config import Settings
from bot.demo import load_demo_province
from bot.i18n import Catalogs
from domain.signed_links import sign
from storage.db.engine import create_engine, create_session_factory
from tests.activity.activity_helpers import fix_clock
from tests.leader.dashboard_helpers import SECRET, dashboard_settings
from tests.leader.summarydata import NOW, seed_world
from tests.leader.test_dashboard import ACCOUNTS, init_data
from tests.support.drivers import running_both
from tests.support.fakeclock import FakeClock

CHROMIUM = "/usr/bin/chromium"
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
    vnd = catalogs.pick("vi").vnd
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


async def test_the_demo_year_in_chromium(settings: Settings, browser: Browser) -> None:
    async with running_both(dashboard_settings(settings)) as both:
        _, _, link = await load_demo_province(both.app)
        assert link is not None
        for name, width in (("phone", 390), ("desktop", 1200)):
            watched = await Watched.open(browser, width)
            answer = await watched.page.goto(link)
            assert answer is not None and answer.status == 200
            assert "Cụm thi đua các sở, ngành kinh tế" in await watched.page.title()
            assert await watched.page.evaluate("document.documentElement.scrollWidth") <= width
            assert await watched.page.locator("svg rect.ok").count() > 10  # the charts drew
            assert watched.errors == [] and watched.hosts == {"127.0.0.1"}
            if os.environ.get("DASHBOARD_SCREENSHOTS"):
                await watched.page.screenshot(path=DOCS / f"dashboard-{name}.png", full_page=True)


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
