"""One notice per file per account, held by the database: a unique index on (account, the
file's SHA-256), so two uploads of the same .eml at the same moment store it once.

Before this revision the refusal was only a read before the insert, so two simultaneous uploads
(or uploads before the refusal existed) could store a file twice. Those copies are kept as they
are (a case may point at either): the new column ``unique_sha256`` is the file's SHA-256 on the
first notice of each (account, file) and NULL on the later copies, and the index is on it (NULLs
never collide, on SQLite and PostgreSQL alike).

Revision ID: 0020
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

INDEX = "uq_notices_account_sha256"

notices = sa.table(
    "notices",
    sa.column("id", sa.Integer()),
    sa.column("account_id", sa.Integer()),
    sa.column("sha256", sa.String()),
    sa.column("unique_sha256", sa.String()),
)


# Plain ADD and DROP COLUMN (SQLite 3.35+ does both in place): a batch copy of notices would
# drop a table that cases and verifications point at, which SQLite's foreign keys refuse.
def upgrade() -> None:
    op.add_column("notices", sa.Column("unique_sha256", sa.String(length=64), nullable=True))
    earlier = notices.alias("earlier")
    first = ~sa.exists().where(
        earlier.c.account_id == notices.c.account_id,
        earlier.c.sha256 == notices.c.sha256,
        earlier.c.id < notices.c.id,
    )
    op.get_bind().execute(notices.update().where(first).values(unique_sha256=notices.c.sha256))
    op.create_index(INDEX, "notices", ["account_id", "unique_sha256"], unique=True)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="notices")
    op.drop_column("notices", "unique_sha256")
