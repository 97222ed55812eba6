"""Store each update before it is acknowledged; drain the stored ones, chats side by side.

Intake and handling are apart: a webhook is answered (or the polling offset moved) once the
update is committed here, and a worker then handles what is stored. Every process drains the
one inbox: `claim_next` hands out only the oldest unsettled update of a chat, so a chat's
updates are handled one after the other in the order received, while up to `concurrency`
chats are handled at once and a slow one holds up no other. An update is handled once: its
replies are committed with its handling (`record`), and a worker that finds them after a
crash sends them rather than handling the update again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.inbox.replies import decode, encode
from domain.clock import Clock
from domain.messages import Reply
from domain.text import N_
from storage.db.engine import SessionFactory, statement_by_statement
from storage.db.health import ping
from storage.db.liveness import UNREACHABLE, again_if_dropped
from storage.inbox.queries import (
    NewUpdate,
    StoredUpdate,
    claim_next,
    mark_answered,
    settle,
    store_updates,
)

log = logging.getLogger(__name__)

# Keeps a stored update's replies (to `target`) in the transaction that handles it, and
# whether that transaction queued outbox messages.
Record = Callable[[AsyncSession, str, list[Reply], bool], Awaitable[None]]
# Handle a stored update anew; True when there was nothing to handle (unreadable, a repeat).
Handle = Callable[[StoredUpdate, Record], Awaitable[bool]]
Resend = Callable[[str, list[Reply]], Awaitable[None]]

STOP_GRACE = 10.0  # how long stop() lets the updates in hand finish before cancelling them
MAX_BACKOFF = 5.0
# Sent by a channel, without the database, to a member whose update could not be stored.
OUTAGE = N_(
    "Hệ thống đang tạm thời gián đoạn. Nếu chưa nhận được trả lời sau ít phút, đồng chí vui "
    "lòng gửi lại tin nhắn."
)


class InboxUnavailable(Exception):
    """The update could not be stored: the platform must be asked to deliver it again."""


@dataclass(frozen=True, slots=True)
class Intake:
    handle: Handle
    resend: Resend  # send replies kept from an earlier handling


class Inbox:
    """The process's side of the inbox: `store` for the channels, a worker for the rest."""

    def __init__(
        self,
        sessions: SessionFactory,
        clock: Clock,
        *,
        concurrency: int = 8,
        lease: timedelta = timedelta(seconds=60),
        poll_interval: float = 0.5,
        store_timeout: float = 5.0,
    ) -> None:
        self.sessions = sessions
        self.clock = clock
        self.concurrency = concurrency
        self.lease = lease  # past it, an update a dead process had leased is taken again
        self.poll_interval = poll_interval  # other processes store too: look that often
        self.store_timeout = store_timeout
        self._intakes: dict[str, Intake] = {}
        # Wakes the outbox sender once an update that queued messages has had its replies sent.
        self.on_queued: Callable[[], None] | None = None
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._in_hand: dict[int, asyncio.Task[None]] = {}
        # Finished updates to settle (id → only if answered), in `_run`'s next transaction.
        self._settled: dict[int, bool] = {}

    def register(self, channel: str, handle: Handle, resend: Resend) -> None:
        """Handle `channel`'s stored updates with `handle` (a process drains its channels)."""
        self._intakes[channel] = Intake(handle, resend)

    async def store(self, channel: str, key: str, chat_id: str, body: dict[str, Any]) -> None:
        """Commit an update (a repeat is dropped); raise `InboxUnavailable` if it cannot be."""
        await self.store_many([NewUpdate(key, channel, chat_id, body)])

    async def store_many(self, updates: list[NewUpdate]) -> None:
        """Commit updates at once (a poll's batch); raise `InboxUnavailable` if they cannot be."""
        if not updates:
            return
        try:
            async with asyncio.timeout(self.store_timeout):
                # (Storing twice keeps one copy: a repeated key is dropped.)
                await again_if_dropped(lambda: self._store(updates))
        except UNREACHABLE as error:
            log.warning("inbox: %d update(s) not stored (%s)", len(updates), type(error).__name__)
            raise InboxUnavailable(updates[0].key) from error
        self.wake()

    async def _store(self, updates: list[NewUpdate]) -> None:
        async with self.sessions() as session, session.begin():
            await store_updates(session=session, updates=updates, now=self.clock.now())

    def wake(self) -> None:
        """Look for stored updates now rather than at the next poll."""
        self._wakeup.set()

    @property
    def running(self) -> bool:
        return self._task is not None

    async def drained(self) -> None:
        """Return once no update is in hand here: every reply being handled has been sent."""
        while self._in_hand:
            await asyncio.wait(set(self._in_hand.values()))

    def start(self) -> None:
        """Start draining (once; a second call does nothing)."""
        if self._task is None:
            self._stopping = False
            self._task = asyncio.create_task(self._run(), name="inbox")

    async def stop(self) -> None:
        """Stop claiming, let the updates in hand finish a while, then cancel the rest."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping = True
        self._wakeup.set()
        await task
        if self._in_hand:
            await asyncio.wait(set(self._in_hand.values()), timeout=STOP_GRACE)
            for handler in self._in_hand.values():
                handler.cancel()
            await asyncio.gather(*self._in_hand.values(), return_exceptions=True)
        await self._flush()

    async def _flush(self) -> None:
        """Settle what finished before stopping; left unsettled, it is sent again elsewhere."""
        done, self._settled = self._settled, {}
        if done:
            try:
                async with asyncio.timeout(self.store_timeout):
                    await self._turn(done, free=0)
            except UNREACHABLE as error:
                log.warning("inbox: %d update(s) unsettled (%s)", len(done), type(error).__name__)

    async def _run(self) -> None:
        failures = 0
        while not self._stopping:
            self._wakeup.clear()
            free = self.concurrency - len(self._in_hand)
            if free < self.concurrency // 4 and self._in_hand:
                free = 0  # lease when a quarter is free: one read for several, not one each
            if (free > 0 and self._intakes) or self._settled:
                done, self._settled = self._settled, {}
                try:
                    claimed = await self._turn(done, free)
                except UNREACHABLE as error:
                    self._settled = done | self._settled  # settle them next time
                    failures += 1
                    delay = min(MAX_BACKOFF, 0.5 * 2 ** (failures - 1))
                    log.warning("inbox: cannot read (%s); again in %.1f s", error, delay)
                    await self._pause(delay)
                    continue
                failures = 0
                for item in claimed:
                    self._in_hand[item.id] = asyncio.create_task(
                        self._settle(item), name=f"inbox-{item.id}"
                    )
            await self._pause(self.poll_interval)

    async def _turn(self, done: dict[int, bool], free: int) -> list[StoredUpdate]:
        """Settle what finished (id → only if answered); lease up to `free` updates.

        One turn for both, so under load one serves many updates, and a chat whose update
        was just settled has its next one leased in the same breath. Each statement stands
        alone (a settled update stays settled if the lease fails), so on PostgreSQL each
        commits by itself, without BEGIN and COMMIT round trips.
        """
        async with self.sessions() as session, statement_by_statement(session):
            await settle(
                session=session,
                done=[id for id, answered in done.items() if not answered],
                if_answered=[id for id, answered in done.items() if answered],
            )
            if free <= 0 or not self._intakes:
                return []
            return await claim_next(
                session=session, channels=sorted(self._intakes), now=self.clock.now(),
                lease=self.lease, limit=free, skip=set(self._in_hand),
            )  # fmt: skip

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wakeup.wait(), timeout=seconds)

    async def _settle(self, item: StoredUpdate) -> None:
        answered = False  # settle it only if its handling was committed
        try:
            intake = self._intakes[item.channel]
            if item.replies is not None:
                # Handled before a process died, its replies perhaps partly sent: send them
                # (a member may see one twice) rather than handle the update a second time.
                await intake.resend(*decode(item.replies))
            else:
                answered = await self._handle(intake, item)
        except Exception:
            log.exception("inbox: update %s failed", item.key)
        finally:
            # Settled by the next turn of `_run`; until then its chat's next update waits.
            self._settled[item.id] = answered
            del self._in_hand[item.id]
            self._wakeup.set()

    async def _handle(self, intake: Intake, item: StoredUpdate) -> bool:
        """Handle `item`; True when it is to be settled only if its handling was committed."""
        recorded = queued = False

        async def record(
            session: AsyncSession, target: str, replies: list[Reply], outbox: bool
        ) -> None:
            nonlocal recorded, queued
            await mark_answered(session=session, id=item.id, replies=encode(target, replies))
            recorded, queued = True, outbox

        nothing = await intake.handle(item, record)
        if queued and self.on_queued is not None:
            self.on_queued()  # the replies went out first
        if recorded:
            # Only a committed handling left the update answered: if the commit failed as the
            # database went away, the update is handled again once it is back.
            return True
        # A repeat, or a fault of ours (the member was told): settled. Not answered while the
        # database is away: released, and taken again once it is back.
        return not (nothing or await self._reachable())

    async def _reachable(self) -> bool:
        try:
            async with asyncio.timeout(self.store_timeout), self.sessions() as session:
                await ping(session=session)
        except UNREACHABLE:
            return False
        return True
