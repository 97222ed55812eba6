"""The outbox's crash bound: at most `unrecorded` messages are ever sent and not yet recorded.

A slot is freed as soon as its message is sent, so sending goes on while outcomes wait for
their group commit; with the database stalled the sender must stop once `unrecorded`
messages are sent and unrecorded: a crash then would send those again, and no more.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.app import BotApp
from bot.config import Settings
from domain.roles import Role
from emulator.telegram import TelegramEmulator
from storage.calendar.reminders import fan_out_to_members
from storage.db.engine import SessionFactory, create_engine
from storage.db.times import utcnow
from storage.outbox.models import OutboxStatus
from storage.outbox.queries import status_counts
from tests.membership.orgdata import seed_many
from tests.support.drivers import channel_settings

RECIPIENTS = 80
CONCURRENCY = 4
# 10 a second after a first burst of 10: slow enough that the stall is in place long before
# the first batch of 50 is all sent.
KNOBS = {"telegram_max_rate": 10, "outbox_concurrency": CONCURRENCY}


@asynccontextmanager
async def database_stalled(app: BotApp, database_url: str) -> AsyncIterator[None]:
    """Keep the bot's outbox transactions waiting, without blocking its event loop.

    On SQLite the bot has one connection, taken here: its transactions queue in the pool
    (a lock held by another connection would stop the whole loop in SQLite's busy handler).
    On PostgreSQL a transaction of another connection locks the outbox: SHARE mode lets
    SELECT … FOR UPDATE through and holds back UPDATE.
    """
    if make_url(database_url).get_backend_name() == "sqlite":
        async with app.engine.connect():
            yield
        return
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("LOCK TABLE outbox IN SHARE MODE"))
            try:
                yield
            finally:
                await connection.rollback()
    finally:
        await engine.dispose()


async def _recorded(sessions: SessionFactory) -> int:
    async with sessions() as session:
        counts = await status_counts(session=session, key_prefix="bound:")
    return counts.get(OutboxStatus.SENT.value, 0)


async def _until(condition: Callable[[], bool], within: float) -> None:
    async with asyncio.timeout(within):
        while True:
            if condition():
                return
            await asyncio.sleep(0.01)


@pytest.mark.slow
async def test_a_stalled_database_stops_sending_at_the_bound(
    settings: Settings, sessions: SessionFactory
) -> None:
    chats = await seed_many(sessions, count=RECIPIENTS, channel="telegram")
    async with sessions() as session, session.begin():
        await fan_out_to_members(
            session=session, key_prefix="bound", texts={"vi": "Thông báo"},
            default_locale="vi", not_before=utcnow(), roles=(Role.MEMBER,),
        )  # fmt: skip
    async with TelegramEmulator() as emu:
        for chat in chats:
            emu.user(int(chat))

        def sent() -> int:
            return sum(1 for _, method, _ in emu.calls if method == "sendMessage")

        app = BotApp(channel_settings(settings, telegram=emu).model_copy(update=KNOBS))
        bound = app.outbox_sender.unrecorded
        assert bound == 2 * CONCURRENCY
        await app.start()
        try:
            await _until(lambda: sent() >= 1, within=10)  # the first batch is leased
            async with database_stalled(app, settings.database_url):
                recorded = await _recorded(sessions)  # no outcome can be committed now
                await _until(lambda: sent() - recorded >= bound, within=10)
                await asyncio.sleep(1.0)  # at 10 a second, 10 more would go if nothing held
                assert sent() - recorded == bound
                assert await _recorded(sessions) == recorded
                assert sent() < RECIPIENTS
            await _until(lambda: sent() >= RECIPIENTS, within=30)
            for _ in range(300):  # the last outcomes reach the database
                if await _recorded(sessions) == RECIPIENTS:
                    break
                await asyncio.sleep(0.05)
        finally:
            await app.stop()
        received = [len(emu.messages(int(chat))) for chat in chats]
        emu.assert_no_violations()
    async with sessions() as session:
        assert await status_counts(session=session, key_prefix="bound:") == {
            OutboxStatus.SENT.value: RECIPIENTS
        }
    assert received == [1] * RECIPIENTS  # the stall lost nothing and sent nothing twice
