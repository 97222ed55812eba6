"""SQLite run on the event loop's own thread, behind the interface SQLAlchemy expects of aiosqlite.

Why not aiosqlite: it runs each call on a thread of its own, and every call — making a cursor,
executing, fetching, closing, committing — is a hand-over to that thread and back, four or
five per statement. Measured on this project's busiest path (`make bench`, a `/trogiup`), the
hand-overs cost ~140 µs each, about 1.7 ms per update, several times the statements' own
work, which SQLite does in microseconds on its local file.

Why it is safe here: SQLite never waits for a lock inside a call (its busy timeout is 0).
When another connection holds the write lock — another process (a command-line import), or
another engine of this one (tests) — the statement is tried again after an asynchronous
sleep, so the loop goes on, and the holder with it, until the lock is free or `timeout`
has passed. A statement refused as busy has done nothing, so trying it again is sound. The
engine gives a database one connection per process (`storage.db.engine`), so the bot's own
transactions queue in SQLAlchemy's pool rather than meet here.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
FIRST_PAUSE, LONGEST_PAUSE = 0.001, 0.05  # seconds between tries while the file is locked


# Locked by another connection for now; not SQLITE_BUSY_SNAPSHOT, which no wait can cure.
BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_BUSY_RECOVERY}


async def _patiently(call: Callable[[], T], patience: float) -> T:
    """Run `call`; while SQLite answers that the database is locked, pause and try again."""
    pause, deadline = FIRST_PAUSE, time.monotonic() + patience
    while True:
        try:
            return call()
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode not in BUSY or time.monotonic() > deadline:
                raise
        await asyncio.sleep(pause)
        pause = min(pause * 2, LONGEST_PAUSE)


class InlineCursor:
    """A sqlite3 cursor with the awaitable methods of aiosqlite's."""

    def __init__(self, cursor: sqlite3.Cursor, timeout: float) -> None:
        self._cursor = cursor
        self._timeout = timeout

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> InlineCursor:
        cursor = self._cursor
        if parameters is None:
            await _patiently(lambda: cursor.execute(sql), self._timeout)
        else:
            await _patiently(lambda: cursor.execute(sql, parameters), self._timeout)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> InlineCursor:
        rows = list(parameters)  # tried again whole if the file was locked
        await _patiently(lambda: self._cursor.executemany(sql, rows), self._timeout)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()


class InlineConnection:
    """A sqlite3 connection with the awaitable methods of aiosqlite's."""

    def __init__(self, connection: sqlite3.Connection, timeout: float) -> None:
        self._conn = connection
        self._connection: sqlite3.Connection | None = connection  # None once closed
        self._timeout = timeout  # how long a statement waits for another's lock

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> InlineCursor:
        return InlineCursor(self._conn.cursor(), self._timeout)

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> InlineCursor:
        return await self.cursor().execute(sql, parameters)

    async def commit(self) -> None:
        await _patiently(self._conn.commit, self._timeout)

    async def rollback(self) -> None:
        self._conn.rollback()

    async def create_function(self, name: str, num_params: int, func: Callable[..., Any],
                              deterministic: bool = False) -> None:  # fmt: skip
        self._conn.create_function(name, num_params, func, deterministic=deterministic)

    async def close(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()

    def stop(self) -> None:
        """Close at once (SQLAlchemy's terminate): nothing runs elsewhere to wait for."""
        if self._connection is not None:
            self._connection = None
            self._conn.close()


def connector(path: str, *, timeout: float) -> Callable[[], Any]:
    """Return the `async_creator` for `create_async_engine`: a new inline connection."""

    async def connect() -> InlineConnection:
        # SQLite's own wait would hold the loop (see the module's docstring): none, then. Not
        # bound to its thread: SQLAlchemy may close it from another (a pool's cleanup).
        connection = sqlite3.connect(path, timeout=0, check_same_thread=False)
        return InlineConnection(connection, timeout)

    return connect
