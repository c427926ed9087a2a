"""Indexes in the orders of the case list and the account list within an organisation, so
a page of either is read from its index instead of sorting every row (issue 21).

Revision ID: 0021
Revises: 0020
"""

from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_cases_org_due", "cases", ["org_id", "due_at", "id"])
    op.create_index(
        "ix_seller_accounts_org_order",
        "seller_accounts",
        ["org_id", "platform", "store_name", "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_seller_accounts_org_order", table_name="seller_accounts")
    op.drop_index("ix_cases_org_due", table_name="cases")
