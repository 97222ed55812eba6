"""What the query modules share to build statements: the dialect's insert, bound values."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import BindParameter, bindparam
from sqlalchemy.dialects.postgresql import Insert as PostgresInsert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import Insert as SQLiteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert


def dialect_insert(dialect: str) -> Callable[[Any], PostgresInsert | SQLiteInsert]:
    """Return the dialect's insert(): both offer ON CONFLICT, plain SQL's does not."""
    return pg_insert if dialect == "postgresql" else sqlite_insert


def bound(fields: Iterable[str]) -> dict[str, BindParameter[Any]]:
    """Return values for an insert built once: each field bound to a parameter of its name."""
    return {name: bindparam(name) for name in fields}
