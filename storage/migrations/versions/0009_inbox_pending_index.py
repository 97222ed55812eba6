"""the inbox's index led by the state: unsettled updates found without reading settled ones

Revision ID: 0009_inbox_pending_index
Revises: 0008_inbox
Create Date: 2026-11-30
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009_inbox_pending_index"
down_revision: str | None = "0008_inbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Led by the channel, the old index made leasing read every update a channel ever stored;
    # led by the state, it reads only the unsettled ones, and serves the state alone too.
    op.drop_index("ix_inboxupdate_chat", table_name="inboxupdate")
    op.drop_index(op.f("ix_inboxupdate_state"), table_name="inboxupdate")
    op.create_index(
        "ix_inboxupdate_pending", "inboxupdate", ["state", "channel", "chat_id", "id"]
    )


def downgrade() -> None:
    op.drop_index("ix_inboxupdate_pending", table_name="inboxupdate")
    op.create_index(op.f("ix_inboxupdate_state"), "inboxupdate", ["state"])
    op.create_index("ix_inboxupdate_chat", "inboxupdate", ["channel", "chat_id", "state", "id"])
