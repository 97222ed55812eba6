"""One bot process per SQLite file: an exclusive lock on a file beside the database."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType
from typing import Self

from sqlalchemy.engine import make_url


class DatabaseInUse(Exception):
    """Another process holds the SQLite database; the message says what to do."""


class SqliteLock:
    """Hold `<database>.lock` exclusively while open; nothing to do for other databases.

    SQLite has no way for several bot processes to share the scheduler and the outbox safely;
    the kernel drops the lock when the process dies, so a crash never leaves it stale.
    """

    def __init__(self, database_url: str) -> None:
        url = make_url(database_url)
        on_file = url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
        self.path = Path(f"{url.database}.lock") if on_file else None
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise `DatabaseInUse` at once (never wait)."""
        if self.path is None or self._fd is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            database = str(self.path)[: -len(".lock")]
            raise DatabaseInUse(
                f"another bot process is using the SQLite database {database} (lock held on "
                f"{self.path}): stop it first; to run several processes, use PostgreSQL"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())  # for the operator: who holds it
        self._fd = fd

    def release(self) -> None:
        """Let another process take the database."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
