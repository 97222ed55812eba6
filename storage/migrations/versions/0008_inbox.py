"""the inbox: updates stored before they are acknowledged, handled from there

Revision ID: 0008_inbox
Revises: 0007_payments
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008_inbox"
down_revision: str | None = "0007_payments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inboxupdate",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("chat_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("claimed_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("replies", sa.Text(), nullable=True),
        sa.Column("received_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_index(op.f("ix_inboxupdate_state"), "inboxupdate", ["state"])
    op.create_index("ix_inboxupdate_chat", "inboxupdate", ["channel", "chat_id", "state", "id"])


def downgrade() -> None:
    op.drop_index("ix_inboxupdate_chat", table_name="inboxupdate")
    op.drop_index(op.f("ix_inboxupdate_state"), table_name="inboxupdate")
    op.drop_table("inboxupdate")
