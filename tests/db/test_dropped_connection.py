"""PostgreSQL drops the bot's connections (a restart, an idle timeout): nobody notices.

Pooled connections are tested only after resting (`storage.db.liveness`); a busy one the server
dropped fails its first statement, and the core or the inbox does that work again once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.pipeline import Core
from bot.i18n import Catalogs
from bot.inbox.worker import Inbox
from domain.clock import SystemClock
from domain.messages import Channel
from handlers import build_registry
from storage.db.engine import create_engine, create_session_factory
from storage.db.liveness import dropped
from storage.inbox.queries import waiting_updates
from tests.support.corechat import CoreChat

APOLOGY = "Xin lỗi, đã có lỗi xảy ra"


@pytest.fixture
def on_postgresql(database_url: str) -> str:
    if not database_url.startswith("postgresql"):
        pytest.skip("drops PostgreSQL connections (run under scripts/pg-temp.sh)")
    return database_url


async def drop_connections(url: str) -> int:
    """Have the server end every other connection to the database; return how many."""
    admin = create_engine(url)
    try:
        async with admin.begin() as connection:
            result = await connection.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
            return int(result.scalar_one())
    finally:
        await admin.dispose()


@pytest.fixture
async def engine(on_postgresql: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(on_postgresql)
    yield engine
    await engine.dispose()


async def test_a_member_never_sees_a_dropped_connection(
    engine: AsyncEngine, on_postgresql: str, catalogs: Catalogs
) -> None:
    core = Core(
        sessions=create_session_factory(engine), registry=build_registry(), catalogs=catalogs
    )
    chat = CoreChat(core, channel=Channel.TELEGRAM)
    first = await chat.command("trogiup")
    assert "/trogiup" in first[0].text
    assert await drop_connections(on_postgresql) >= 1  # the pooled one, used a moment ago

    again = await chat.command("trogiup")

    assert [reply.text for reply in again] == [reply.text for reply in first]
    assert not any(APOLOGY in reply.text for reply in chat.seen)


async def test_a_connection_that_rested_is_tested_before_use(
    on_postgresql: str,
) -> None:
    engines = {
        "tested": create_engine(on_postgresql, ping_after_idle=0.0),  # every checkout
        "untested": create_engine(on_postgresql, ping_after_idle=3600.0),
    }
    try:
        for engine in engines.values():
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        assert await drop_connections(on_postgresql) >= 2

        async with engines["tested"].connect() as connection:  # replaced before use
            assert (await connection.execute(text("SELECT 1"))).scalar_one() == 1
        with pytest.raises(Exception) as met:  # used a moment ago: not tested, and it fails
            async with engines["untested"].connect() as connection:
                await connection.execute(text("SELECT 1"))
        assert dropped(met.value)
    finally:
        for engine in engines.values():
            await engine.dispose()


async def test_an_update_arriving_after_a_drop_is_stored(
    engine: AsyncEngine, on_postgresql: str
) -> None:
    inbox = Inbox(create_session_factory(engine), SystemClock())
    await inbox.store("telegram", "drop:1", "7", {"update_id": 1})
    assert await drop_connections(on_postgresql) >= 1

    await inbox.store("telegram", "drop:2", "7", {"update_id": 2})  # no InboxUnavailable

    async with create_session_factory(engine)() as session:
        assert await waiting_updates(session=session) == 2
