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
from storage.db.engine import SessionFactory
from storage.outbox.models import OutboxStatus
from storage.outbox.queries import OutboxItem, Settlement, claim_due, next_due, settle_many

log = logging.getLogger(__name__)


class Sender(Protocol):
    async def deliver(self, chat_id: str, text: str) -> Delivery:
        """Send one text to one chat, within the channel's limits (shared with its replies)."""
        ...


class OutboxSender:
    """Drain the outbox through the channels, sending each message at least once.

    At most `concurrency` messages are being sent at once (a slot each, freed as soon as the
    message is sent), and at most `unrecorded` messages (`2 × concurrency` unless given) are
    being sent or sent with their outcome not yet committed: a message takes one of those
    permits before it is sent and gives it back once its outcome is committed (or its commit
    failed: its row then falls due again when its lease ends). A crash therefore
    re-sends at most `unrecorded` messages (their leases run out and they fall due again).
    Outcomes are committed in groups: those reported while a commit runs go in the next one.
    """

    def __init__(
        self,
        sessions: SessionFactory,
        senders: dict[str, Sender],
        clock: Clock,
        *,
        batch: int = 50,
        concurrency: int = 8,
        unrecorded: int | None = None,
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
        self.unrecorded = max(concurrency, unrecorded or 2 * concurrency)
        self._slots = asyncio.Semaphore(concurrency)
        self._unrecorded = asyncio.Semaphore(self.unrecorded)
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._outcomes: list[tuple[Settlement, str, str]] = []  # (outcome, channel, label)
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
        # Outcomes already reported must reach the database before the process ends.
        await self._recorded()

    async def drain_once(self) -> int:
        """Send one batch of due messages and record their outcomes; return how many."""
        items = await self._lease()
        await asyncio.gather(*(self._start(item) for item in items))
        await asyncio.gather(*self._in_flight, return_exceptions=True)
        await self._recorded()
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
            await self._start(item)
        return len(items)

    async def _start(self, item: OutboxItem) -> None:
        """Start sending `item` once it may be (both permits held), in a task of its own."""
        await self._unrecorded.acquire()  # given back once its outcome is committed
        try:
            await self._slots.acquire()  # given back once it is sent
        except BaseException:
            self._unrecorded.release()
            raise
        task = asyncio.create_task(self._send_in_slot(item), name="outbox-send")
        self._in_flight.add(task)
        task.add_done_callback(self._in_flight.discard)

    async def _send_in_slot(self, item: OutboxItem) -> None:
        reported = False
        try:
            try:
                delivery = await self._attempt(item)
            finally:
                self._slots.release()  # sent: the next message may go while this one records
            self._settle(item, delivery)
            reported = True
        except Exception:
            log.exception("outbox item %s: settling its outcome failed", item.id)
        finally:
            if not reported:  # cancelled or failed: nothing will be committed for it
                self._unrecorded.release()

    async def _run(self) -> None:
        while True:
            try:
                if await self._dispatch():
                    continue
                recording = self._recorder is not None and not self._recorder.done()
                if self._in_flight or recording:  # settle what is in hand before idling
                    await asyncio.gather(*self._in_flight, return_exceptions=True)
                    await self._recorded()
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

    async def _attempt(self, item: OutboxItem) -> Delivery:
        sender = self.senders.get(item.channel)
        if sender is None:
            return Delivery(DeliveryStatus.RETRY, 900.0, f"{item.channel} is off")
        try:  # the channel keeps its limits, shared with its replies, which go first
            return await sender.deliver(item.chat_id, item.text)
        except Exception as error:  # a bug in a channel must not stop the outbox
            log.exception("outbox item %s: delivery raised", item.id)
            return Delivery(DeliveryStatus.RETRY, error=repr(error))

    def _settle(self, item: OutboxItem, delivery: Delivery) -> None:
        """Queue the outcome for the next group commit (which gives back its permit)."""
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
        label = "retry" if retry_at is not None else status.value
        outcome = Settlement(item.id, status.value, now, delivery.error, retry_at)
        self._outcomes.append((outcome, item.channel, label))
        if self._recorder is None or self._recorder.done():
            self._recorder = asyncio.create_task(self._commit_outcomes(), name="outbox-record")

    async def _recorded(self) -> None:
        """Return once every outcome reported so far was committed (or failed to be)."""
        while self._recorder is not None and not self._recorder.done():
            with contextlib.suppress(Exception):
                await asyncio.shield(self._recorder)

    async def _commit_outcomes(self) -> None:
        """Commit the outcomes reported, in groups, until none is left."""
        while self._outcomes:
            group, self._outcomes = self._outcomes, []
            try:
                await self._commit_group([outcome for outcome, _, _ in group])
            except Exception:  # their rows fall due again when their leases run out
                log.exception("outbox: recording %d outcomes failed", len(group))
                for _ in group:
                    self._unrecorded.release()
                continue
            for _, channel, label in group:
                self._unrecorded.release()
                if self.on_settled is not None:  # once stored: a crash before counts nothing
                    self.on_settled(channel, label)

    async def _commit_group(self, outcomes: list[Settlement]) -> None:
        async with self.sessions() as session, session.begin():
            await settle_many(session=session, outcomes=outcomes)
