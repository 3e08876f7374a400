"""the Assembly's door: uploads, credentials, proxies, door scans, frozen voter rolls;
bodies.proxy_cap (2 at the General Assembly, 1 elsewhere), delegates.heads_authority,
participations.checked_out_at

Revision ID: a13_door
Revises: a12_standing
Create Date: 2026-12-05 07:22:33.220208

"""

import sqlalchemy as sa
from alembic import op

import planner.db

revision = "a13_door"
down_revision = "a12_standing"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "uploads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("size > 0", name=op.f("ck_uploads_size_positive")),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_uploads_uploaded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_uploads")),
        sa.UniqueConstraint("key", name=op.f("uq_uploads_key")),
    )
    op.create_table(
        "proxies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("giver_id", sa.Integer(), nullable=False),
        sa.Column("holder_id", sa.Integer(), nullable=False),
        sa.Column("letter_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", planner.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_reason", sa.String(length=200), nullable=True),
        sa.Column("created_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("giver_id <> holder_id", name=op.f("ck_proxies_not_to_oneself")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_proxies_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["giver_id"], ["organisations.id"], name=op.f("fk_proxies_giver_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["holder_id"], ["organisations.id"], name=op.f("fk_proxies_holder_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["letter_id"], ["uploads.id"], name=op.f("fk_proxies_letter_id_uploads")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proxies")),
    )
    with op.batch_alter_table("proxies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proxies_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_proxies_giver_id"), ["giver_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_proxies_holder_id"), ["holder_id"], unique=False)
        batch_op.create_index(
            "uq_proxies_standing_giver",
            ["event_id", "giver_id"],
            unique=True,
            sqlite_where=sa.text("revoked_at IS NULL"),
            postgresql_where=sa.text("revoked_at IS NULL"),
        )

    op.create_table(
        "rolls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("frozen_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("frozen_by_id", sa.Integer(), nullable=True),
        sa.Column("quorum_rule", sa.String(length=20), nullable=False),
        sa.Column("entitled", sa.Integer(), nullable=False),
        sa.Column("present", sa.Integer(), nullable=False),
        sa.Column("represented", sa.Integer(), nullable=False),
        sa.Column("needed", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_rolls_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["frozen_by_id"], ["users.id"], name=op.f("fk_rolls_frozen_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rolls")),
        sa.UniqueConstraint("event_id", "frozen_at", name=op.f("uq_rolls_event_id_frozen_at")),
    )
    with op.batch_alter_table("rolls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rolls_event_id"), ["event_id"], unique=False)

    op.create_table(
        "credentials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("delegate_id", sa.Integer(), nullable=False),
        sa.Column("alternate_id", sa.Integer(), nullable=True),
        sa.Column("letter_id", sa.Integer(), nullable=True),
        sa.Column(
            "decision",
            sa.Enum(
                "pending",
                "approved",
                "rejected",
                name="credential_decision",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("decided_at", planner.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "decision != 'rejected' OR (reason IS NOT NULL AND length(reason) > 0)",
            name=op.f("ck_credentials_rejection_has_reason"),
        ),
        sa.CheckConstraint(
            "alternate_id IS NULL OR alternate_id <> delegate_id",
            name=op.f("ck_credentials_alternate_not_delegate"),
        ),
        sa.ForeignKeyConstraint(
            ["alternate_id"],
            ["participations.id"],
            name=op.f("fk_credentials_alternate_id_participations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_credentials_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["delegate_id"],
            ["participations.id"],
            name=op.f("fk_credentials_delegate_id_participations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_credentials_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["letter_id"], ["uploads.id"], name=op.f("fk_credentials_letter_id_uploads")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_credentials_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credentials")),
        sa.UniqueConstraint("alternate_id", name=op.f("uq_credentials_alternate_id")),
        sa.UniqueConstraint("delegate_id", name=op.f("uq_credentials_delegate_id")),
        sa.UniqueConstraint(
            "event_id", "organisation_id", name=op.f("uq_credentials_event_id_organisation_id")
        ),
    )
    with op.batch_alter_table("credentials", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_credentials_event_id"), ["event_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_credentials_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "door_scans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.Column("scan_id", sa.String(length=64), nullable=False),
        sa.Column(
            "direction",
            sa.Enum("in", "out", name="door_direction", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("outcome", sa.String(length=30), nullable=False),
        sa.Column("scanned_at", planner.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("recorded_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_door_scans_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participation_id"],
            ["participations.id"],
            name=op.f("fk_door_scans_participation_id_participations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_door_scans")),
        sa.UniqueConstraint("event_id", "scan_id", name=op.f("uq_door_scans_event_id_scan_id")),
    )
    with op.batch_alter_table("door_scans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_door_scans_event_id"), ["event_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_door_scans_participation_id"), ["participation_id"], unique=False
        )

    op.create_table(
        "roll_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("roll_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("organisation_name", sa.String(length=200), nullable=False),
        sa.Column(
            "attendance",
            sa.Enum(
                "in-person",
                "represented",
                "absent",
                name="roll_attendance",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("attendee_name", sa.String(length=200), nullable=True),
        sa.Column("attendee_native_name", sa.String(length=200), nullable=True),
        sa.Column("represented_by_id", sa.Integer(), nullable=True),
        sa.Column("represented_by_name", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_roll_entries_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["represented_by_id"],
            ["organisations.id"],
            name=op.f("fk_roll_entries_represented_by_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["roll_id"],
            ["rolls.id"],
            name=op.f("fk_roll_entries_roll_id_rolls"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roll_entries")),
        sa.UniqueConstraint(
            "roll_id", "organisation_id", name=op.f("uq_roll_entries_roll_id_organisation_id")
        ),
    )
    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("proxy_cap", sa.Integer(), server_default="1", nullable=False)
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_bodies_proxy_cap_not_negative"), "proxy_cap >= 0"
        )
    op.execute("UPDATE bodies SET proxy_cap = 2 WHERE slug = 'general-assembly'")
    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.alter_column("proxy_cap", server_default=None, existing_type=sa.Integer())

    with op.batch_alter_table("delegates", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("heads_authority", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("delegates", schema=None) as batch_op:
        batch_op.alter_column("heads_authority", server_default=None, existing_type=sa.Boolean())

    with op.batch_alter_table("participations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("checked_out_at", planner.db.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("participations", schema=None) as batch_op:
        batch_op.drop_column("checked_out_at")

    with op.batch_alter_table("delegates", schema=None) as batch_op:
        batch_op.drop_column("heads_authority")

    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_bodies_proxy_cap_not_negative"), type_="check")
        batch_op.drop_column("proxy_cap")

    op.drop_table("roll_entries")
    with op.batch_alter_table("door_scans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_door_scans_participation_id"))
        batch_op.drop_index(batch_op.f("ix_door_scans_event_id"))

    op.drop_table("door_scans")
    with op.batch_alter_table("credentials", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credentials_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_credentials_event_id"))

    op.drop_table("credentials")
    with op.batch_alter_table("rolls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rolls_event_id"))

    op.drop_table("rolls")
    with op.batch_alter_table("proxies", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_proxies_standing_giver",
            sqlite_where=sa.text("revoked_at IS NULL"),
            postgresql_where=sa.text("revoked_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_proxies_holder_id"))
        batch_op.drop_index(batch_op.f("ix_proxies_giver_id"))
        batch_op.drop_index(batch_op.f("ix_proxies_event_id"))

    op.drop_table("proxies")
    op.drop_table("uploads")
