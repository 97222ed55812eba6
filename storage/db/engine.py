"""The async engine and session factory for SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.db.liveness import PING_AFTER_IDLE, ping_idle_connections
from storage.db.sqlite_inline import InlineConnection, connector

SessionFactory = async_sessionmaker[AsyncSession]
BUSY_TIMEOUT = 30.0  # seconds SQLite waits for another process's write to end


def create_engine(database_url: str, *, ping_after_idle: float = PING_AFTER_IDLE) -> AsyncEngine:
    """Create the engine for `database_url`; SQLite gets WAL and its folder created.

    A server's pooled connection is tested before use once it rested `ping_after_idle` s.
    """
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        engine = create_async_engine(url, pool_size=10, max_overflow=10)
        # Tested when rested, not at every checkout (`pool_pre_ping`: a round trip each).
        ping_idle_connections(engine, ping_after_idle)
        return engine
    if not url.database or url.database == ":memory:":
        engine = create_async_engine(url, connect_args={"timeout": 30})
    else:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        # One connection per process: SQLite has one writer at a time, and connections racing
        # for its lock wait in its busy handler, which sleeps (1, 2, 5 … 100 ms) rather than
        # queue; with one, transactions queue in the pool and each starts as the last ends.
        # On the loop's own thread (`sqlite_inline`): handing each call to a thread cost more
        # than the statements.
        engine = create_async_engine(
            url, async_creator=connector(url.database, timeout=BUSY_TIMEOUT), pool_size=1,
            max_overflow=0, pool_timeout=60,
        )  # fmt: skip
    event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run beside the one writer; NORMAL sync is safe with WAL.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    if not isinstance(dbapi_connection.driver_connection, InlineConnection):
        cursor.execute("PRAGMA busy_timeout=30000")  # inline ones wait without holding the loop
    # One writer process: keep hot pages in memory (20 MB cache, 256 MB mapped, temp in RAM).
    cursor.execute("PRAGMA cache_size=-20000")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.execute("PRAGMA mmap_size=268435456")
    cursor.close()


@asynccontextmanager
async def statement_by_statement(session: AsyncSession) -> AsyncIterator[None]:
    """Commit each statement run in the block on its own, where that saves round trips.

    For statements that stand alone: PostgreSQL then runs each in a transaction of its own,
    without the BEGIN and COMMIT round trips. SQLite's are in-process: one transaction.
    """
    bind = session.bind
    if bind is not None and bind.dialect.name == "postgresql":
        await session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        yield
    else:
        async with session.begin():
            yield


def create_session_factory(engine: AsyncEngine) -> SessionFactory:
    """Return a factory of sessions whose objects stay readable after commit."""
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
