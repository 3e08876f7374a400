"""credentials replace the participations' credential_status; the outbox's credentials
e-mail (kind ``credentials``, with the committee's reason in ``detail``); on SQLite,
delegates get back the AUTOINCREMENT that a13_door's rebuild dropped

Revision ID: a14_credentials
Revises: a13_door
Create Date: 2026-12-05 07:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a14_credentials"
down_revision = "a13_door"
branch_labels = None
depends_on = None

KINDS = ("invitation", "update", "cancellation", "reminder")
CREDENTIAL_STATUS = sa.Enum(
    "none",
    "submitted",
    "accepted",
    "rejected",
    name="credential_status",
    native_enum=False,
    create_constraint=True,
)


def _rebuilt() -> dict:
    """On SQLite, a table whose ids are never reused, rebuilt with AUTOINCREMENT (SQLite adds
    it only when it creates a table; a batch rebuild without it loses it)."""
    if op.get_bind().dialect.name == "sqlite":
        return {"recreate": "always", "table_kwargs": {"sqlite_autoincrement": True}}
    return {}


def _kinds(kinds: tuple[str, ...]) -> str:
    return "kind IN ({})".format(", ".join(f"'{kind}'" for kind in kinds))


def upgrade():
    # The old per-participation status was set by hand and never read by a rule: it is
    # dropped, not carried over (credentials are designated anew).
    with op.batch_alter_table("participations", **_rebuilt()) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_participations_credential_status"), type_="check")
        batch_op.drop_column("credential_status")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("detail", sa.Text(), nullable=True))
        batch_op.drop_constraint(batch_op.f("ck_outbox_messages_message_kind"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_outbox_messages_message_kind"), _kinds((*KINDS, "credentials"))
        )
    # a13_door's rebuild of delegates (heads_authority) lost its AUTOINCREMENT on SQLite.
    with op.batch_alter_table("delegates", **_rebuilt()):
        pass


def downgrade():
    op.execute("DELETE FROM outbox_messages WHERE kind = 'credentials'")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_outbox_messages_message_kind"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_outbox_messages_message_kind"), _kinds(KINDS)
        )
        batch_op.drop_column("detail")
    with op.batch_alter_table("participations", **_rebuilt()) as batch_op:
        batch_op.add_column(
            sa.Column("credential_status", CREDENTIAL_STATUS, server_default="none", nullable=False)
        )
    with op.batch_alter_table("participations", **_rebuilt()) as batch_op:
        batch_op.alter_column(
            "credential_status", server_default=None, existing_type=CREDENTIAL_STATUS
        )
