"""Every table module, imported in one place so SQLModel's metadata (and Alembic) sees them all."""

from __future__ import annotations

# Feature modules register their tables here, one import each.
from storage import (  # noqa: F401
    activity_models,
    inbox_models,
    models,
    payment_models,
    pledge_models,
    reminder_models,
    scoring_models,
)
