"""Video verifications and their readiness checks (issue 17).

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = True) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "verifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("seller_accounts.id"), nullable=False),
        sa.Column("notice_id", sa.Integer(), sa.ForeignKey("notices.id"), nullable=True),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        _when("invited_at", nullable=False),
        _when("book_from"),
        _when("book_until"),
        _when("slot_at"),
        _when("completed_at"),
        _when("result_due_at"),
        sa.Column("no_shows", sa.Integer(), nullable=False),
        sa.Column("drops", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
        _when("created_at", nullable=False),
        _when("updated_at", nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_verifications_org_id", "verifications", ["org_id"])
    op.create_index("ix_verifications_account_id", "verifications", ["account_id"])
    op.create_table(
        "verification_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("seller_accounts.id"), nullable=False),
        sa.Column(
            "verification_id", sa.Integer(), sa.ForeignKey("verifications.id"), nullable=False
        ),
        sa.Column("item", sa.String(length=40), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_by_user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("done_by", sa.String(length=254), nullable=False),
        _when("done_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("verification_id", "item"),
    )
    op.create_index(
        "ix_verification_checks_verification_id", "verification_checks", ["verification_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_verification_checks_verification_id", table_name="verification_checks")
    op.drop_table("verification_checks")
    op.drop_index("ix_verifications_account_id", table_name="verifications")
    op.drop_index("ix_verifications_org_id", table_name="verifications")
    op.drop_table("verifications")
