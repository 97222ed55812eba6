"""short names of clusters and units, for charts and narrow columns

Revision ID: 0010_short_names
Revises: 0009_inbox_pending_index
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010_short_names"
down_revision: str | None = "0009_inbox_pending_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: a name without a short form is shown as it is, shortened only where it must be.
    for table in ("cluster", "unit"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("short_name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True)
            )


def downgrade() -> None:
    for table in ("unit", "cluster"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("short_name")
