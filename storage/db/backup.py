"""Back up and restore the database: SQLite's online backup API, pg_dump/pg_restore."""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from storage.db.filelock import DatabaseInUse, SqliteLock


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, for the operator."""


def backup(database_url: str, target: Path) -> None:
    """Write a consistent copy of the database to `target`, while the bot may be running."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(_sqlite_path(url, must_exist=True), target)
    else:
        _run(_pg_tool("pg_dump"), ["--format=custom", f"--file={target}"], url)


def restore(database_url: str, source: Path) -> None:
    """Replace the database's content with the backup in `source` (the bot must be stopped)."""
    if not source.is_file():
        raise BackupError(f"no backup file at {source}")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        _check_sqlite_backup(source)
        try:
            with SqliteLock(database_url):  # never under a running bot
                _sqlite_copy(source, _sqlite_path(url, must_exist=False))
        except DatabaseInUse as error:
            raise BackupError(str(error)) from None
    else:
        # One transaction: a restore that fails half-way leaves the database as it was.
        options = ["--clean", "--if-exists", "--no-owner", "--single-transaction",
                   "--exit-on-error", str(source)]  # fmt: skip
        _run(_pg_tool("pg_restore"), options, url, database_flag=True)


def _sqlite_path(url: URL, *, must_exist: bool) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up or restored")
    path = Path(url.database)
    if must_exist and not path.is_file():
        raise BackupError(f"no database file at {path}")
    return path


def _sqlite_copy(source: Path, target: Path) -> None:
    # The backup API copies page by page under SQLite's own locks: safe while others write.
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _check_sqlite_backup(source: Path) -> None:
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as db:
            verdict = db.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} is not a SQLite backup: {error}") from None
    if verdict != ("ok",):
        raise BackupError(f"{source} is damaged: {verdict}")


def _pg_tool(name: str) -> str:
    """Find pg_dump or pg_restore on PATH, else in the newest /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    versions = [Path(path) for path in glob.glob(f"/usr/lib/postgresql/*/bin/{name}")]
    versions = [path for path in versions if path.parts[-3].isdigit()]
    if not versions:
        raise BackupError(f"{name} not found: install the PostgreSQL client tools")
    # The newest client: pg_dump refuses a server newer than itself.
    return str(max(versions, key=lambda path: int(path.parts[-3])))


def _run(tool: str, options: list[str], url: URL, *, database_flag: bool = False) -> None:
    # The connection goes in libpq's variables: the password never shows in a process list.
    env = os.environ | {
        key: str(value)
        for key, value in {
            "PGHOST": url.host, "PGPORT": url.port, "PGUSER": url.username,
            "PGPASSWORD": url.password, "PGDATABASE": url.database,
        }.items()
        if value is not None
    }  # fmt: skip
    ssl = url.query.get("ssl") or url.query.get("sslmode")
    if isinstance(ssl, str):
        env["PGSSLMODE"] = {"true": "require"}.get(ssl.lower(), ssl)
    command = [tool, "--no-password", *options]
    if database_flag and url.database:
        command.insert(2, f"--dbname={url.database}")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(tool).name} failed: {result.stderr.strip()}")
