"""The migrations build exactly the tables the models describe, and can go down and up again."""

from __future__ import annotations

from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import storage.tables  # noqa: F401  (every table on the metadata)
from storage.db.engine import create_engine
from storage.db.migrate import alembic_config, upgrade


@pytest.fixture
async def database_url(empty_database_url: str) -> str:
    """Migrate from nothing here, not copy the suite's template: this is the test of it."""
    engine = create_engine(empty_database_url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()
    return empty_database_url


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, SQLModel.metadata))


async def test_models_and_migrations_agree(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(_differences) == []
    finally:
        await engine.dispose()


async def test_downgrade_to_nothing_and_up_again(database_url: str) -> None:
    engine = create_engine(database_url)

    def _down(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "base")

    try:
        async with engine.begin() as connection:
            await connection.run_sync(_down)
        await upgrade(engine)
        async with engine.connect() as connection:
            assert await connection.run_sync(_differences) == []
    finally:
        await engine.dispose()
