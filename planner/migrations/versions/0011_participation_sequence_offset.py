"""participations.sequence_offset: a delegate removed and added back is invited above the
cancellation their calendar holds

Revision ID: a11_sequence
Revises: a11_secrets
Create Date: 2026-12-04 16:50:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a11_sequence"
down_revision = "a11_secrets"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("participations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sequence_offset", sa.Integer(), server_default="0", nullable=False)
        )
    # A removal's CANCEL went out one above the meeting's SEQUENCE: keep that copy on top.
    op.execute("UPDATE participations SET sequence_offset = 1 WHERE status = 'cancelled'")


def downgrade():
    with op.batch_alter_table("participations", schema=None) as batch_op:
        batch_op.drop_column("sequence_offset")
