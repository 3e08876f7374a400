"""visa invitation letters: applications with passport data, issued letters with their
numbers and verification links, the yearly counters that number them, and the outbox's
visa letter e-mails

Revision ID: a17_visa_letters
Revises: a16_documents
Create Date: 2026-12-05 16:00:00

"""

import sqlalchemy as sa
from alembic import op

import planner.db

revision = "a17_visa_letters"
down_revision = "a16_documents"
branch_labels = None
depends_on = None

KINDS = ("invitation", "update", "cancellation", "reminder", "credentials", "documents")
VISA_KINDS = ("visa-change", "visa-issued", "visa-revoked")


def _kinds(kinds: tuple[str, ...]) -> str:
    return "kind IN ({})".format(", ".join(f"'{kind}'" for kind in kinds))


def upgrade():
    op.create_table(
        "visa_letter_counters",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_visa_letter_counters")),
    )
    op.create_table(
        "visa_letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "submitted",
                "correction",
                "approved",
                "revoked",
                name="visa_letter_state",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("passport_name", sa.String(length=200), nullable=True),
        sa.Column("nationality", sa.String(length=2), nullable=True),
        sa.Column("passport_number", sa.String(length=20), nullable=True),
        sa.Column("passport_expires_on", sa.Date(), nullable=True),
        sa.Column("born_on", sa.Date(), nullable=True),
        sa.Column("erased_at", planner.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("consulate", sa.String(length=300), nullable=False),
        sa.Column("in_korean", sa.Boolean(), nullable=False),
        sa.Column("correction_message", sa.String(length=1000), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=True),
        sa.Column("issued_at", planner.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", planner.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("revocation_reason", sa.String(length=500), nullable=True),
        sa.Column("check_nonce", sa.String(length=32), nullable=False),
        sa.Column("check_token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(state IN ('approved', 'revoked')) = (sequence IS NOT NULL)",
            name=op.f("ck_visa_letters_issued_numbered"),
        ),
        sa.CheckConstraint(
            "state != 'correction' OR length(correction_message) > 0",
            name=op.f("ck_visa_letters_correction_says_why"),
        ),
        sa.ForeignKeyConstraint(
            ["participation_id"],
            ["participations.id"],
            name=op.f("fk_visa_letters_participation_id_participations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["replaces_id"],
            ["visa_letters.id"],
            name=op.f("fk_visa_letters_replaces_id_visa_letters"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["issued_by_id"],
            ["users.id"],
            name=op.f("fk_visa_letters_issued_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"],
            ["users.id"],
            name=op.f("fk_visa_letters_revoked_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visa_letters")),
        sa.UniqueConstraint("check_token_hash", name=op.f("uq_visa_letters_check_token_hash")),
        sa.UniqueConstraint("year", "sequence", name=op.f("uq_visa_letters_year_sequence")),
    )
    with op.batch_alter_table("visa_letters", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_visa_letters_participation_id"), ["participation_id"], unique=False
        )
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_outbox_messages_message_kind"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_outbox_messages_message_kind"), _kinds((*KINDS, *VISA_KINDS))
        )


def downgrade():
    op.execute(
        "DELETE FROM outbox_messages WHERE kind IN ({})".format(
            ", ".join(f"'{kind}'" for kind in VISA_KINDS)
        )
    )
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_outbox_messages_message_kind"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_outbox_messages_message_kind"), _kinds(KINDS)
        )
    with op.batch_alter_table("visa_letters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visa_letters_participation_id"))
    op.drop_table("visa_letters")
    op.drop_table("visa_letter_counters")
