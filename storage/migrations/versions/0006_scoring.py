"""scoring tables, unit assessments, their history and the proposals for commendation

Revision ID: 0006_scoring
Revises: 0005
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.sql.schema import SchemaItem

revision: str = "0006_scoring"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Text = sqlmodel.sql.sqltypes.AutoString
When = sqlmodel.sql.sqltypes.UTCDateTime


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), nullable=False)


def _ref(name: str, target: str, *, nullable: bool = False) -> list[SchemaItem]:
    return [
        sa.Column(name, sa.Integer(), nullable=nullable),
        sa.ForeignKeyConstraint([name], [f"{target}.id"]),
    ]


def upgrade() -> None:
    op.create_table(
        "scoringtable",
        _id(),
        *_ref("cluster_id", "cluster"),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", Text(length=300), nullable=False),
        sa.Column("bonus_cap", sa.Integer(), nullable=False),
        sa.Column("deduction_cap", sa.Integer(), nullable=False),
        sa.Column("published_at", When(), nullable=True),
        *_ref("published_by", "member", nullable=True),
        sa.Column("updated_at", When(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cluster_id", "year"),
    )
    op.create_table(
        "scoringgroup",
        _id(),
        *_ref("table_id", "scoringtable"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", Text(length=16), nullable=False),
        sa.Column("name", Text(length=300), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("table_id", "code"),
    )
    op.create_table(
        "scoringcriterion",
        _id(),
        *_ref("table_id", "scoringtable"),
        *_ref("group_id", "scoringgroup"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", Text(length=16), nullable=False),
        sa.Column("text", Text(length=1000), nullable=False),
        sa.Column("kind", Text(length=16), nullable=False),
        sa.Column("max_points", sa.Integer(), nullable=False),
        sa.Column("per_item", sa.Integer(), nullable=False),
        sa.Column("formula", Text(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("table_id", "code"),
    )
    op.create_index("ix_scoringcriterion_group_id", "scoringcriterion", ["group_id"])
    op.create_table(
        "unitassessment",
        _id(),
        *_ref("table_id", "scoringtable"),
        *_ref("unit_id", "unit"),
        sa.Column("status", Text(length=16), nullable=False),
        sa.Column("submitted_at", When(), nullable=True),
        *_ref("submitted_by", "member", nullable=True),
        sa.Column("reviewed_at", When(), nullable=True),
        sa.Column("explanation", Text(length=4000), nullable=False),
        sa.Column("explained_at", When(), nullable=True),
        sa.Column("settled_at", When(), nullable=True),
        sa.Column("updated_at", When(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("table_id", "unit_id"),
    )
    op.create_index("ix_unitassessment_unit_id", "unitassessment", ["unit_id"])
    op.create_table(
        "assessmentscore",
        _id(),
        *_ref("assessment_id", "unitassessment"),
        *_ref("criterion_id", "scoringcriterion"),
        sa.Column("self_score", sa.Integer(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("evidence_note", Text(length=2000), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("final_score", sa.Integer(), nullable=True),
        sa.Column("reason", Text(length=1000), nullable=False),
        sa.Column("updated_at", When(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("assessment_id", "criterion_id"),
    )
    op.create_index("ix_assessmentscore_criterion_id", "assessmentscore", ["criterion_id"])
    op.create_table(
        "scoreevent",
        _id(),
        *_ref("table_id", "scoringtable"),
        *_ref("assessment_id", "unitassessment", nullable=True),
        sa.Column("criterion_code", Text(length=16), nullable=True),
        *_ref("actor_id", "member", nullable=True),
        sa.Column("action", Text(length=24), nullable=False),
        sa.Column("old_value", Text(length=200), nullable=True),
        sa.Column("new_value", Text(length=200), nullable=True),
        sa.Column("reason", Text(length=1000), nullable=False),
        sa.Column("at", When(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_scoreevent_table_id", "scoreevent", ["table_id"])
    op.create_index("ix_scoreevent_assessment_id", "scoreevent", ["assessment_id"])
    op.create_table(
        "scoringproposal",
        _id(),
        *_ref("table_id", "scoringtable"),
        sa.Column("award", Text(length=16), nullable=False),
        *_ref("unit_id", "unit"),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("status", Text(length=16), nullable=False),
        sa.Column("reason", Text(length=1000), nullable=False),
        *_ref("decided_by", "member", nullable=True),
        sa.Column("decided_at", When(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("table_id", "award", "unit_id"),
    )


def downgrade() -> None:
    op.drop_table("scoringproposal")
    op.drop_index("ix_scoreevent_assessment_id", table_name="scoreevent")
    op.drop_index("ix_scoreevent_table_id", table_name="scoreevent")
    op.drop_table("scoreevent")
    op.drop_index("ix_assessmentscore_criterion_id", table_name="assessmentscore")
    op.drop_table("assessmentscore")
    op.drop_index("ix_unitassessment_unit_id", table_name="unitassessment")
    op.drop_table("unitassessment")
    op.drop_index("ix_scoringcriterion_group_id", table_name="scoringcriterion")
    op.drop_table("scoringcriterion")
    op.drop_table("scoringgroup")
    op.drop_table("scoringtable")
