"""travel to a meeting: its hotel blocks, and each participant's arrival, departure, hotel and
airport pick-up

Revision ID: a18_travel
Revises: a17_visa_letters
Create Date: 2026-12-05 15:14:19.527573

"""

import sqlalchemy as sa
from alembic import op

import planner.db

revision = "a18_travel"
down_revision = "a17_visa_letters"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "hotel_blocks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("native_name", sa.String(length=200), nullable=True),
        sa.Column("address", sa.String(length=500), nullable=True),
        sa.Column("rooms", sa.Integer(), nullable=False),
        sa.Column("check_in", sa.Date(), nullable=False),
        sa.Column("check_out", sa.Date(), nullable=False),
        sa.Column("created_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "check_out > check_in", name=op.f("ck_hotel_blocks_check_out_after_check_in")
        ),
        sa.CheckConstraint("rooms > 0", name=op.f("ck_hotel_blocks_rooms_positive")),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_hotel_blocks_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotel_blocks")),
        sa.UniqueConstraint("event_id", "name", name=op.f("uq_hotel_blocks_event_id_name")),
    )
    with op.batch_alter_table("hotel_blocks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hotel_blocks_event_id"), ["event_id"], unique=False)

    op.create_table(
        "travel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.Column("arrival_at", planner.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("arrival_flight", sa.String(length=8), nullable=True),
        sa.Column(
            "arrival_airport",
            sa.Enum(
                "ICN", "GMP", name="arrival_airport", native_enum=False, create_constraint=True
            ),
            nullable=True,
        ),
        sa.Column("departure_at", planner.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("departure_flight", sa.String(length=8), nullable=True),
        sa.Column(
            "departure_airport",
            sa.Enum(
                "ICN", "GMP", name="departure_airport", native_enum=False, create_constraint=True
            ),
            nullable=True,
        ),
        sa.Column("hotel_block_id", sa.Integer(), nullable=True),
        sa.Column("other_hotel", sa.String(length=200), nullable=True),
        sa.Column("needs_pickup", sa.Boolean(), nullable=False),
        sa.Column("created_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "arrival_at IS NULL OR departure_at IS NULL OR departure_at > arrival_at",
            name=op.f("ck_travel_departs_after_arriving"),
        ),
        sa.CheckConstraint(
            "hotel_block_id IS NULL OR other_hotel IS NULL", name=op.f("ck_travel_one_hotel")
        ),
        sa.ForeignKeyConstraint(
            ["hotel_block_id"],
            ["hotel_blocks.id"],
            name=op.f("fk_travel_hotel_block_id_hotel_blocks"),
        ),
        sa.ForeignKeyConstraint(
            ["participation_id"],
            ["participations.id"],
            name=op.f("fk_travel_participation_id_participations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_travel")),
        sa.UniqueConstraint("participation_id", name=op.f("uq_travel_participation_id")),
    )
    with op.batch_alter_table("travel", schema=None) as batch_op:
        batch_op.create_index("ix_travel_arrival_at", ["arrival_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_travel_hotel_block_id"), ["hotel_block_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("travel", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_travel_hotel_block_id"))
        batch_op.drop_index("ix_travel_arrival_at")

    op.drop_table("travel")
    with op.batch_alter_table("hotel_blocks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hotel_blocks_event_id"))

    op.drop_table("hotel_blocks")
