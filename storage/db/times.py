"""Times as every table stores them: aware datetimes in UTC."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Return the current time in UTC, the form every table stores."""
    return datetime.now(UTC)
