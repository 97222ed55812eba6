"""Shared fixtures: a migrated database (SQLite, or PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.config import Settings
from bot.core.pipeline import Core
from bot.i18n import Catalogs
from handlers import build_registry
from storage.db.engine import SessionFactory, create_engine, create_session_factory
from storage.db.migrate import upgrade

PG_URL = os.environ.get("TEST_DATABASE_URL")


def pytest_report_header() -> str:
    return f"database lane: {'PostgreSQL' if PG_URL else 'SQLite'}"


@pytest.fixture
async def database_url(tmp_path: Path) -> AsyncIterator[str]:
    """Return the URL of an empty database with every migration applied."""
    url = PG_URL or f"sqlite+aiosqlite:///{tmp_path}/test.db"
    engine = create_engine(url)
    if PG_URL:
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
    await upgrade(engine)
    await engine.dispose()
    yield url


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Return settings for tests: no .env, no channel unless a test adds one."""
    # Tests type faster than people: no pace per chat unless a test turns it on (the flood
    # and broadcast tests do, with the emulator enforcing Telegram's limits).
    return Settings(_env_file=None, database_url=database_url, outbox_chat_interval_seconds=0)


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
