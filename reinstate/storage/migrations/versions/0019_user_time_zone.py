"""Time zones: each member's (an IANA name such as Asia/Shanghai) and the organisation's
default for members who chose none; empty means UTC.

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


# Plain ADD and DROP COLUMN (SQLite 3.35+ does both in place): a batch copy of organisations or
# users would drop a table other tables point at, which SQLite's foreign keys refuse.
def upgrade() -> None:
    op.add_column("users", sa.Column("time_zone", sa.String(length=64), nullable=True))
    op.add_column("organisations", sa.Column("time_zone", sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.drop_column("organisations", "time_zone")
    op.drop_column("users", "time_zone")
