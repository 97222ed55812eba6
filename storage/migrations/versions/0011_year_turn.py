"""the turn of the year: its plan and state, and each step done

Revision ID: 0011_year_turn
Revises: 0010_short_names
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011_year_turn"
down_revision: str | None = "0010_short_names"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "yearturn",
        sa.Column("closed_year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("opened_year", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("finished_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("closed_year"),
    )
    op.create_table(
        "yearturnstep",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("closed_year", sa.Integer(), nullable=False),
        sa.Column("step", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("detail", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("done_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["closed_year"], ["yearturn.closed_year"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("closed_year", "step"),
    )


def downgrade() -> None:
    op.drop_table("yearturnstep")
    op.drop_table("yearturn")
