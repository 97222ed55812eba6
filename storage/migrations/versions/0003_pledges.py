"""pledges, unit collections, pledge events, member salaries

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AutoString = sqlmodel.sql.sqltypes.AutoString
UTCDateTime = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "pledge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_year", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("status", AutoString(length=16), nullable=False),
        sa.Column("receipt_ref", AutoString(length=500), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campaign_year", "member_id"),
    )
    op.create_index(
        "ix_pledge_campaign_unit_status", "pledge", ["campaign_year", "unit_id", "status"]
    )
    op.create_table(
        "unitcollection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_year", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("contributors", sa.Integer(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["recorded_by"], ["member.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campaign_year", "unit_id"),
    )
    op.create_index("ix_unitcollection_unit_id", "unitcollection", ["unit_id"])
    op.create_table(
        "pledgeevent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.Integer(), nullable=True),
        sa.Column("collection_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("action", AutoString(length=16), nullable=False),
        sa.Column("old_amount", sa.BigInteger(), nullable=True),
        sa.Column("new_amount", sa.BigInteger(), nullable=True),
        sa.Column("old_status", AutoString(length=16), nullable=True),
        sa.Column("new_status", AutoString(length=16), nullable=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["member.id"]),
        sa.ForeignKeyConstraint(["collection_id"], ["unitcollection.id"]),
        sa.ForeignKeyConstraint(["pledge_id"], ["pledge.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_pledgeevent_pledge_id", "pledgeevent", ["pledge_id"])
    op.create_index("ix_pledgeevent_collection_id", "pledgeevent", ["collection_id"])
    op.create_table(
        "membersalary",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("monthly", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"]),
        sa.PrimaryKeyConstraint("member_id"),
    )


def downgrade() -> None:
    op.drop_table("membersalary")
    op.drop_index("ix_pledgeevent_collection_id", table_name="pledgeevent")
    op.drop_index("ix_pledgeevent_pledge_id", table_name="pledgeevent")
    op.drop_table("pledgeevent")
    op.drop_index("ix_unitcollection_unit_id", table_name="unitcollection")
    op.drop_table("unitcollection")
    op.drop_index("ix_pledge_campaign_unit_status", table_name="pledge")
    op.drop_table("pledge")
