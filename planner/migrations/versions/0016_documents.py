"""a meeting's documents: language versions with their history, a visibility each; notices
waiting for a delegate's hourly "new documents" e-mail (outbox kind ``documents``)

Revision ID: a16_documents
Revises: a15_decisions
Create Date: 2026-12-05 15:14:31.834948

"""

import sqlalchemy as sa
from alembic import op

import planner.db

KINDS = ("invitation", "update", "cancellation", "reminder", "credentials")


def _kinds(kinds: tuple[str, ...]) -> str:
    return "kind IN ({})".format(", ".join(f"'{kind}'" for kind in kinds))


def _outbox_kinds(kinds: tuple[str, ...]) -> None:
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_outbox_messages_message_kind"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_outbox_messages_message_kind"), _kinds(kinds)
        )


revision = "a16_documents"
down_revision = "a15_decisions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "agenda",
                "report",
                "budget",
                "draft-resolution",
                "presentation",
                "other",
                name="document_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "visibility",
            sa.Enum(
                "public",
                "participants",
                "members",
                name="document_visibility",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("created_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_items.id"],
            name=op.f("fk_documents_agenda_item_id_agenda_items"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_documents_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_documents_agenda_item_id"), ["agenda_item_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_documents_event_id"), ["event_id"], unique=False)

    op.create_table(
        "document_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.Column("digest_key", sa.String(length=200), nullable=True),
        sa.Column("created_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_notices_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participation_id"],
            ["participations.id"],
            name=op.f("fk_document_notices_participation_id_participations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_notices")),
    )
    with op.batch_alter_table("document_notices", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_notices_digest_key"), ["digest_key"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_document_notices_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_document_notices_participation_id"), ["participation_id"], unique=False
        )

    op.create_table(
        "document_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("upload_id", sa.Integer(), nullable=False),
        sa.Column("created_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("number > 0", name=op.f("ck_document_versions_number_positive")),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_versions_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["upload_id"], ["uploads.id"], name=op.f("fk_document_versions_upload_id_uploads")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_versions")),
        sa.UniqueConstraint(
            "document_id",
            "language",
            "number",
            name=op.f("uq_document_versions_document_id_language_number"),
        ),
    )
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_versions_document_id"), ["document_id"], unique=False
        )
    _outbox_kinds((*KINDS, "documents"))


def downgrade():
    op.execute("DELETE FROM outbox_messages WHERE kind = 'documents'")
    _outbox_kinds(KINDS)
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_versions_document_id"))

    op.drop_table("document_versions")
    with op.batch_alter_table("document_notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_notices_participation_id"))
        batch_op.drop_index(batch_op.f("ix_document_notices_document_id"))
        batch_op.drop_index(batch_op.f("ix_document_notices_digest_key"))

    op.drop_table("document_notices")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_event_id"))
        batch_op.drop_index(batch_op.f("ix_documents_agenda_item_id"))

    op.drop_table("documents")
