"""The dashboard's HTTP endpoints: a page per signed link, and the Telegram Mini App's entry."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import Path

from aiohttp import web

from bot.dashboard.headers import headers
from bot.dashboard.page import cluster_body, document
from bot.dashboard.province import province_body
from bot.dashboard.webapp import MiniAppAuth
from bot.i18n import Catalogs, Translator
from bot.outbox.queue import NotifyService
from bot.services.leader.dashboard import DashboardService
from domain.clock import Clock
from domain.config import ProvinceConfig
from domain.refusals import Refused
from domain.signed_links import PROVINCE, DashboardLinks, verify
from domain.text import N_
from storage.db.engine import SessionFactory
from storage.db.liveness import UNREACHABLE, again_if_dropped
from storage.membership.people import find_person, get_person

log = logging.getLogger(__name__)

_SCRIPT = Path(__file__).with_name("app.js").read_bytes()
_BUSY = N_("Hệ thống đang tạm thời gián đoạn. Vui lòng tải lại trang sau ít phút.")


@dataclass(slots=True)
class Dashboard:
    """Serve `/dashboard/<token>` pages; `/dashboard/app` when Telegram's Mini App is on."""

    sessions: SessionFactory
    catalogs: Catalogs
    province: ProvinceConfig
    clock: Clock
    links: DashboardLinks
    mini_app: MiniAppAuth | None = None

    def mount(self, app: web.Application) -> None:
        """Add the dashboard's routes to the bot's web application."""
        app.router.add_get("/dashboard/app", self._app_shell)
        app.router.add_get("/dashboard/app.js", self._app_script)
        app.router.add_post("/dashboard/webapp", self._webapp)
        app.router.add_get("/dashboard/{token}", self._page)

    @staticmethod
    def _refuse() -> web.Response:
        # Nothing about why: a forger learns nothing from the answer.
        return web.Response(status=403, text="403", headers=headers())

    async def _page(self, request: web.Request) -> web.Response:
        now = self.clock.now()
        grant = verify(self.links.secret, request.match_info.get("token", ""), now)
        if grant is None:
            return self._refuse()
        try:
            html = await again_if_dropped(
                lambda: self.render(grant.person_id, grant.cluster_id, now)
            )
        except UNREACHABLE as error:
            log.warning("dashboard: database unreachable (%s)", type(error).__name__)
            return self._unavailable()
        if html is None:
            return self._refuse()
        return web.Response(text=html, content_type="text/html", headers=headers())

    def _unavailable(self) -> web.Response:
        # Said in the province's first language: without the database, the reader's is unknown.
        t = self.catalogs.pick(None)
        body = f"<p>{escape(t._(_BUSY))}</p>"
        return web.Response(
            status=503, text=document(t, t._("Bảng điều khiển"), body), content_type="text/html",
            headers=headers() | {"Retry-After": "30"},
        )  # fmt: skip

    async def render(self, person_id: int, cluster_id: int, now: datetime) -> str | None:
        """Return the page `person_id` may see of `cluster_id`; None when they may not."""
        async with self.sessions() as session, session.begin():
            person = await get_person(session=session, member_id=person_id)
            service = DashboardService(
                session, NotifyService(session, self.catalogs, now), now, self.province
            )
            t = self.catalogs.pick(person.locale if person else None)
            try:
                if cluster_id == PROVINCE:
                    clusters = await service.province_page(person)
                    scoring = await service.province_scoring(
                        person, [c.cluster.id for c in clusters]
                    )
                    labels = await service.cluster_labels(person)
                    body = province_body(
                        t, clusters, lambda c: self.links.url(person_id, c, now), scoring, labels
                    )
                    return document(t, t._("Toàn tỉnh"), body)
                page = await service.cluster_page(person, cluster_id)
            except Refused:
                return None  # the link outlived the person's role: refused like a forged one
        return document(t, page.summary.cluster.name, cluster_body(t, page, self._kinds(t)))

    def _kinds(self, t: Translator) -> Callable[[str], str]:
        config = self.province.activities

        def label(key: str) -> str:
            item = config.kind(key)
            return item.label(t.locale) if item is not None else key

        return label

    async def _app_shell(self, _request: web.Request) -> web.Response:
        t = self.catalogs.pick(None)
        refused = t._("Đồng chí không có quyền xem bảng điều khiển này.")
        busy = t._(_BUSY)
        body = (
            '<script src="/dashboard/app.js"></script>'
            f'<p id="msg" hidden>{escape(refused)}</p><p id="busy" hidden>{escape(busy)}</p>'
        )

        return web.Response(
            text=document(t, t._("Bảng điều khiển"), body), content_type="text/html",
            headers=headers(script=True),
        )  # fmt: skip

    async def _app_script(self, _request: web.Request) -> web.Response:
        return web.Response(
            body=_SCRIPT, content_type="text/javascript", headers=headers(script=True)
        )

    async def _webapp(self, request: web.Request) -> web.Response:
        """Trade Mini App initData for a signed link to the page the person may see."""
        if self.mini_app is None:
            return self._refuse()
        try:
            body = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            return self._refuse()
        if not isinstance(body, dict):
            return self._refuse()
        user = self.mini_app.telegram_user(str(body.get("initData") or ""))
        if user is None:
            return self._refuse()
        try:
            url = await again_if_dropped(lambda: self._link(user, str(body.get("cluster") or "")))
        except UNREACHABLE as error:
            log.warning("dashboard: database unreachable (%s)", type(error).__name__)
            return web.json_response({"ok": False}, status=503, headers=headers())
        if url is None:
            return self._refuse()
        return web.json_response({"url": url}, headers=headers())

    async def _link(self, user: str, wanted: str) -> str | None:
        """Return the link to the page a Telegram user asked for; None when not theirs."""
        async with self.sessions() as session:
            person = await find_person(session=session, channel="telegram", external_user_id=user)
        if person is None or not person.is_member:
            return None
        cluster_id = int(wanted) if wanted.isdigit() else person.led_cluster_id or PROVINCE
        now = self.clock.now()
        # The page checks the role again; a link it would refuse is no use to hand out.
        if await self.render(person.member_id, cluster_id, now) is None:
            return None
        return self.links.path(person.member_id, cluster_id, now)
