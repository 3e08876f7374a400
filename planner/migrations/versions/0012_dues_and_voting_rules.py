"""dues per organisation and year; bodies.voting_rule (the General Assembly votes by good
standing, other bodies by their current seats)

Revision ID: a12_standing
Revises: a11_sequence
Create Date: 2026-12-04 19:30:00

"""

import sqlalchemy as sa
from alembic import op

import planner.db

revision = "a12_standing"
down_revision = "a11_sequence"
branch_labels = None
depends_on = None

VOTING_RULE = sa.Enum(
    "good-standing",
    "current-seats",
    name="voting_rule",
    native_enum=False,
    create_constraint=True,
)


def upgrade():
    op.create_table(
        "dues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "paid",
                "waived",
                "outstanding",
                name="dues_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("amount", sa.Integer(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("created_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "amount IS NULL OR amount >= 0", name=op.f("ck_dues_amount_not_negative")
        ),
        sa.CheckConstraint("year >= 1900", name=op.f("ck_dues_year_plausible")),
        sa.CheckConstraint("length(currency) = 3", name=op.f("ck_dues_currency_alpha3")),
        sa.CheckConstraint(
            "status != 'waived' OR (reason IS NOT NULL AND length(reason) > 0)",
            name=op.f("ck_dues_waiver_has_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_dues_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dues")),
        sa.UniqueConstraint("organisation_id", "year", name=op.f("uq_dues_organisation_id_year")),
    )
    with op.batch_alter_table("dues", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dues_organisation_id"), ["organisation_id"])

    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("voting_rule", VOTING_RULE, server_default="current-seats", nullable=False)
        )
    op.execute("UPDATE bodies SET voting_rule = 'good-standing' WHERE slug = 'general-assembly'")
    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.alter_column("voting_rule", server_default=None, existing_type=VOTING_RULE)


def downgrade():
    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_bodies_voting_rule"), type_="check")
        batch_op.drop_column("voting_rule")
    with op.batch_alter_table("dues", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dues_organisation_id"))
    op.drop_table("dues")
