"""Every table module, imported in one place so SQLModel's metadata (and Alembic) sees them all."""

from __future__ import annotations

# Feature modules register their tables here, one import each.
from storage import activity_models, models, pledge_models, reminder_models  # noqa: F401
