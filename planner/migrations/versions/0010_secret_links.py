"""secret links: nonces and token hashes instead of tokens; ids never reused on SQLite

Revision ID: a11_secrets
Revises: a11_input

Every RSVP link and personal feed URL gets a new secret (planner.links derives the token from
the secret key and a random nonce; only the token's hash is kept): links sent before this
migration stop working. Old tokens cannot be carried over, as the server must be able to write
every link again, which it can only do for tokens it derives. The events, delegates and
participations tables of SQLite are rebuilt with AUTOINCREMENT (PostgreSQL never reuses ids).
"""

import sqlalchemy as sa
from alembic import op

from planner.links import CALENDAR_FEED, RSVP_LINK, link_token, new_link_secret

revision = "a11_secrets"
down_revision = "a11_input"
branch_labels = None
depends_on = None

#: table, nonce column, hash column, old token column, purpose
SECRETS = (
    ("participations", "secret_nonce", "rsvp_token_hash", "rsvp_token", RSVP_LINK),
    ("delegates", "calendar_nonce", "calendar_token_hash", "calendar_token", CALENDAR_FEED),
)


def _rebuild_on_sqlite() -> dict:
    """SQLite adds AUTOINCREMENT only when it creates a table: copy it into a new one."""
    if op.get_bind().dialect.name == "sqlite":
        return {"recreate": "always", "table_kwargs": {"sqlite_autoincrement": True}}
    return {}


def upgrade():
    bind = op.get_bind()
    for table, nonce, hashed, old, purpose in SECRETS:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column(nonce, sa.String(length=32), nullable=True))
            batch_op.add_column(sa.Column(hashed, sa.String(length=64), nullable=True))
        rows = sa.table(table, sa.column("id"), sa.column(nonce), sa.column(hashed))
        for (row_id,) in bind.execute(sa.select(rows.c.id)).all():
            new_nonce, new_hash = new_link_secret(purpose)
            bind.execute(
                rows.update()
                .where(rows.c.id == row_id)
                .values({nonce: new_nonce, hashed: new_hash})
            )
        with op.batch_alter_table(table, **_rebuild_on_sqlite()) as batch_op:
            batch_op.alter_column(nonce, existing_type=sa.String(length=32), nullable=False)
            batch_op.alter_column(hashed, existing_type=sa.String(length=64), nullable=False)
            batch_op.drop_constraint(f"uq_{table}_{old}", type_="unique")
            batch_op.drop_column(old)
            batch_op.create_unique_constraint(f"uq_{table}_{hashed}", [hashed])
    with op.batch_alter_table("events", **_rebuild_on_sqlite()):
        pass


def downgrade():
    """Back to stored tokens: the same links as now (derived once more from the nonces)."""
    bind = op.get_bind()
    for table, nonce, hashed, old, purpose in SECRETS:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column(old, sa.String(length=64), nullable=True))
        rows = sa.table(table, sa.column("id"), sa.column(nonce), sa.column(old))
        for row_id, row_nonce in bind.execute(sa.select(rows.c.id, rows.c[nonce])).all():
            bind.execute(
                rows.update()
                .where(rows.c.id == row_id)
                .values({old: link_token(purpose, row_nonce)})
            )
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column(old, existing_type=sa.String(length=64), nullable=False)
            batch_op.drop_constraint(f"uq_{table}_{hashed}", type_="unique")
            batch_op.drop_column(hashed)
            batch_op.drop_column(nonce)
            batch_op.create_unique_constraint(f"uq_{table}_{old}", [old])
