"""Whether the database answers, for the health check."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel.ext.asyncio.session import AsyncSession

log = logging.getLogger(__name__)


async def ping(*, session: AsyncSession) -> None:
    """Ask the database a trivial question; raise when it cannot answer."""
    await session.execute(text("SELECT 1"))


async def database_reachable(engine: AsyncEngine, within: float = 3.0) -> bool:
    """Return True when the database answers a trivial query within `within` seconds."""
    try:
        # A bounded wait: a firewalled database would otherwise hold the probe for minutes.
        async with asyncio.timeout(within), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as error:  # whatever the driver raises, the answer is "not reachable"
        log.warning("health check: database unreachable: %s", type(error).__name__)
        return False
    return True
