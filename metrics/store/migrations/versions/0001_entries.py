"""The entry table: every figure and action update, with who, when and why.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entry",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("value", sa.Float, nullable=True),
        sa.Column("n", sa.Float, nullable=True),
        sa.Column("source", sa.Text, nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("status", sa.String(16), nullable=True),
        sa.Column("narrative", sa.Text, nullable=True),
        sa.Column("public_narrative", sa.Text, nullable=True),
        sa.Column("illustrative", sa.Boolean, nullable=True),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("supersedes", sa.Integer, sa.ForeignKey("entry.id", name="fk_entry_supersedes"), nullable=True),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("recorded_by", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
    )
    op.create_index("ix_entry_subject", "entry", ["kind", "subject", "date"])
    op.create_index("ix_entry_recorded_at", "entry", ["recorded_at"])
    op.create_index("ux_entry_supersedes", "entry", ["supersedes"], unique=True)


def downgrade() -> None:
    op.drop_table("entry")
