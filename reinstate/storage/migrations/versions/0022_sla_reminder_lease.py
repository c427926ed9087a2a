"""SLA reminders claimed under a lease, like the other reminders: a run killed while sending
leaves a claim that a later run takes over once the lease has passed, instead of a reminder
marked sent that never went out.

Revision ID: 0022
Revises: 0021
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("engagements", sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("engagements", "claimed_at")
