"""Dates a person types for documents without a text layer (image-only scans).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("valid_until", sa.Date(), nullable=True))
    op.add_column("documents", sa.Column("issued_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch_op:
        batch_op.drop_column("issued_on")
        batch_op.drop_column("valid_until")
