"""Build the whole bot from settings: storage, core, channels, web server, scheduler."""

from __future__ import annotations

import asyncio
import logging
import signal
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.config import Settings
from bot.console.app import Console, Keys
from bot.console.visit import Setup
from bot.core.pipeline import Core
from bot.dashboard.routes import Dashboard
from bot.dashboard.webapp import MiniAppAuth
from bot.files import FileStore
from bot.i18n import Catalogs
from bot.inbox.worker import Inbox
from bot.metrics import Metrics
from bot.outbox.announcements import report_deliveries
from bot.outbox.sender import OutboxSender, Sender
from bot.payments_feed import PaymentsFeed
from bot.province import load_province
from bot.reminders.jobs import schedule_reminders
from bot.reminders.service import Reminders
from bot.telegram.channel import TelegramChannel
from bot.web import WebhookRoute, WebServer
from bot.zalo.channel import ZaloChannel
from domain.clock import Clock, SystemClock
from domain.office.signin import OfficeLinks
from domain.signed_links import DashboardLinks
from handlers import build_registry
from storage.conversation.choices import forget_choices_before
from storage.db.advisory import Leadership, is_postgresql
from storage.db.engine import create_engine, create_session_factory
from storage.db.filelock import SqliteLock
from storage.db.health import database_reachable
from storage.db.migrate import upgrade
from storage.inbox.queries import forget_done_before
from storage.inbox.updates import forget_updates_before
from storage.outbox.queries import forget_settled_before

log = logging.getLogger(__name__)
LEAD_INTERVAL = 2.0  # seconds between two tries at the scheduler's lock (or checks we hold it)


class BotApp:
    """Every long-lived resource of one bot process, opened in `start` and closed in `stop`."""

    def __init__(self, settings: Settings, *, clock: Clock | None = None) -> None:
        self.settings = settings
        self.clock = clock or SystemClock()
        # Every section is read first: a mistake in a file stops the start, not a member's chat.
        self.province = load_province(Path(settings.config_dir), settings.tz)
        self.lock = SqliteLock(settings.database_url)
        self.engine = create_engine(settings.database_url)
        self.sessions = create_session_factory(self.engine)
        self.catalogs = Catalogs(default_locale=settings.default_locale)
        self.core = Core(
            sessions=self.sessions,
            registry=build_registry(),
            catalogs=self.catalogs,
            choice_ttl=timedelta(hours=settings.choice_ttl_hours),
            clock=self.clock,
            province=self.province,
        )
        # One inbox per process for every channel: its worker's bound covers them all.
        self.inbox = Inbox(
            self.sessions, self.clock, concurrency=settings.inbox_concurrency,
            lease=timedelta(seconds=settings.inbox_lease_seconds),
        )  # fmt: skip
        self.telegram = (
            TelegramChannel(settings, self.core, self.catalogs, inbox=self.inbox)
            if settings.telegram_bot_token is not None
            else None
        )
        # Zalo takes no uploads: with a public URL, files go out as links the web server serves.
        self.files = (
            FileStore(Path(settings.exports_dir), settings.public_base_url, clock=self.clock)
            if settings.public_base_url
            else None
        )
        self.zalo = (
            ZaloChannel(
                settings,
                self.core,
                inbox=self.inbox,
                publish_file=self.files.publish if self.files else None,
            )
            if settings.zalo_bot_token
            else None
        )
        if self.zalo is not None and self.files is not None:
            self.core.file_channels.add("zalo")
            self.core.link_channels.add("zalo")  # Zalo takes no uploads: a published link
        self.payments = PaymentsFeed(self.sessions, self.catalogs, self.province, self.clock)
        self.dashboard = self._dashboard()
        self.console = self._console()
        self.metrics = Metrics(self.sessions)
        self.metrics.leader.set(0)
        self.core.observe = self.metrics.observe_update
        self.web = self._web_server()
        self.scheduler = AsyncIOScheduler(timezone=settings.tz)
        # On PostgreSQL, several processes share the database and one of them, the holder of
        # an advisory lock, runs the scheduler; on SQLite the one process does.
        self.leadership = Leadership(self.engine) if is_postgresql(self.engine) else None
        # The scheduler election: the loop that keeps trying for the lock.
        self._election: asyncio.Task[None] | None = None
        self._stop_election = asyncio.Event()
        self.leading = False
        senders: dict[str, Sender] = {}
        if self.telegram is not None:
            senders["telegram"] = self.telegram
        if self.zalo is not None:
            senders["zalo"] = self.zalo
        self.outbox_sender = OutboxSender(
            self.sessions, senders, self.clock,
            on_idle=lambda: report_deliveries(self.sessions, self.catalogs, self.clock.now()),
            # Each channel keeps its own limits, one limiter shared with its replies.
            concurrency=settings.outbox_concurrency,
            lease=timedelta(seconds=settings.outbox_lease_seconds),
            retry_base=settings.outbox_retry_base_seconds,
            idle_poll=settings.outbox_idle_poll_seconds,
        )  # fmt: skip
        self.core.on_outbox = self.outbox_sender.wake
        self.inbox.on_queued = self.outbox_sender.wake
        self.payments.on_outbox = self.outbox_sender.wake
        self.outbox_sender.on_settled = self.metrics.observe_send
        self.reminders = Reminders(
            self.sessions, self.catalogs, self.province, self.clock,
            on_outbox=self.outbox_sender.wake,
        )  # fmt: skip
        self.reminders.on_run = self.metrics.observe_reminders

    def _web_server(self) -> WebServer | None:
        routes: list[WebhookRoute] = []
        settings = self.settings
        if self.telegram is not None and settings.telegram_webhook_url:
            assert settings.telegram_webhook_secret is not None  # enforced by Settings
            routes.append(
                WebhookRoute(
                    path=urlparse(settings.telegram_webhook_url).path or "/telegram",
                    header="X-Telegram-Bot-Api-Secret-Token",
                    secret=settings.telegram_webhook_secret.get_secret_value(),
                    feed=self.telegram.feed,
                )
            )
        if self.zalo is not None and settings.zalo_webhook_url:
            assert settings.zalo_webhook_secret is not None  # enforced by Settings
            routes.append(
                WebhookRoute(
                    path=urlparse(settings.zalo_webhook_url).path or "/zalo",
                    header="X-Bot-Api-Secret-Token",
                    secret=settings.zalo_webhook_secret.get_secret_value(),
                    feed=self.zalo.feed,
                )
            )
        if settings.sepay_api_key is not None:
            # SePay's "API Key" authentication: `Authorization: Apikey <key>`, compared in
            # constant time; it retries until it reads {"success": true}.
            routes.append(
                WebhookRoute(
                    path=settings.sepay_webhook_path, header="Authorization",
                    secret=f"Apikey {settings.sepay_api_key.get_secret_value()}",
                    feed=self.payments.sepay, wait=True, answer=(("success", True),),
                )
            )  # fmt: skip
        if (
            not routes
            and self.files is None
            and self.dashboard is None
            and self.console is None
            and not settings.monitoring
        ):
            return None
        return WebServer(
            settings.webhook_listen, settings.webhook_port, routes, self.files,
            mount=self._mount,
            probe=lambda: database_reachable(self.engine), scrape=self.metrics.render,
        )  # fmt: skip

    def _dashboard(self) -> Dashboard | None:
        """Serve the leaders' pages when there is a secret to sign links and an address."""
        settings = self.settings
        if settings.dashboard_secret is None or settings.public_base_url is None:
            return None
        links = DashboardLinks(
            settings.dashboard_secret.get_secret_value().encode(), settings.public_base_url
        )
        self.core.dashboard = links
        token = settings.telegram_bot_token
        return Dashboard(
            self.sessions, self.catalogs, self.province, self.clock, links,
            mini_app=MiniAppAuth(token.get_secret_value()) if token is not None else None,
        )  # fmt: skip

    def _console(self) -> Console | None:
        """Serve the office console when there is a secret for its keys and an address."""
        settings = self.settings
        secret = settings.console_key
        if secret is None or settings.public_base_url is None:
            return None
        keys = Keys.of(secret)
        self.core.office = OfficeLinks(keys.links, settings.public_base_url)
        setup = Setup(
            self.sessions, self.catalogs, self.province, self.clock, keys.previews,
            code_links=self.core.code_links,  # filled in once Telegram is started
        )  # fmt: skip
        return Console(setup, keys, secure=settings.public_base_url.startswith("https://"))

    def _mount(self, app: web.Application) -> None:
        """Add the pages served beside the webhooks: the dashboard's and the console's."""
        if self.dashboard is not None:
            self.dashboard.mount(app)
        if self.console is not None:
            self.console.mount(app)

    async def start(self) -> None:
        """Migrate the database, then open the channels and the scheduler."""
        self.lock.acquire()  # one process per SQLite file; PostgreSQL takes several
        await upgrade(self.engine)
        if self.web is not None:
            await self.web.start()
        if self.telegram is not None:
            await self.telegram.start()
            username = self.telegram.application.bot.username
            self.core.code_links["telegram"] = f"https://t.me/{username}?start={{code}}"
        if self.zalo is not None:
            await self.zalo.start()
        self.inbox.start()
        # Jobs start once the channels accepted their tokens: a refused start runs none.
        self.scheduler.start()
        self.outbox_sender.start()
        if self.leadership is None:
            await self._lead()
        else:
            await self._run_for_leader()
            self._election = asyncio.create_task(self._keep_running_for_leader(), name="lead")

    async def _lead(self) -> None:
        """Run the scheduler's jobs here, having caught up what came due meanwhile."""
        self.leading = True
        self.metrics.leader.set(1)
        log.info("this process runs the scheduler")
        self.scheduler.add_job(
            self.forget_old_keys, "interval", hours=1, id="housekeeping.forget-old-keys",
            replace_existing=True, next_run_time=self.clock.now(),
        )  # fmt: skip
        await self.reminders.run_due()  # catch up what came due while no process led
        schedule_reminders(self.scheduler, self.reminders)

    def _step_down(self) -> None:
        self.leading = False
        self.metrics.leader.set(0)
        self.scheduler.remove_all_jobs()
        log.warning("this process lost the scheduler's lock; another one takes over")

    async def _run_for_leader(self) -> None:
        assert self.leadership is not None
        if await self.leadership.try_lead():
            if not self.leading:
                await self._lead()
        elif self.leading:
            self._step_down()

    async def _keep_running_for_leader(self) -> None:
        """Try for the lock every few seconds: a leader that died is replaced that soon."""
        while True:
            try:
                # Told to stop between two tries, never cancelled inside one: a connection
                # abandoned mid-query would be left to the garbage collector.
                await asyncio.wait_for(self._stop_election.wait(), timeout=LEAD_INTERVAL)
                return
            except TimeoutError:
                pass
            try:
                await self._run_for_leader()
            except Exception:
                log.exception("scheduler leadership: catching up failed; trying again")

    async def stop(self) -> None:
        """Close everything opened by `start`, in reverse order."""
        # The web server goes first; the inbox then finishes what it has in hand while the
        # channels can still send (what it has not taken stays stored for the next start).
        if self.web is not None:
            await self.web.stop()
        if self._election is not None:
            self._stop_election.set()
            await self._election
        if self.leadership is not None:
            await self.leadership.close()
        await self.inbox.stop()
        await self.outbox_sender.stop()
        if self.zalo is not None:
            await self.zalo.stop()
        if self.telegram is not None:
            await self.telegram.stop()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        await self.engine.dispose()
        self.lock.release()

    async def forget_old_keys(self) -> None:
        """Drop processed-update keys and option tokens past their time."""
        now = self.clock.now()
        async with self.sessions() as session, session.begin():
            updates = await forget_updates_before(
                session=session, moment=now - timedelta(hours=self.settings.update_key_ttl_hours)
            )
            choices = await forget_choices_before(
                session=session, moment=now - timedelta(hours=self.settings.choice_ttl_hours)
            )
            # Settled messages are kept a while for delivery reports and questions, not for ever.
            sent = await forget_settled_before(session=session, moment=now - timedelta(days=90))
            inbox = await forget_done_before(
                session=session, moment=now - timedelta(hours=self.settings.update_key_ttl_hours)
            )
        log.info(
            "housekeeping: forgot %d update keys, %d options, %d sent messages, %d inbox rows",
            updates, choices, sent, inbox,
        )  # fmt: skip

    async def run_until_signalled(self) -> None:
        """Run until SIGINT or SIGTERM, then stop cleanly."""
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        try:
            await self.start()
        except BaseException:
            await self.stop()  # what did start is closed again: no task or connection leaks
            raise
        try:
            await stop.wait()
        finally:
            log.info("stopping")
            await self.stop()
