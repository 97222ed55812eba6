"""SQLite run on the event loop's own thread, behind the interface SQLAlchemy expects of aiosqlite.

Why not aiosqlite: it runs each call on a thread of its own, and every call — making a cursor,
executing, fetching, closing, committing — is a hand-over to that thread and back, four or
five per statement. Measured on this project's busiest path (`make bench`, a `/trogiup`), the
hand-overs cost ~140 µs each, about 1.7 ms per update, several times the statements' own
work, which SQLite does in microseconds on its local file.

Why it is safe here: the engine gives a SQLite database one connection per process
(`storage.engine`), so transactions queue in SQLAlchemy's pool (asynchronously) and never wait
for one another's locks inside SQLite, and one process only runs the bot on a file. What can
still block is another process writing the same file (a command-line import while the bot
runs): the bot then waits on the event loop, up to the busy timeout, for that transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any


class InlineCursor:
    """A sqlite3 cursor with the awaitable methods of aiosqlite's."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

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
        if parameters is None:
            self._cursor.execute(sql)
        else:
            self._cursor.execute(sql, parameters)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> InlineCursor:
        self._cursor.executemany(sql, parameters)
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

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._conn = connection
        self._connection: sqlite3.Connection | None = connection  # None once closed

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> InlineCursor:
        return InlineCursor(self._conn.cursor())

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> InlineCursor:
        return await self.cursor().execute(sql, parameters)

    async def commit(self) -> None:
        self._conn.commit()

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
        # Not bound to its thread: SQLAlchemy may close it from another (a pool's cleanup).
        return InlineConnection(sqlite3.connect(path, timeout=timeout, check_same_thread=False))

    return connect
