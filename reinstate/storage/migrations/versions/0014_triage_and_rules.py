"""Triage as data and the rules that follow it: a case records its triage answers and the type
of letter that answers it; a penalty records the day it takes effect (a Taobao freeze counts
from then, not from the day it was recorded).

Revision ID: 0014
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("triage", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("letter_type", sa.String(length=20), nullable=True))
    with op.batch_alter_table("penalties") as batch:
        batch.add_column(sa.Column("effective_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("penalties") as batch:
        batch.drop_column("effective_on")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("letter_type")
        batch.drop_column("triage")
