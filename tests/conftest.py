"""Shared fixtures: a migrated database (SQLite, or PostgreSQL when TEST_DATABASE_URL is set).

The migrations run once per test session (per xdist worker) into a template; each test gets a
copy of it: a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL. Migrating a
database for every test cost more than most tests themselves.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from bot.config import Settings
from bot.core.pipeline import Core
from bot.i18n import Catalogs
from handlers import build_registry
from storage.db.engine import SessionFactory, create_engine, create_session_factory
from storage.db.migrate import upgrade

PG_URL = os.environ.get("TEST_DATABASE_URL")
# "gw0", "gw1" … under pytest-xdist; the databases of two workers must not share a name.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
_numbers = itertools.count(1)


def pytest_report_header() -> str:
    if PG_URL:
        return "database lane: PostgreSQL (only the tests that use the lane's database)"
    return "database lane: SQLite"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Put the slow tests first; on the PostgreSQL lane, leave out those that use no database.

    Slow first: the xdist workers start the half-minute tests early and end on short ones
    together, instead of one worker finishing a long test alone. The tests that never touch
    the lane's database ran on the SQLite lane already and would run the same on PostgreSQL
    (the domain, the emulators, the catalogs, the SQLite-only process tests): two thirds.
    """
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)  # stable: same order
    if not PG_URL:
        return
    uses = {"database_url", "empty_database_url"}
    kept: list[pytest.Item] = []
    left: list[pytest.Item] = []
    for item in items:
        (kept if uses & set(getattr(item, "fixturenames", ())) else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


def database_named(name: str) -> str:
    """Return the URL of database `name` on the lane's PostgreSQL server."""
    assert PG_URL is not None
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


async def server_statement(statement: str) -> None:
    """Run one statement outside a transaction (CREATE/DROP DATABASE) on the lane's server."""
    assert PG_URL is not None
    engine = create_async_engine(PG_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


async def migrate(url: str) -> None:
    """Apply every migration to the (empty) database at `url`."""
    engine = create_engine(url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Migrate a database once per session; return its file (SQLite) or its name (PostgreSQL).

    Synchronous on purpose: a session-scoped async fixture would need a session-wide event
    loop, and the tests each have their own.
    """
    if PG_URL:
        name = f"template_{WORKER}"
        asyncio.run(server_statement(f"DROP DATABASE IF EXISTS {name}"))
        asyncio.run(server_statement(f"CREATE DATABASE {name} TEMPLATE template0"))
        asyncio.run(migrate(database_named(name)))
        yield name
        asyncio.run(server_statement(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        return
    path = tmp_path_factory.mktemp("template") / "template.db"
    # Closing the last connection checkpoints the WAL: the one file holds everything.
    asyncio.run(migrate(f"sqlite+aiosqlite:///{path}"))
    yield str(path)


@pytest.fixture
async def empty_database_url(tmp_path: Path) -> AsyncIterator[str]:
    """Return the URL of a database of the test's own with nothing in it, not even migrations."""
    if not PG_URL:
        yield f"sqlite+aiosqlite:///{tmp_path}/empty.db"
        return
    name = f"empty_{WORKER}_{next(_numbers)}"
    await server_statement(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    await server_statement(f"CREATE DATABASE {name} TEMPLATE template0")
    yield database_named(name)
    await server_statement(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
async def database_url(template_database: str, tmp_path: Path) -> AsyncIterator[str]:
    """Return the URL of a database of the test's own with every migration applied."""
    if not PG_URL:
        target = tmp_path / "test.db"
        shutil.copyfile(template_database, target)
        yield f"sqlite+aiosqlite:///{target}"
        return
    name = f"test_{WORKER}_{next(_numbers)}"
    await server_statement(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    await server_statement(f"CREATE DATABASE {name} TEMPLATE {template_database}")
    yield database_named(name)
    # FORCE: a process the test killed may still hold a connection the server has not seen go.
    await server_statement(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Return settings for tests: no .env, no channel unless a test adds one."""
    # Tests type faster than people: no pace per chat unless a test turns it on (the flood
    # and broadcast tests do, with the emulator enforcing Telegram's limits). Zalo publishes
    # no quota and the emulator holds none unless a test adds one (test_flood): its default
    # pace of 10 a second would only make a long conversation wait.
    return Settings(
        _env_file=None,
        database_url=database_url,
        outbox_chat_interval_seconds=0,
        zalo_max_rate=1000,
    )


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[SessionFactory]:
    """Return a session factory on the test database."""
    engine = create_engine(database_url)
    yield create_session_factory(engine)
    await engine.dispose()


@pytest.fixture(scope="session")
def catalogs() -> Catalogs:
    """Return the compiled translations."""
    return Catalogs()


@pytest.fixture
def core(sessions: SessionFactory, catalogs: Catalogs) -> Core:
    """Return the channel-neutral core with every handler, on the test database."""
    return Core(sessions=sessions, registry=build_registry(), catalogs=catalogs)
