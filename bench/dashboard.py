"""The cluster page at 15 units and 10,000 members: time to serve it, and its weight.

One cluster of 15 units, 10,000 members with 8,000 pledges in every status, reports in every
month, served by the bot's own aiohttp server through a signed link, fetched over loopback
the way a browser would (a new connection each time).
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import httpx
import sqlalchemy as sa
from aiohttp import web
from sqlmodel import col

from bench.common import ROOT, Options, Result, Row, free_port, migrated_database
from bench.seed import seed
from bot.dashboard.routes import Dashboard
from bot.i18n import Catalogs
from bot.province import load_province
from domain.clock import SystemClock
from domain.signed_links import DashboardLinks
from storage.activity.models import ActivityReport
from storage.db.engine import create_engine, create_session_factory
from storage.membership.models import Member

MEMBERS, UNITS = 10_000, 15
_KINDS = ("seminar", "study_exchange", "culture_sports", "good_deeds", "initiative", "other")


async def _world(options: Options) -> tuple[str, int]:
    url = await migrated_database(options.workdir, "dashboard")
    await seed(url, members=MEMBERS, clusters=1, units_per_cluster=UNITS, pledges=True)
    engine = create_engine(url)
    today, now = date.today(), datetime.now(UTC)
    try:
        async with engine.begin() as connection:
            leader = (await connection.execute(
                sa.insert(Member).values(full_name="Trưởng cụm", role="leader", active=True,
                                         cluster_id=1, unit_id=1, created_at=now)
                .returning(col(Member.id))
            )).scalar_one()  # fmt: skip
            await connection.execute(sa.insert(ActivityReport), [
                {"unit_id": u, "author_id": u, "kind": _KINDS[(u + n) % len(_KINDS)],
                 "title": f"Hoạt động {n} của đơn vị {u}",
                 "day": date(today.year, 1 + (u * 7 + n) % today.month, 1 + n % 27),
                 "participants": 30, "description": "", "photos": [],
                 "example_at": now if n % 9 == 0 else None, "created_at": now, "updated_at": now}
                for u in range(1, UNITS + 1) for n in range(24)
            ])  # fmt: skip
    finally:
        await engine.dispose()
    return url, int(leader or 0)


async def run(options: Options) -> Result:
    """Serve the page `options.runs` × 4 times; report the median time and the bytes."""
    url, leader = await _world(options)
    engine = create_engine(url)
    port = free_port()
    links = DashboardLinks(b"b" * 32, f"http://127.0.0.1:{port}")
    province = load_province(ROOT / "config", ZoneInfo("Asia/Ho_Chi_Minh"))
    dashboard = Dashboard(create_session_factory(engine), Catalogs(), province, SystemClock(),
                          links)  # fmt: skip
    app = web.Application()
    dashboard.mount(app)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    times: list[float] = []
    sizes: list[float] = []
    try:
        link = links.url(leader, 1, datetime.now(UTC))
        async with httpx.AsyncClient() as client:
            await client.get(link)  # warm: the first query plans and opens the pool
        for _ in range(options.runs * 4):
            async with httpx.AsyncClient() as client:
                started = time.perf_counter()
                page = await client.get(link)
                times.append(1000 * (time.perf_counter() - started))
            if page.status_code != 200 or "Cụm thi đua số 1" not in page.text:
                raise AssertionError(f"the page was not served: {page.status_code}")
            sizes.append(len(page.content) / 1024)
    finally:
        await runner.cleanup()
        await engine.dispose()
    result = Result(
        "dashboard_page",
        f"a cluster page (`/dashboard/<signed link>`) for {UNITS} units and {MEMBERS:,} members "
        "with 8,000 pledges and 360 reports, over loopback",
    )
    result.rows = [
        Row("served in", "ms", times, "< 200 ms", below=200, digits=1),
        Row("weight, with its scripts (none) and styles", "kB", sizes, "< 300 kB", below=300,
            digits=1),
    ]  # fmt: skip
    result.notes.append(
        "one HTML response: inline stylesheet, SVG charts drawn on the server, no script, "
        "no font, no other request"
    )
    return result
