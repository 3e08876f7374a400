"""previewed spreadsheets kept in the database until confirmed or an hour old (they were files
in the uploads storage that an unconfirmed preview left behind for ever)

Revision ID: a19_staged_sheets
Revises: a18_travel
Create Date: 2026-12-05 21:20:00

"""

import sqlalchemy as sa
from alembic import op

import planner.db

revision = "a19_staged_sheets"
down_revision = "a18_travel"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "staged_sheets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staged_sheets")),
        sa.UniqueConstraint("key", name=op.f("uq_staged_sheets_key")),
    )
    with op.batch_alter_table("staged_sheets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_staged_sheets_created_at"), ["created_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("staged_sheets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staged_sheets_created_at"))

    op.drop_table("staged_sheets")
