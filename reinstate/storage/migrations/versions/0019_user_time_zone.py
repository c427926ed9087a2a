"""Time zones: each member's (an IANA name such as Asia/Shanghai) and the organisation's
default for members who chose none; empty means UTC.

Revision ID: 0019
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("time_zone", sa.String(length=64), nullable=True))
    with op.batch_alter_table("organisations") as batch:
        batch.add_column(sa.Column("time_zone", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("organisations") as batch:
        batch.drop_column("time_zone")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("time_zone")
