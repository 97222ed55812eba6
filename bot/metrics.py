"""Prometheus metrics of one bot process, served at /metrics (prometheus-client)."""

from __future__ import annotations

import logging

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from storage.db.engine import SessionFactory
from storage.inbox.queries import waiting_updates
from storage.outbox.queries import waiting_count

log = logging.getLogger(__name__)

CONTENT_TYPE = CONTENT_TYPE_LATEST
# Handling an update is a few queries: most take milliseconds, a slow database seconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """Counters the channels, the outbox and the reminders feed; one registry per process."""

    def __init__(self, sessions: SessionFactory) -> None:
        self.sessions = sessions
        # A registry of its own: several apps in one test process must not share counters.
        self.registry = CollectorRegistry()
        r = self.registry
        self.handled = Counter(
            "thidua_updates_handled", "Updates handled, by channel", ["channel"], registry=r
        )
        self.failed = Counter(
            "thidua_updates_failed",
            "Updates whose handling failed (the person got an apology), by channel",
            ["channel"],
            registry=r,
        )
        self.latency = Histogram(
            "thidua_update_handling_seconds",
            "Time to handle one update in the core, by channel",
            ["channel"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.sends = Counter(
            "thidua_outbox_sends",
            "Outbox send attempts, by channel and outcome",
            ["channel", "outcome"],
            registry=r,
        )
        self.outbox_depth = Gauge(
            "thidua_outbox_depth", "Outbox messages not yet settled (all processes)", registry=r
        )
        self.inbox_depth = Gauge(
            "thidua_inbox_depth", "Updates stored and not yet settled (all processes)", registry=r
        )
        self.leader = Gauge(
            "thidua_scheduler_leader", "1 when this process runs the scheduler", registry=r
        )
        self.reminder_runs = Counter(
            "thidua_reminder_runs", "Runs of the reminder scheduler's due check", registry=r
        )
        self.reminder_occasions = Counter(
            "thidua_reminder_occasions",
            "Reminder occasions decided, by status (sent, skipped)",
            ["status"],
            registry=r,
        )

    def observe_update(self, channel: str, seconds: float, failed: bool) -> None:
        """Count one update the core handled (a repeat is not counted)."""
        (self.failed if failed else self.handled).labels(channel).inc()
        self.latency.labels(channel).observe(seconds)

    def observe_send(self, channel: str, outcome: str) -> None:
        """Count one outbox attempt and what became of it."""
        self.sends.labels(channel, outcome).inc()

    def observe_reminders(self, decisions: list[tuple[str, str]]) -> None:
        """Count one reminder run and the occasions it decided."""
        self.reminder_runs.inc()
        for _, status in decisions:
            self.reminder_occasions.labels(status).inc()

    async def render(self) -> bytes:
        """Read the outbox and inbox depths from the database, then return every metric."""
        try:
            async with self.sessions() as session:
                self.outbox_depth.set(await waiting_count(session=session))
                self.inbox_depth.set(await waiting_updates(session=session))
        except Exception:  # the database is down: /healthz says so; keep the last depth
            log.warning("metrics: outbox depth not read", exc_info=True)
        return generate_latest(self.registry)
