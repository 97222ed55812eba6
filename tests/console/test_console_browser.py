"""The console in a real browser: Debian's Chromium driven by Playwright, headless.

The admin signs in from the link /quantri sent on Telegram, uploads an organisation file,
sees the preview, applies it and finds the line on the trail; a second file with a mistake
shows its row and column and changes nothing. A leader sees only their cluster; a reused
link, an expired link and a form without its CSRF token are refused. No page logs an error
or asks anything of another host. With CONSOLE_SCREENSHOTS=1 the demo province's table and
an organisation preview are photographed into docs/ for the README.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright

from bot.config import Settings
from bot.console.app import Keys
from bot.demo import load_demo_province, office_link
from bot.orgfile.files import read_org_file, write_org_file
from domain.office.signin import sign
from domain.roles import Role
from storage.membership.org_import import export_org
from tests.activity.activity_helpers import VN, fix_clock
from tests.console.console_helpers import Console, running_console
from tests.leader.dashboard_helpers import dashboard_settings
from tests.leader.summarydata import NOW
from tests.leader.test_dashboard_browser import CHROMIUM, Watched
from tests.support.drivers import running_both
from tests.support.fakeclock import FakeClock

DEMO_DAY = datetime(2026, 12, 16, 10, tzinfo=VN)
DOCS = Path(__file__).resolve().parents[2] / "docs"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)"
)


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        # As root in a container Chromium's sandbox cannot start; the pages are our own.
        launched = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        yield launched
        await launched.close()


def _errors(watched: Watched) -> list[str]:
    """Return what the page logged as errors, but the 4xx answers the test asked for."""
    expected = "Failed to load resource: the server responded with a status of 4"
    return [e for e in watched.errors if not e.startswith(expected)]


async def _signed_in(browser: Browser, link: str, lands: str, width: int = 1280) -> Watched:
    watched = await Watched.open(browser, width, 900)
    answer = await watched.page.goto(link)
    assert answer is not None and answer.status == 200
    await watched.page.get_by_role("button", name="Đăng nhập").click()
    await watched.page.wait_for_url(f"**{lands}")
    return watched


async def _upload(page: Page, path: Path) -> None:
    await page.get_by_role("link", name="Tổ chức", exact=True).click()
    await page.set_input_files('input[name="file"]', str(path))
    await page.get_by_role("button", name="Xem trước thay đổi").click()
    await page.wait_for_load_state()


async def _organisation(console: Console) -> str:
    from bot.orgfile.yaml_format import to_yaml

    return to_yaml(await export_org(sessions=console.both.app.sessions))


async def test_the_office_in_chromium(
    settings: Settings, clock: FakeClock, browser: Browser, tmp_path: Path
) -> None:
    async with running_console(settings, "telegram") as console:
        link = await console.link(Role.ADMIN)
        admin = await _signed_in(browser, link, "/quantri/tinh")
        page = admin.page
        assert await page.locator('tr[data-cluster="cum-1"] th').inner_text() == "Cụm thi đua số 1"
        await page.get_by_role("link", name="Đã xác nhận (₫)").click()  # sorted on the server
        await page.wait_for_url("**sort=confirmed**")
        codes = await page.locator("tr[data-cluster]").evaluate_all(
            "rows => rows.map(r => r.dataset.cluster)"
        )
        assert codes == ["khoi-2", "cum-1"]

        # A file with a change: the preview, then “Áp dụng”, then the line on the trail.
        org = await export_org(sessions=console.both.app.sessions)
        org.clusters[1].units[0].headcount = 125
        changed = tmp_path / "to-chuc.xlsx"
        write_org_file(org, changed)
        await _upload(page, changed)
        changes = page.locator('[data-diff="changed"] li')
        assert await changes.all_inner_texts() == ["Đơn vị Sở Y tế (so-y-te), biên chế: 120 → 125"]
        await page.fill('textarea[name="reason"]', "Quyết định số 12/QĐ-UBND")
        await page.get_by_role("button", name="Áp dụng").click()
        await page.wait_for_url("**/quantri/to-chuc")
        assert (
            "Đã áp dụng tệp tổ chức" in await page.locator('[data-message="applied"]').inner_text()
        )
        await page.get_by_role("link", name="Nhật ký thay đổi").click()
        await page.select_option('select[name="kind"]', "organisation")
        await page.get_by_role("button", name="Lọc").click()
        await page.wait_for_url("**kind=organisation**")
        line = await page.locator('tr[data-kind="organisation"]').first.inner_text()
        assert "Võ Thị Quản" in line and "120" in line and "125" in line
        assert "Quyết định số 12/QĐ-UBND" in line

        # People: found without diacritics, marked away for December, the absence listed.
        await page.get_by_role("link", name="Cán bộ", exact=True).click()
        await page.fill('input[name="q"]', "do thi an")
        await page.get_by_role("button", name="Tìm").click()
        await page.get_by_role("link", name="Đỗ Thị An").click()
        await page.wait_for_url("**/quantri/can-bo/*")
        away = page.locator('form[data-form="away"]')
        await away.locator('select[name="kind"]').select_option(label="nghỉ phép")
        await away.locator('input[name="start"]').fill("2026-12-01")
        await away.locator('input[name="end"]').fill("2026-12-31")
        await away.get_by_role("button", name="Ghi nhận vắng").click()
        await page.wait_for_load_state()
        absences = await page.locator('[data-table="absences"] tr[data-absence]').all_inner_texts()
        assert len(absences) == 1 and absences[0].startswith("nghỉ phép\t01/12/2026\t31/12/2026")

        # A second file with a mistake: its row and column, and nothing changed.
        before = await _organisation(console)
        org.clusters[0].units[0].headcount = -5
        broken = tmp_path / "loi.xlsx"
        write_org_file(org, broken)
        await _upload(page, broken)
        rows = await page.locator('[data-table="mistakes"] tbody tr').all_inner_texts()
        assert len(rows) == 1 and rows[0].startswith("Đơn vị\t2\tF\t")
        assert await _organisation(console) == before

        # A form whose CSRF token was taken out is refused, and changes nothing.
        await page.get_by_role("link", name="Tổ chức", exact=True).click()
        await page.set_input_files('input[name="file"]', str(changed))
        await page.evaluate("document.querySelector('main input[name=csrf]').remove()")
        await page.get_by_role("button", name="Xem trước thay đổi").click()
        await page.wait_for_load_state()
        assert "Biểu mẫu không hợp lệ" in await page.locator("h1").inner_text()
        assert _errors(admin) == [] and admin.hosts == {"127.0.0.1"}

        # The link used above opens nothing again; an expired one neither.
        again = await Watched.open(browser, 1280)
        answer = await again.page.goto(link)
        assert answer is not None and answer.status == 403
        assert await again.page.locator("h1").inner_text() == "Liên kết đã được sử dụng"
        key = Keys.of(console.both.app.settings.console_key or b"")
        old = sign(key.links, console.world.org.people[Role.ADMIN], NOW - timedelta(minutes=11))
        answer = await again.page.goto(f"{console.base}/quantri/vao/{old}")
        assert answer is not None and answer.status == 403
        assert await again.page.locator("h1").inner_text() == "Liên kết đã hết hạn"

        # A leader: their cluster, and nothing else.
        leader = await _signed_in(browser, await console.link(Role.LEADER), "/quantri/cum/*")
        assert await leader.page.locator("h1").inner_text() == "Cụm thi đua số 1"
        assert await leader.page.get_by_role("link", name="Toàn tỉnh").count() == 0
        for path in ("/quantri/tinh", f"/quantri/cum/{console.world.org.cluster_b}",
                     "/quantri/to-chuc"):  # fmt: skip
            answer = await leader.page.goto(console.base + path)
            assert answer is not None and answer.status == 403
            assert "Khối thi đua số 2" not in await leader.page.content()
        assert _errors(leader) == [] and leader.hosts == {"127.0.0.1"}


async def test_the_demo_province_in_chromium(
    settings: Settings, browser: Browser, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The demo's admin signs in from the link `make run` prints; photographs for README."""
    fix_clock(monkeypatch, DEMO_DAY)
    async with running_both(dashboard_settings(settings)) as both:
        await load_demo_province(both.app)
        link = await office_link(both.app)
        assert link is not None
        watched = await _signed_in(browser, link, "/quantri/tinh", 1600)
        page = watched.page
        rows = page.locator("tr[data-cluster]")
        assert await rows.count() >= 4
        steps = await page.locator("tr[data-cluster] td:last-child").all_inner_texts()
        assert any(s.startswith("Đã công bố ngày") for s in steps)
        assert await page.evaluate("document.documentElement.scrollWidth") <= 1600
        shoot = bool(os.environ.get("CONSOLE_SCREENSHOTS"))
        if shoot:
            await page.screenshot(path=DOCS / "console-province.png", full_page=True)
        from bot.demo import DEMO_ORG

        org = read_org_file(DEMO_ORG)
        org.clusters[0].units[0].headcount += 5
        org.clusters[-1].units.append(
            type(org.clusters[0].units[0])("so-moi", "Sở Khoa học và Công nghệ", 60)
        )
        org.clusters[1].leaders[-1].name = "Đặng Thị Mai"  # a deputy replaced
        org.clusters[3].units.append(org.clusters[2].units.pop())  # a unit moves, with its people
        path = tmp_path / "to-chuc.xlsx"
        write_org_file(org, path)
        await _upload(page, path)
        for section in ("added", "changed", "moved", "replaced"):
            assert await page.locator(f'[data-diff="{section}"] li').count() == 1, section
        if shoot:
            await page.screenshot(path=DOCS / "console-preview.png", full_page=True)
        await page.get_by_role("link", name="Cán bộ", exact=True).click()
        await page.fill('input[name="q"]', "tran thi")  # without diacritics
        await page.get_by_role("button", name="Tìm").click()
        await page.wait_for_url("**q=tran+thi**")
        found = await page.locator('[data-table="people"] tbody tr').all_inner_texts()
        assert found and all("Trần Thị" in line for line in found[:3]), found[:3]
        if shoot:
            await page.screenshot(path=DOCS / "console-people.png", full_page=False)
        assert _errors(watched) == [] and watched.hosts == {"127.0.0.1"}
