"""an Assembly's decisions: agenda items, votes and elections (candidates; ballots as who
voted, counters and, for named votes, each member's choice), the decisions register and the
minutes

Revision ID: a15_decisions
Revises: a14_credentials
Create Date: 2026-12-05 12:03:34.244977

"""

import sqlalchemy as sa
from alembic import op

import planner.db

revision = "a15_decisions"
down_revision = "a14_credentials"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "agenda_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "procedural",
                "report",
                "budget",
                "resolution",
                "election",
                "admission",
                "other",
                name="agenda_item_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("minutes_text", sa.Text(), nullable=True),
        sa.Column("created_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_agenda_items_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["agenda_items.id"],
            name=op.f("fk_agenda_items_parent_id_agenda_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_agenda_items_session_id_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_items")),
    )
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_items_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agenda_items_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=False),
        sa.Column("roll_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=500), nullable=False),
        sa.Column(
            "method",
            sa.Enum(
                "show-of-hands",
                "roll-call",
                "electronic",
                name="vote_method",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "rule",
            sa.Enum(
                "simple",
                "absolute",
                "two-thirds",
                name="majority_rule",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("secret", sa.Boolean(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=True),
        sa.Column(
            "seat_role",
            sa.Enum(
                "president",
                "vice-president",
                "member",
                "observer",
                name="election_role",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("seat_body_id", sa.Integer(), nullable=True),
        sa.Column("quorum_counted", sa.Integer(), nullable=False),
        sa.Column("quorum_needed", sa.Integer(), nullable=False),
        sa.Column("quorum_override", sa.String(length=500), nullable=True),
        sa.Column("opened_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("opened_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", planner.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum(
                "adopted",
                "rejected",
                "no-quorum",
                "elected",
                "tie",
                name="vote_outcome",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("confirmed_at", planner.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "secret = false OR method = 'electronic'", name=op.f("ck_votes_secret_electronic")
        ),
        sa.CheckConstraint(
            "(seats IS NULL) = (seat_role IS NULL) AND (seats IS NULL) = (seat_body_id IS NULL)"
            " AND (seats IS NULL OR seats > 0)",
            name=op.f("ck_votes_election_has_seats"),
        ),
        sa.CheckConstraint(
            "closed_at IS NULL OR closed_at >= opened_at", name=op.f("ck_votes_closes_after")
        ),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_items.id"],
            name=op.f("fk_votes_agenda_item_id_agenda_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_votes_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_id"], ["users.id"], name=op.f("fk_votes_opened_by_id_users")
        ),
        sa.ForeignKeyConstraint(["roll_id"], ["rolls.id"], name=op.f("fk_votes_roll_id_rolls")),
        sa.ForeignKeyConstraint(
            ["seat_body_id"], ["bodies.id"], name=op.f("fk_votes_seat_body_id_bodies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_votes")),
    )
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_votes_agenda_item_id"), ["agenda_item_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_votes_event_id"), ["event_id"], unique=False)

    op.create_table(
        "candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_candidates_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["delegates.id"],
            name=op.f("fk_candidates_person_id_delegates"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["vote_id"], ["votes.id"], name=op.f("fk_candidates_vote_id_votes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidates")),
        sa.UniqueConstraint(
            "vote_id", "organisation_id", name=op.f("uq_candidates_vote_id_organisation_id")
        ),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("prefix", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("adopted_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_decisions_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["vote_id"], ["votes.id"], name=op.f("fk_decisions_vote_id_votes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
        sa.UniqueConstraint(
            "prefix", "year", "sequence", name=op.f("uq_decisions_prefix_year_sequence")
        ),
        sa.UniqueConstraint("vote_id", name=op.f("uq_decisions_vote_id")),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decisions_event_id"), ["event_id"], unique=False)

    op.create_table(
        "minutes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("approved_at", planner.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("approved_by_vote_id", sa.Integer(), nullable=True),
        sa.Column("created_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["approved_by_vote_id"], ["votes.id"], name=op.f("fk_minutes_approved_by_vote_id_votes")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_minutes_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes")),
        sa.UniqueConstraint("event_id", name=op.f("uq_minutes_event_id")),
    )
    op.create_table(
        "vote_choices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("choice", sa.String(length=30), nullable=False),
        sa.Column("cast_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["cast_by_id"],
            ["participations.id"],
            name=op.f("fk_vote_choices_cast_by_id_participations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_vote_choices_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["vote_id"],
            ["votes.id"],
            name=op.f("fk_vote_choices_vote_id_votes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vote_choices")),
        sa.UniqueConstraint(
            "vote_id",
            "organisation_id",
            "choice",
            name=op.f("uq_vote_choices_vote_id_organisation_id_choice"),
        ),
    )
    op.create_table(
        "vote_tallies",
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("choice", sa.String(length=30), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["vote_id"],
            ["votes.id"],
            name=op.f("fk_vote_tallies_vote_id_votes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("vote_id", "choice", name=op.f("pk_vote_tallies")),
    )
    op.create_table(
        "vote_voters",
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_vote_voters_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["vote_id"], ["votes.id"], name=op.f("fk_vote_voters_vote_id_votes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("vote_id", "organisation_id", name=op.f("pk_vote_voters")),
    )


def downgrade():
    op.drop_table("vote_voters")
    op.drop_table("vote_tallies")
    op.drop_table("vote_choices")
    op.drop_table("minutes")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisions_event_id"))

    op.drop_table("decisions")
    op.drop_table("candidates")
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_votes_event_id"))
        batch_op.drop_index(batch_op.f("ix_votes_agenda_item_id"))

    op.drop_table("votes")
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_items_parent_id"))
        batch_op.drop_index(batch_op.f("ix_agenda_items_event_id"))

    op.drop_table("agenda_items")
