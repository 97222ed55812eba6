"""Every table module, imported in one place so SQLModel's metadata (and Alembic) sees them all."""

from __future__ import annotations

import storage.models  # noqa: F401

# Feature modules register their tables here, one import each.
