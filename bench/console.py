"""The office console for a province of 20 clusters and 100,000 members: pages served.

The design's target: a page of the console served within 300 ms. The admin signs in through
the link `/quantri` sends, then the province's table and a people search over the whole
province are fetched over loopback by the bot's own aiohttp server, a new connection each time.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import httpx
import sqlalchemy as sa
from aiohttp import web
from sqlmodel import col

from bench.common import ROOT, Options, Result, Row, free_port, migrated_database
from bench.seed import seed
from bot.console.app import Console, Keys
from bot.console.visit import Setup
from bot.i18n import Catalogs
from bot.province import load_province
from domain.clock import SystemClock
from domain.office.signin import OfficeLinks
from storage.db.engine import create_engine, create_session_factory
from storage.membership.models import Member

MEMBERS, CLUSTERS, UNITS = 100_000, 20, 15
PAGES = {
    "the province's table (`/quantri/tinh`)": "/quantri/tinh",
    "a people search over the province (`/quantri/can-bo?q=nguoi 5`)": "/quantri/can-bo?q=nguoi+5",
}


async def _world(options: Options) -> tuple[str, int]:
    url = await migrated_database(options.workdir, "console")
    await seed(url, members=MEMBERS, clusters=CLUSTERS, units_per_cluster=UNITS, pledges=True)
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            admin = (await connection.execute(
                sa.insert(Member).values(full_name="Quản trị tỉnh", role="admin", active=True,
                                         created_at=datetime.now(UTC))
                .returning(col(Member.id))
            )).scalar_one()  # fmt: skip
    finally:
        await engine.dispose()
    return url, int(admin or 0)


async def run(options: Options) -> Result:
    """Serve each page `options.runs` × 4 times to the signed-in admin; report the medians."""
    url, admin = await _world(options)
    engine = create_engine(url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    keys = Keys.of(b"c" * 32)
    province = load_province(ROOT / "config", ZoneInfo("Asia/Ho_Chi_Minh"))
    setup = Setup(create_session_factory(engine), Catalogs(), province, SystemClock(),
                  keys.previews)  # fmt: skip
    app = web.Application()
    Console(setup, keys, secure=False).mount(app)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    times: dict[str, list[float]] = {name: [] for name in PAGES}
    try:
        link = OfficeLinks(keys.links, base).url(admin, datetime.now(UTC))
        token = link.split("/quantri/vao/")[1]
        async with httpx.AsyncClient() as browser:
            await browser.get(link)
            signed = await browser.post(f"{base}/quantri/vao", data={"token": token})
            if signed.status_code >= 400:
                raise AssertionError(f"the admin was not signed in: {signed.status_code}")
            cookies = browser.cookies
        for name, path in PAGES.items():
            async with httpx.AsyncClient(cookies=cookies) as client:
                await client.get(base + path)  # warm: the first query plans, names are folded
            for _ in range(options.runs * 4):
                async with httpx.AsyncClient(cookies=cookies) as client:
                    started = time.perf_counter()
                    page = await client.get(base + path)
                    times[name].append(1000 * (time.perf_counter() - started))
                if page.status_code != 200 or "Cụm thi đua số 1" not in page.text:
                    raise AssertionError(f"{path} was not served: {page.status_code}")
    finally:
        await runner.cleanup()
        await engine.dispose()
    result = Result(
        "console_pages",
        f"office console pages for {CLUSTERS} clusters of {UNITS} units and {MEMBERS:,} members "
        "with their pledges, to the signed-in admin, over loopback",
    )
    result.rows = [
        Row(f"{name} served in", "ms", figures, "< 300 ms", below=300, digits=1)
        for name, figures in times.items()
    ]
    result.notes.append(
        "the search folds each name once per process (kept), each unit's once per search, and "
        "reads the lines of the 50 found; the first fetch of each page is left out (warm-up)"
    )
    return result
