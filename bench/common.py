"""What every benchmark shares: results, settings, a migrated database, waiting, windows."""

from __future__ import annotations

import asyncio
import math
import os
import socket
import statistics
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.config import Settings
from emulator.telegram import TelegramEmulator
from storage.db.engine import create_engine
from storage.db.migrate import upgrade

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Options:
    """How a benchmark should run: how many repetitions, how long, where to put databases."""

    quick: bool
    workdir: Path

    @property
    def runs(self) -> int:
        return 3 if self.quick else 5


@dataclass
class Row:
    """One measured figure: every run's value, and the target its median is judged by."""

    metric: str
    unit: str
    values: list[float]
    target: str = ""  # as shown; judged by at_least, at_most or below
    at_least: float | None = None
    at_most: float | None = None
    below: float | None = None
    digits: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def verdict(self) -> str:
        """PASS, MISS with how far from the target, or — when there is no target."""
        value, ceiling = self.median, self.at_most if self.at_most is not None else self.below
        if self.at_least is not None and value < self.at_least:
            return f"MISS ({value / self.at_least:.0%} of the target)"
        if ceiling is not None and (value >= ceiling if self.at_most is None else value > ceiling):
            return f"MISS ({value / ceiling:.2f}× the limit)"
        return "—" if self.at_least is None and ceiling is None else "PASS"

    @property
    def missed(self) -> bool:
        return self.verdict.startswith("MISS")

    def show(self, value: float) -> str:
        return f"{value:,.{self.digits}f}"


@dataclass
class Result:
    """What one benchmark found: its rows, and notes (settings, findings, a profile)."""

    name: str
    what: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def missed(self) -> bool:
        return any(row.missed for row in self.rows)


def settings_for(database_url: str, emu: TelegramEmulator | None = None, **knobs: Any) -> Settings:
    """Return settings with no `.env`, the given database, and the emulator as Telegram."""
    values: dict[str, Any] = {
        "database_url": database_url, "config_dir": str(ROOT / "config"), "log_level": "WARNING",
    }  # fmt: skip
    if emu is not None:
        values |= {
            "telegram_bot_token": SecretStr(emu.token),
            "telegram_api_base_url": emu.base_url,
            "telegram_api_file_url": emu.base_file_url,
        }
    return Settings(_env_file=None, **(values | knobs))


async def migrated_database(workdir: Path, name: str) -> str:
    """Return the URL of a new SQLite file database with every migration applied."""
    path = workdir / f"{name}.db"
    _remove_database(path)
    url = f"sqlite+aiosqlite:///{path}"
    engine = create_engine(url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()
    return url


def postgres_server() -> str | None:
    """Return the PostgreSQL server to measure on, if any (`make bench` starts a throwaway)."""
    url = os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("TEST_DATABASE_URL") or ""
    return url if url.startswith("postgresql") else None


async def migrated_postgres(name: str) -> str:
    """Return the URL of a new database `name` on `postgres_server()`, migrated."""
    server = postgres_server()
    assert server is not None
    admin = create_async_engine(make_url(server), isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await admin.dispose()
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    engine = create_engine(url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()
    return url


def _remove_database(path: Path) -> None:
    for leftover in path.parent.glob(f"{path.name}*"):  # with its -wal and -shm files
        leftover.unlink()


async def until(condition: Callable[[], bool], *, within: float, what: str) -> None:
    """Return once `condition()` holds; poll every 5 ms; fail after `within` seconds."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up after {within:.0f}s waiting for {what}")
        await asyncio.sleep(0.005)


def max_in_window(times: Iterable[float], window: float = 1.0) -> int:
    """Return the most events that fall within any `window`-second span."""
    best, recent = 0, deque[float]()
    for moment in sorted(times):
        recent.append(moment)
        while recent[0] <= moment - window:
            recent.popleft()
        best = max(best, len(recent))
    return best


def percentile(values: list[float], share: float) -> float:
    """Return the `share` (0-1) percentile of `values`, by the nearest-rank method."""
    ordered = sorted(values)
    rank = min(len(ordered), max(1, math.ceil(share * len(ordered))))
    return ordered[rank - 1]


def count_statements(engine: AsyncEngine) -> Callable[[], int]:
    """Start counting the SQL statements `engine` runs; return a function that reads the count."""
    seen = [0]

    def executed(*_args: Any) -> None:
        seen[0] += 1

    event.listen(engine.sync_engine, "before_cursor_execute", executed)
    return lambda: seen[0]


def free_port() -> int:
    """Return a loopback port nobody listens on now, for a server a benchmark starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
