"""Apply the Alembic migrations, at start and from `python -m bot migrate`."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db.advisory import MIGRATE_KEY

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


def alembic_config() -> Config:
    """Return an Alembic config pointing at the project's migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


async def upgrade(engine: AsyncEngine) -> None:
    """Bring the database schema to the newest revision."""

    def _upgrade(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Several processes start at once: one migrates, the others wait here, then find
            # the schema at head (the lock goes with the transaction).
            await connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATE_KEY}
            )
        await connection.run_sync(_upgrade)
