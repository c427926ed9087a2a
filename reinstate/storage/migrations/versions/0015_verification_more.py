"""Video verification, the rest (issue 17): reminders of a verification (a reminder belongs to a
case or to a verification), the data drill's fix-the-profile tasks, and the account change log
the trigger monitor reads.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = True) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _owned() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("seller_accounts.id"), nullable=False),
    ]


def upgrade() -> None:
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.alter_column("case_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("verification_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_reminders_verification_id", "verifications", ["verification_id"], ["id"]
        )
        batch_op.create_index("ix_reminders_verification_id", ["verification_id"])
    op.create_table(
        "verification_tasks",
        *_owned(),
        sa.Column(
            "verification_id", sa.Integer(), sa.ForeignKey("verifications.id"), nullable=False
        ),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("found", sa.String(length=500), nullable=False),
        _when("created_at", nullable=False),
        _when("due_at", nullable=False),
        _when("done_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("verification_id", "field", "source"),
    )
    op.create_index(
        "ix_verification_tasks_verification_id", "verification_tasks", ["verification_id"]
    )
    op.create_table(
        "account_changes",
        *_owned(),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.String(length=500), nullable=False),
        _when("occurred_at", nullable=False),
        sa.Column("recorded_by", sa.String(length=254), nullable=False),
        _when("created_at", nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_account_changes_account_id", "account_changes", ["account_id"])


def downgrade() -> None:
    op.drop_index("ix_account_changes_account_id", table_name="account_changes")
    op.drop_table("account_changes")
    op.drop_index("ix_verification_tasks_verification_id", table_name="verification_tasks")
    op.drop_table("verification_tasks")
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.drop_index("ix_reminders_verification_id")
        batch_op.drop_constraint("fk_reminders_verification_id", type_="foreignkey")
        batch_op.drop_column("verification_id")
        batch_op.alter_column("case_id", existing_type=sa.Integer(), nullable=False)
