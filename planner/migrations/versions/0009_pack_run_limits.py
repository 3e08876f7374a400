"""one bulk pack run under way per meeting; runs whose files were deleted

Revision ID: a11_input
Revises: a11_access
Create Date: 2026-12-04 16:00:00

"""

import sqlalchemy as sa
from alembic import op

import planner.db

# revision identifiers, used by Alembic.
revision = "a11_input"
down_revision = "a11_access"
branch_labels = None
depends_on = None

ACTIVE = sa.text("state IN ('queued', 'running', 'assembling')")


def upgrade():
    with op.batch_alter_table("pack_jobs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("expired_at", planner.db.UTCDateTime(timezone=True), nullable=True)
        )
    # A database may hold several runs under way for one meeting from before: all but the
    # latest are failed, as nothing will finish them once the index stands.
    op.execute(
        """
        UPDATE pack_jobs SET state = 'failed', error = 'superseded by a later run'
        WHERE state IN ('queued', 'running', 'assembling')
          AND created_at < (
            SELECT MAX(later.created_at) FROM pack_jobs AS later
            WHERE later.event_id = pack_jobs.event_id
              AND later.state IN ('queued', 'running', 'assembling'))
        """
    )
    op.create_index(
        "uq_pack_jobs_active_event_id",
        "pack_jobs",
        ["event_id"],
        unique=True,
        sqlite_where=ACTIVE,
        postgresql_where=ACTIVE,
    )


def downgrade():
    op.drop_index("uq_pack_jobs_active_event_id", table_name="pack_jobs")
    with op.batch_alter_table("pack_jobs", schema=None) as batch_op:
        batch_op.drop_column("expired_at")
