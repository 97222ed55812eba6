"""bank transactions matched to pledges, the amount paid, events by the bank

Revision ID: 0007_payments
Revises: 0006_scoring
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007_payments"
down_revision: str | None = "0006_scoring"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "banktransaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("booked_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=True),
        sa.Column("pledge_id", sa.Integer(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("imported_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["cluster_id"], ["cluster.id"]),
        sa.ForeignKeyConstraint(["imported_by"], ["member.id"]),
        sa.ForeignKeyConstraint(["pledge_id"], ["pledge.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )
    op.create_index(op.f("ix_banktransaction_cluster_id"), "banktransaction", ["cluster_id"])
    op.create_index(op.f("ix_banktransaction_pledge_id"), "banktransaction", ["pledge_id"])
    with op.batch_alter_table("pledge") as batch:
        batch.add_column(sa.Column("paid_amount", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("pledgeevent") as batch:
        batch.alter_column("actor_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("bank_transaction_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_pledgeevent_bank_transaction_id", "banktransaction", ["bank_transaction_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("pledgeevent") as batch:
        batch.drop_constraint("fk_pledgeevent_bank_transaction_id", type_="foreignkey")
        batch.drop_column("bank_transaction_id")
        batch.alter_column("actor_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("pledge") as batch:
        batch.drop_column("paid_amount")
    op.drop_index(op.f("ix_banktransaction_pledge_id"), table_name="banktransaction")
    op.drop_index(op.f("ix_banktransaction_cluster_id"), table_name="banktransaction")
    op.drop_table("banktransaction")
