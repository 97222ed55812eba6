"""the covenant: its text, each unit's signature, and the cluster's launch plan as announced

Revision ID: 0014_covenant
Revises: 0013_province_decisions
Create Date: 2027-01-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0014_covenant"
down_revision: str | None = "0013_province_decisions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "covenant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("file_content", sa.LargeBinary(), nullable=True),
        sa.Column("started_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("opened_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["cluster_id"], ["cluster.id"]),
        sa.ForeignKeyConstraint(["started_by"], ["member.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cluster_id", "year"),
    )
    op.create_table(
        "covenantsignature",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("covenant_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("signer_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("signer", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("signed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["covenant_id"], ["covenant.id"]),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("covenant_id", "unit_id"),
    )
    op.create_index(
        op.f("ix_covenantsignature_covenant_id"), "covenantsignature", ["covenant_id"]
    )
    op.create_table(
        "launchplan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("announced_by", sa.Integer(), nullable=False),
        sa.Column("announced_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["announced_by"], ["member.id"]),
        sa.ForeignKeyConstraint(["cluster_id"], ["cluster.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cluster_id", "year"),
    )


def downgrade() -> None:
    op.drop_table("launchplan")
    op.drop_index(op.f("ix_covenantsignature_covenant_id"), table_name="covenantsignature")
    op.drop_table("covenantsignature")
    op.drop_table("covenant")
