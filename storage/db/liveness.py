"""Dropped server connections: test the ones that sat idle, retry what met a dropped one.

SQLAlchemy's `pool_pre_ping` tests every connection at every checkout: one more round trip
per transaction, a tenth of a busy bot's work on PostgreSQL. A connection handed back a few
milliseconds ago is hardly ever dead; one idle for a while may have been cut by a firewall,
a pooler or the server's idle timeout. So only those are tested before use.

A server restart drops even a busy connection. The first statement on it then fails with
`connection_invalidated`, and SQLAlchemy marks every older connection of the pool for
replacement; the transaction rolled back whole, so the work is done again once on a new
connection (`dropped` tells the callers when) and nobody sees the restart.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy import event, exc
from sqlalchemy.ext.asyncio import AsyncEngine

T = TypeVar("T")
log = logging.getLogger(__name__)

# What a database that cannot be reached raises: refused connections, dropped ones, timeouts.
UNREACHABLE = (exc.SQLAlchemyError, OSError, TimeoutError)

PING_AFTER_IDLE = 5.0  # seconds a pooled connection may rest before it is tested again
_IDLE_SINCE = "thidua_idle_since"


def ping_idle_connections(engine: AsyncEngine, after: float = PING_AFTER_IDLE) -> None:
    """Test a pooled connection before use when it rested `after` seconds or more."""
    dialect = engine.sync_engine.dialect

    def rested(_dbapi_connection: Any, record: Any) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    def checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.pop(_IDLE_SINCE, None)
        if since is None or time.monotonic() - since < after:
            return  # new, or back in the pool a moment ago
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            # The pool replaces it and tries again (a dropped one: every older one too). A
            # ping that failed otherwise, say half-way through reading the server's goodbye,
            # leaves the connection no more usable.
            if dialect.is_disconnect(error, dbapi_connection, None):
                raise exc.InvalidatePoolError() from error
            raise exc.DisconnectionError() from error

    event.listen(engine.sync_engine, "checkin", rested)
    event.listen(engine.sync_engine, "checkout", checked_out)


def dropped(error: BaseException) -> bool:
    """True when `error` is a statement that met a connection the server had dropped."""
    return isinstance(error, exc.DBAPIError) and error.connection_invalidated


async def again_if_dropped(
    work: Callable[[], Awaitable[T]], *, repeatable: Callable[[], bool] = lambda: True
) -> T:
    """Run `work` (one transaction); once more if it met a connection the server dropped.

    By default only for work harmless to repeat even if its commit was cut short: a read, or
    a write that keeps no second copy. Other work says, by `repeatable`, whether it failed
    before its commit began (then all of it was rolled back).
    """
    try:
        return await work()
    except Exception as error:
        if not dropped(error) or not repeatable():
            raise
        log.warning("a dropped database connection was replaced; doing the work again")
        return await work()  # the pool has replaced the connection
