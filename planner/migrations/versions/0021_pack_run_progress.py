"""when a bulk pack run last moved: a run under way that nothing moved for a while lost its
work (a worker killed, a queue restarted) and has it queued again

Revision ID: a21_pack_run_progress
Revises: a20_rendered_components
Create Date: 2026-12-06 02:20:00

"""

import sqlalchemy as sa
from alembic import op

import planner.db

revision = "a21_pack_run_progress"
down_revision = "a20_rendered_components"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("pack_jobs") as batch:
        batch.add_column(
            sa.Column("progressed_at", planner.db.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("pack_jobs") as batch:
        batch.drop_column("progressed_at")
