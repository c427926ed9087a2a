"""Attempts: failed sign-ins and other guarded tries, counted across workers for throttling.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=254), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_attempts_kind_key_at", "attempts", ["kind", "key", "at"])


def downgrade() -> None:
    op.drop_index("ix_attempts_kind_key_at", table_name="attempts")
    op.drop_table("attempts")
