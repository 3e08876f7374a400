"""rendered feed components shared by every process and host (a fresh process rendered every
meeting of a feed again; now it reads what another process rendered)

Revision ID: a20_rendered_components
Revises: a19_staged_sheets
Create Date: 2026-12-06 02:20:22

"""

import sqlalchemy as sa
from alembic import op

import planner.db

revision = "a20_rendered_components"
down_revision = "a19_staged_sheets"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rendered_components",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("event_updated_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("vevent", sa.LargeBinary(), nullable=False),
        sa.Column("sessions", sa.JSON(), nullable=True),
        sa.Column("created_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rendered_components")),
    )
    with op.batch_alter_table("rendered_components", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rendered_components_created_at"), ["created_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("rendered_components", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rendered_components_created_at"))

    op.drop_table("rendered_components")
