"""The outbox sender: delivers queued messages at least once, retrying what may pass."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Protocol

from domain.clock import Clock
from domain.messages import Delivery, DeliveryStatus
from storage.engine import SessionFactory
from storage.models import OutboxStatus
from storage.outbox import OutboxItem, Settlement, claim_due, next_due, settle_many

log = logging.getLogger(__name__)


class Sender(Protocol):
    async def deliver(self, chat_id: str, text: str) -> Delivery:
        """Send one text to one chat, within the channel's limits (shared with its replies)."""
        ...


class OutboxSender:
    """Drain the outbox through the channels; a crash re-sends at most the messages in flight."""

    def __init__(
        self,
        sessions: SessionFactory,
        senders: dict[str, Sender],
        clock: Clock,
        *,
        batch: int = 50,
        concurrency: int = 8,
        lease: timedelta = timedelta(seconds=60),
        max_attempts: int = 8,
        idle_poll: float = 5.0,
        on_idle: Callable[[], Awaitable[int]] | None = None,
        retry_base: float = 2.0,
    ) -> None:
        self.sessions = sessions
        self.senders = senders
        self.clock = clock
        self.batch = batch
        self.lease = lease
        self.max_attempts = max_attempts
        self.idle_poll = idle_poll
        self.on_settled: Callable[[str, str], None] | None = None  # (channel, outcome): metrics
        self.on_idle = on_idle  # e.g. delivery reports once an announcement is fully sent
        self.retry_base = retry_base
        self._slots = asyncio.Semaphore(concurrency)
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._outcomes: list[tuple[Settlement, asyncio.Future[None]]] = []
        self._recorder: asyncio.Task[None] | None = None
        self._in_flight: set[asyncio.Task[None]] = set()

    def wake(self) -> None:
        """Look at the outbox now (new messages were queued)."""
        self._wake.set()

    def start(self) -> None:
        """Run in the background until `stop`."""
        self._task = asyncio.create_task(self._run(), name="outbox-sender")

    async def stop(self) -> None:
        """Stop after the messages in hand; leased ones not sent fall due again later."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        for task in self._in_flight:  # leased but unsent messages fall due again later
            task.cancel()
        await asyncio.gather(*self._in_flight, return_exceptions=True)
        if self._recorder is not None:
            # Outcomes already reported must reach the database before the process ends.
            with contextlib.suppress(Exception):
                await self._recorder

    async def drain_once(self) -> int:
        """Send one batch of due messages; return how many were attempted."""
        items = await self._lease()
        await asyncio.gather(*(self._send(item) for item in items))
        return len(items)

    async def _lease(self) -> list[OutboxItem]:
        async with self.sessions() as session, session.begin():
            return await claim_due(
                session=session, now=self.clock.now(), limit=self.batch, lease=self.lease
            )

    async def _dispatch(self) -> int:
        """Lease a batch and start each message as a slot frees; return how many."""
        items = await self._lease()
        for item in items:
            # The next batch is leased once this one is all under way, while its last
            # messages still send: slots never idle waiting for a batch's slowest message.
            await self._slots.acquire()
            task = asyncio.create_task(self._send_in_slot(item), name="outbox-send")
            self._in_flight.add(task)
            task.add_done_callback(self._in_flight.discard)
        return len(items)

    async def _send_in_slot(self, item: OutboxItem) -> None:
        try:
            await self._attempt(item)
        except Exception:
            log.exception("outbox item %s: recording its outcome failed", item.id)
        finally:
            self._slots.release()

    async def _run(self) -> None:
        while True:
            try:
                if await self._dispatch():
                    continue
                if self._in_flight:  # settle what is in hand before looking idle
                    await asyncio.wait(set(self._in_flight))
                    continue
                if self.on_idle is not None and await self.on_idle():
                    continue  # it queued messages of its own
                await self._sleep_until_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox sender failed; retrying shortly")
                await asyncio.sleep(self.idle_poll)

    async def _sleep_until_due(self) -> None:
        async with self.sessions() as session:
            due = await next_due(session=session)
        delay = self.idle_poll
        if due is not None:
            delay = min(delay, max(0.05, (due - self.clock.now()).total_seconds()))
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), delay)

    async def _send(self, item: OutboxItem) -> None:
        # The slot is held until the outcome is stored: a crash can then repeat at most
        # `concurrency` messages, those sent but not yet recorded.
        async with self._slots:
            await self._attempt(item)

    async def _attempt(self, item: OutboxItem) -> None:
        sender = self.senders.get(item.channel)
        if sender is None:
            delivery = Delivery(DeliveryStatus.RETRY, 900.0, f"{item.channel} is off")
        else:  # the channel keeps its limits, shared with its replies, which go first
            delivery = await self._deliver(sender, item)
        await self._settle(item, delivery)

    @staticmethod
    async def _deliver(sender: Sender, item: OutboxItem) -> Delivery:
        try:
            return await sender.deliver(item.chat_id, item.text)
        except Exception as error:  # a bug in a channel must not stop the outbox
            log.exception("outbox item %s: delivery raised", item.id)
            return Delivery(DeliveryStatus.RETRY, error=repr(error))

    async def _settle(self, item: OutboxItem, delivery: Delivery) -> None:
        now = self.clock.now()
        retry_at = None
        status = {
            DeliveryStatus.SENT: OutboxStatus.SENT,
            DeliveryStatus.UNREACHABLE: OutboxStatus.UNREACHABLE,
            DeliveryStatus.FAILED: OutboxStatus.FAILED,
            DeliveryStatus.RETRY: OutboxStatus.FAILED,  # unless another attempt is left
        }[delivery.status]
        attempt, gone_after = item.attempts + 1, delivery.unreachable_after
        retrying = delivery.status is DeliveryStatus.RETRY
        if retrying and gone_after is not None and attempt >= gone_after:
            status = OutboxStatus.UNREACHABLE  # it kept failing so: the person is gone
        elif retrying and attempt < self.max_attempts:
            backoff = delivery.retry_after or min(300.0, self.retry_base * 2.0**item.attempts)
            retry_at = now + timedelta(seconds=backoff)
        if status is not OutboxStatus.SENT:
            log.info("outbox item %s: %s %s", item.id, delivery.status, delivery.error)
        await self._record(Settlement(item.id, status.value, now, delivery.error, retry_at))
        if self.on_settled is not None:  # once stored: a crash before counts nothing
            self.on_settled(item.channel, "retry" if retry_at is not None else status.value)

    async def _record(self, outcome: Settlement) -> None:
        """Store an outcome; waits until it is committed, with others, in one transaction."""
        # Group commit: outcomes that arrive while a transaction runs go in the next one, so a
        # busy outbox pays one commit per batch, not one per message; the sender still waits
        # (and keeps its slot) until its own outcome is stored.
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._outcomes.append((outcome, future))
        if self._recorder is None or self._recorder.done():
            self._recorder = asyncio.create_task(self._commit_outcomes(), name="outbox-record")
        await asyncio.shield(future)

    async def _commit_outcomes(self) -> None:
        while self._outcomes:
            batch, self._outcomes = self._outcomes, []
            try:
                async with self.sessions() as session, session.begin():
                    await settle_many(session=session, outcomes=[o for o, _ in batch])
            except Exception as error:  # the senders log it; their rows fall due again
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
                continue
            for _, future in batch:
                if not future.done():
                    future.set_result(None)
