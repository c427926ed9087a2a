"""Cases and reminders; reminder settings and notification addresses; case_id on events.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=True),
        sa.Column("violations", sa.JSON(), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("client_visible", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resubmit_not_before", sa.DateTime(timezone=True), nullable=True),
        sa.Column("review_due", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts_used", sa.Integer(), nullable=False),
        sa.Column("answering_request", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["seller_accounts.id"],
        ),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["notice_id"],
            ["notices.id"],
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cases_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_org_id"), ["org_id"], unique=False)

    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("hours_before", sa.Integer(), nullable=False),
        sa.Column("fire_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reminders_case_id"), ["case_id"], unique=False)
        batch_op.create_index("ix_reminders_due", ["sent_at", "fire_at"], unique=False)

    # Plain ALTER TABLE: a batch operation would rebuild the events table on SQLite and drop
    # the triggers that keep it append-only.
    op.add_column("events", sa.Column("case_id", sa.Integer(), nullable=True))
    op.create_index("ix_events_case_id", "events", ["case_id"], unique=False)
    op.add_column(
        "organisations",
        sa.Column(
            "reminder_hours", sa.JSON(), nullable=False, server_default=sa.text("'[72, 24, 6]'")
        ),
    )
    op.add_column(
        "organisations",
        sa.Column("notify_urls", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    )
    op.add_column(
        "users", sa.Column("notify_urls", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
    )
    op.add_column("users", sa.Column("calendar_hash", sa.String(length=64), nullable=True))
    op.create_index("ix_users_calendar_hash", "users", ["calendar_hash"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_users_calendar_hash", table_name="users")
    for table, column in (
        ("users", "calendar_hash"),
        ("users", "notify_urls"),
        ("organisations", "notify_urls"),
        ("organisations", "reminder_hours"),
    ):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column(column)
    op.drop_index("ix_events_case_id", table_name="events")
    op.drop_table("reminders")
    op.drop_table("cases")
