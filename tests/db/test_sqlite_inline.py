"""SQLite on the loop's thread: a locked file is waited for without holding the loop."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.db.engine import create_engine

pytestmark = pytest.mark.skipif(
    os.environ.get("TEST_DATABASE_URL") is not None, reason="SQLite only"
)


async def _ticks(stop: asyncio.Event, seen: list[float]) -> None:
    while not stop.is_set():
        seen.append(time.monotonic())
        await asyncio.sleep(0.01)


async def test_a_writer_waits_for_another_engines_lock_while_the_loop_goes_on(
    tmp_path: Path,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/inline.db"
    first, second = create_engine(url), create_engine(url)
    try:
        async with first.begin() as connection:
            await connection.execute(text("CREATE TABLE note (text TEXT)"))
        stop, seen = asyncio.Event(), list[float]()
        ticker = asyncio.create_task(_ticks(stop, seen))
        holder = await first.connect()
        await holder.execute(text("BEGIN IMMEDIATE"))  # the write lock, held across awaits
        await holder.execute(text("INSERT INTO note VALUES ('first')"))

        async def write_second() -> None:
            async with second.begin() as connection:
                await connection.execute(text("INSERT INTO note VALUES ('second')"))

        waiting = asyncio.create_task(write_second())
        await asyncio.sleep(0.3)
        assert not waiting.done()  # it waits for the lock ...
        ticks_while_locked = len(seen)
        await holder.commit()  # ... which the holder could only release as the loop ran on
        await holder.close()
        await asyncio.wait_for(waiting, 5)
        stop.set()
        await ticker
        assert ticks_while_locked >= 10  # ~30 ticks in 0.3 s: the loop was never held
        async with second.connect() as connection:
            rows = (await connection.execute(text("SELECT text FROM note"))).scalars().all()
        assert rows == ["first", "second"]
    finally:
        await first.dispose()
        await second.dispose()


async def test_a_lock_never_released_ends_in_an_error_not_a_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storage.db.engine.BUSY_TIMEOUT", 0.3)
    url = f"sqlite+aiosqlite:///{tmp_path}/inline.db"
    first, second = create_engine(url), create_engine(url)
    try:
        async with first.begin() as connection:
            await connection.execute(text("CREATE TABLE note (text TEXT)"))
        holder = await first.connect()
        await holder.execute(text("BEGIN IMMEDIATE"))
        started = time.monotonic()
        with pytest.raises(Exception, match="database is locked"):
            async with second.begin() as connection:
                await connection.execute(text("INSERT INTO note VALUES ('second')"))
        assert 0.3 <= time.monotonic() - started < 3
        await holder.rollback()
        await holder.close()
    finally:
        await first.dispose()
        await second.dispose()
