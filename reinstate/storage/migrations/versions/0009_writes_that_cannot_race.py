"""Writes that cannot race: a version on cases for compare-and-set transitions, and one shown
document per (case, SHA-256) held by a unique index.

Concurrent uploads before this revision could leave a file on a case more than once. The first
of each set is kept; the later copies are hidden (``deleted_at``, as removing a document does,
so no file or row is lost) and each hiding is written to the activity log.

Revision ID: 0009
Revises: 0008
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from reinstate.storage.tables import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

LIVE = sa.text("deleted_at IS NULL")
ACTOR = "reinstate db upgrade"

documents = sa.table(
    "documents",
    sa.column("id", sa.Integer()),
    sa.column("org_id", sa.Integer()),
    sa.column("case_id", sa.Integer()),
    sa.column("sha256", sa.String()),
    sa.column("filename", sa.String()),
    sa.column("deleted_at", UTCDateTime()),
)
cases = sa.table("cases", sa.column("id", sa.Integer()), sa.column("account_id", sa.Integer()))
events = sa.table(
    "events",
    sa.column("org_id", sa.Integer()),
    sa.column("account_id", sa.Integer()),
    sa.column("case_id", sa.Integer()),
    sa.column("actor", sa.String()),
    sa.column("via", sa.String()),
    sa.column("name", sa.String()),
    sa.column("subject", sa.Text()),
    sa.column("before", sa.JSON()),
    sa.column("created_at", UTCDateTime()),
)


def _hide_duplicate_documents() -> None:
    """Keep the first shown document of each (case, SHA-256); hide the others, with an event."""
    first = documents.alias("first")
    later = (
        sa.select(documents.c.id, documents.c.org_id, documents.c.case_id, documents.c.filename)
        .add_columns(first.c.id.label("first_id"), cases.c.account_id)
        .join(
            first,
            sa.and_(
                first.c.case_id == documents.c.case_id,
                first.c.sha256 == documents.c.sha256,
                first.c.deleted_at.is_(None),
                first.c.id < documents.c.id,
            ),
        )
        .join(cases, cases.c.id == documents.c.case_id)
        .where(documents.c.deleted_at.is_(None))
        .order_by(documents.c.id, first.c.id)
    )
    connection = op.get_bind()
    now = datetime.now(UTC)
    hidden: dict[int, sa.Row[tuple[int, int, int, str, int, int]]] = {}
    for row in connection.execute(later):
        hidden.setdefault(row.id, row)  # with the first of its set: the smallest id
    for row in hidden.values():
        connection.execute(
            documents.update().where(documents.c.id == row.id).values(deleted_at=now)
        )
        connection.execute(
            events.insert().values(
                org_id=row.org_id,
                account_id=row.account_id,
                case_id=row.case_id,
                actor=ACTOR,
                via="cli",
                name="evidence.removed",
                subject=row.filename,
                before={"file": row.filename, "duplicate_of": row.first_id},
                created_at=now,
            )
        )


def upgrade() -> None:
    op.add_column("cases", sa.Column("version", sa.Integer(), nullable=False, server_default="0"))
    _hide_duplicate_documents()
    op.create_index(
        "uq_documents_case_sha256_live",
        "documents",
        ["case_id", "sha256"],
        unique=True,
        sqlite_where=LIVE,
        postgresql_where=LIVE,
    )


def downgrade() -> None:
    op.drop_index("uq_documents_case_sha256_live", table_name="documents")
    op.drop_column("cases", "version")  # SQLite 3.35+ drops a column in place
