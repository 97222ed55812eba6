"""PostgreSQL advisory locks: one process of several does a thing (migrate, run the scheduler)."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

# Advisory lock keys: any 64-bit numbers, the same in every process of one deployment.
MIGRATE_KEY = 0x7468_6964_7561_01  # "thidua" + 1
SCHEDULER_KEY = 0x7468_6964_7561_02


def is_postgresql(engine: AsyncEngine) -> bool:
    return engine.url.get_backend_name() == "postgresql"


class Leadership:
    """Hold `pg_try_advisory_lock(key)` on a connection of its own, the leader's token.

    The lock lives as long as that connection: when the process dies, PostgreSQL closes the
    connection and releases it, and another process's next `try_lead` takes it. The connection
    is not from the pool, so giving the lock up is closing it (a pooled connection would keep
    the lock while it waits in the pool).
    """

    def __init__(self, engine: AsyncEngine, key: int = SCHEDULER_KEY) -> None:
        self.key = key
        self._engine = create_async_engine(engine.url, poolclass=NullPool)
        self._connection: AsyncConnection | None = None

    @property
    def leading(self) -> bool:
        return self._connection is not None

    async def try_lead(self, within: float = 5.0) -> bool:
        """Take the lock if it is free, or check it is still held; return whether we lead."""
        try:
            async with asyncio.timeout(within):
                if self._connection is not None:
                    await self._connection.execute(text("SELECT 1"))  # still ours?
                    return True
                connection = await self._engine.connect()
                got = (
                    await connection.execute(
                        text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}
                    )
                ).scalar_one()
                await connection.commit()  # the lock is the session's, not a transaction's
                if got:
                    self._connection = connection
                    return True
                await connection.close()
                return False
        except Exception as error:  # the database went away: whatever we held is gone
            log.warning("leadership check failed (%s)", type(error).__name__)
            await self.resign()
            return False

    async def resign(self) -> None:
        """Give the lock up (closing its connection) so another process may lead."""
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                await connection.invalidate()  # never back to a pool, the lock with it
            except Exception:
                log.debug("invalidating the leader's connection failed", exc_info=True)
            try:
                await connection.close()  # checked in: not left to the garbage collector
            except Exception:
                log.debug("closing the leader's connection failed", exc_info=True)

    async def close(self) -> None:
        await self.resign()
        await self._engine.dispose()
