"""The kind of notice a case answers (suspension, claim, metric alert ...): the platform's
attempt limit governs only some kinds (an Amazon deactivation's appeals, not an A-to-z claim's).
Cases opened from a notice take its kind; cases opened by hand have none.

Revision ID: 0023
Revises: 0022
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

_KINDS = ("suspension", "warning", "verification_invitation", "claim", "metric_alert")


def upgrade() -> None:
    op.add_column("cases", sa.Column("kind", sa.String(30), nullable=True))
    cases = sa.table("cases", sa.column("id"), sa.column("notice_id"), sa.column("kind"))
    notices = sa.table("notices", sa.column("id"), sa.column("report", sa.JSON))
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(cases.c.id, notices.c.report).join(notices, notices.c.id == cases.c.notice_id)
    ).all()
    for case_id, report in rows:
        # a report stored before kinds existed offered a case as a suspension's (notices.kinds)
        kind = (report or {}).get("kind", "suspension")
        if kind in _KINDS:
            connection.execute(sa.update(cases).where(cases.c.id == case_id).values(kind=kind))


def downgrade() -> None:
    op.drop_column("cases", "kind")
