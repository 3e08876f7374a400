"""Tables of the member directory."""

from __future__ import annotations

import enum
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.db import NEVER_REUSED_IDS, TimestampMixin, enum_column
from planner.extensions import Model
from planner.links import CALENDAR_FEED, SecretLinked


class Membership(enum.StrEnum):
    FULL = "full"  # a local authority: votes at the General Assembly while active
    ASSOCIATE = "associate"
    PARTNER = "partner"  # not a member


class OrganisationStatus(enum.StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"


class SeatRole(enum.StrEnum):
    PRESIDENT = "president"
    VICE_PRESIDENT = "vice-president"
    MEMBER = "member"
    OBSERVER = "observer"


class QuorumRule(enum.StrEnum):
    """Share of a body's voting seats that must be present."""

    MAJORITY = "majority"  # more than half
    TWO_THIRDS = "two-thirds"  # at least two thirds
    ONE_THIRD = "one-third"  # at least one third


class Organisation(TimestampMixin, Model):
    __tablename__ = "organisations"
    __table_args__ = (
        sa.CheckConstraint("length(country) = 2", name="country_alpha2"),
        sa.CheckConstraint("length(slug) > 0", name="slug_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    native_name: Mapped[str | None] = mapped_column(sa.String(200))
    country: Mapped[str] = mapped_column(sa.String(2))
    city: Mapped[str | None] = mapped_column(sa.String(100))
    timezone: Mapped[str] = mapped_column(sa.String(64))
    language: Mapped[str | None] = mapped_column(sa.String(16))
    membership: Mapped[Membership] = mapped_column(enum_column(Membership, "membership"))
    status: Mapped[OrganisationStatus] = mapped_column(
        enum_column(OrganisationStatus, "organisation_status"), default=OrganisationStatus.ACTIVE
    )

    delegates: Mapped[list[Delegate]] = relationship(back_populates="organisation")
    seats: Mapped[list[BodySeat]] = relationship(back_populates="organisation")

    @property
    def has_voting_right(self) -> bool:
        """Full members in good standing vote at the General Assembly."""
        return self.membership is Membership.FULL and self.status is OrganisationStatus.ACTIVE


class Body(TimestampMixin, Model):
    __tablename__ = "bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    native_name: Mapped[str | None] = mapped_column(sa.String(200))
    description: Mapped[str | None] = mapped_column(sa.Text)
    quorum_rule: Mapped[QuorumRule] = mapped_column(
        enum_column(QuorumRule, "quorum_rule"), default=QuorumRule.MAJORITY
    )

    seats: Mapped[list[BodySeat]] = relationship(
        back_populates="body", order_by="BodySeat.id", cascade="all, delete-orphan"
    )


class BodySeat(Model):
    """An organisation's seat on a body for a term (open-ended while ``term_end`` is empty)."""

    __tablename__ = "body_seats"
    __table_args__ = (
        sa.UniqueConstraint("body_id", "organisation_id", "term_start"),
        sa.CheckConstraint("term_end IS NULL OR term_end >= term_start", name="term_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("bodies.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    role: Mapped[SeatRole] = mapped_column(enum_column(SeatRole, "seat_role"))
    term_start: Mapped[date] = mapped_column(sa.Date)
    term_end: Mapped[date | None] = mapped_column(sa.Date)

    body: Mapped[Body] = relationship(back_populates="seats")
    organisation: Mapped[Organisation] = relationship(back_populates="seats")

    @property
    def votes(self) -> bool:
        return self.role is not SeatRole.OBSERVER


class Delegate(SecretLinked, TimestampMixin, Model):
    __tablename__ = "delegates"
    __table_args__ = NEVER_REUSED_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(sa.String(200))
    native_name: Mapped[str | None] = mapped_column(sa.String(200))
    family_name: Mapped[str | None] = mapped_column(sa.String(100))
    title: Mapped[str | None] = mapped_column(sa.String(50))
    position: Mapped[str | None] = mapped_column(sa.String(200))
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    language: Mapped[str] = mapped_column(sa.String(16), default="en")
    timezone: Mapped[str] = mapped_column(sa.String(64))
    dietary_needs: Mapped[str | None] = mapped_column(sa.String(500))
    accessibility_needs: Mapped[str | None] = mapped_column(sa.String(500))
    needs_visa_letter: Mapped[bool] = mapped_column(default=False)
    # Random value behind the personal feed URL (planner.links), and the hash of its token
    # that finds the delegate; the token itself is never stored. A new nonce revokes the URL.
    calendar_nonce: Mapped[str] = mapped_column(sa.String(32))
    calendar_token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)

    organisation: Mapped[Organisation] = relationship(back_populates="delegates")

    # The personal feed URL.
    LINK_PURPOSE = CALENDAR_FEED
    LINK_NONCE_COLUMN = "calendar_nonce"
    LINK_HASH_COLUMN = "calendar_token_hash"
    calendar_token = SecretLinked.secret_token

    @hybrid_property
    def sort_name(self) -> str:
        """The name a list sorts by: the family name where known, else the whole Latin name."""
        return self.family_name or self.full_name

    @sort_name.inplace.expression
    @classmethod
    def _sort_name_expression(cls) -> sa.ColumnElement[str]:
        return sa.func.coalesce(cls.family_name, cls.full_name)
