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
    op.add_column("cases", sa.Column("triage", sa.JSON(), nullable=True))
    op.add_column("cases", sa.Column("letter_type", sa.String(length=20), nullable=True))
    op.add_column("penalties", sa.Column("effective_on", sa.Date(), nullable=True))


def downgrade() -> None:
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch copy of ``cases`` would drop the
    # table that reminders, documents and letters point at
    op.drop_column("penalties", "effective_on")
    op.drop_column("cases", "letter_type")
    op.drop_column("cases", "triage")
