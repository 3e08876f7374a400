"""what each queued e-mail announces (METHOD, STATUS), decided when it was queued

Revision ID: a11_mail
Revises: 8b7e4a3084bf
Create Date: 2026-12-04 16:00:00

Rows already queued get what their kind meant: a cancellation cancels, anything else
requests a confirmed meeting.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a11_mail"
down_revision = "8b7e4a3084bf"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("calendar_method", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("calendar_status", sa.String(length=10), nullable=True))
    outbox = sa.table(
        "outbox_messages",
        sa.column("kind", sa.String),
        sa.column("calendar_method", sa.String),
        sa.column("calendar_status", sa.String),
    )
    cancels = sa.cast(outbox.c.kind, sa.String) == "cancellation"
    op.execute(
        outbox.update().values(
            calendar_method=sa.case((cancels, "CANCEL"), else_="REQUEST"),
            calendar_status=sa.case((cancels, "CANCELLED"), else_="CONFIRMED"),
        )
    )
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.alter_column("calendar_method", existing_type=sa.String(10), nullable=False)
        batch_op.alter_column("calendar_status", existing_type=sa.String(10), nullable=False)


def downgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_column("calendar_status")
        batch_op.drop_column("calendar_method")
