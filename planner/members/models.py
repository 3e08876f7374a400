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


class VotingRule(enum.StrEnum):
    """Who votes at a meeting of a body (``planner.members.service.may_vote`` applies it)."""

    #: Full members, active, with their dues paid or waived up to the year before the meeting
    #: (the General Assembly). Seats on the body play no part; associates never vote.
    GOOD_STANDING = "good-standing"
    #: The organisations holding a voting seat on the body on the meeting's local date, while
    #: active (the Executive and Steering Committees).
    CURRENT_SEATS = "current-seats"


class DuesStatus(enum.StrEnum):
    PAID = "paid"
    WAIVED = "waived"  # with a reason
    OUTSTANDING = "outstanding"


#: The body whose members vote by standing rather than by seats, unless organisers say otherwise.
GENERAL_ASSEMBLY = "general-assembly"


def default_proxy_cap(context) -> int:
    """Proxies one member may hold: two at the General Assembly, one elsewhere."""
    return 2 if context.get_current_parameters().get("slug") == GENERAL_ASSEMBLY else 1


def default_voting_rule(context) -> VotingRule:
    """The General Assembly votes by good standing, any other body by its current seats."""
    slug = context.get_current_parameters().get("slug")
    return VotingRule.GOOD_STANDING if slug == GENERAL_ASSEMBLY else VotingRule.CURRENT_SEATS


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
    dues: Mapped[list[Dues]] = relationship(
        back_populates="organisation", order_by="Dues.year.desc()", cascade="all, delete-orphan"
    )

    @property
    def has_voting_right(self) -> bool:
        """Full and active: the membership that carries a vote at the General Assembly. Whether
        it votes at a given meeting also depends on its dues (``members.service.may_vote``)."""
        return self.membership is Membership.FULL and self.status is OrganisationStatus.ACTIVE


class Body(TimestampMixin, Model):
    __tablename__ = "bodies"
    __table_args__ = (sa.CheckConstraint("proxy_cap >= 0", name="proxy_cap_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    native_name: Mapped[str | None] = mapped_column(sa.String(200))
    description: Mapped[str | None] = mapped_column(sa.Text)
    quorum_rule: Mapped[QuorumRule] = mapped_column(
        enum_column(QuorumRule, "quorum_rule"), default=QuorumRule.MAJORITY
    )
    voting_rule: Mapped[VotingRule] = mapped_column(
        enum_column(VotingRule, "voting_rule"), default=default_voting_rule
    )
    #: Proxies a member may hold at a meeting of this body.
    proxy_cap: Mapped[int] = mapped_column(default=default_proxy_cap)

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


class Dues(TimestampMixin, Model):
    """An organisation's membership dues for one year: paid, waived (with a reason) or
    outstanding. ``amount`` is in whole units of ``currency`` (ISO 4217; dues are set in whole
    amounts): what was paid, or what is owed; optional for a waiver."""

    __tablename__ = "dues"
    __table_args__ = (
        sa.UniqueConstraint("organisation_id", "year"),
        sa.CheckConstraint("amount IS NULL OR amount >= 0", name="amount_not_negative"),
        sa.CheckConstraint("year >= 1900", name="year_plausible"),
        sa.CheckConstraint("length(currency) = 3", name="currency_alpha3"),
        sa.CheckConstraint(
            "status != 'waived' OR (reason IS NOT NULL AND length(reason) > 0)",
            name="waiver_has_reason",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int]
    status: Mapped[DuesStatus] = mapped_column(enum_column(DuesStatus, "dues_status"))
    amount: Mapped[int | None]
    currency: Mapped[str] = mapped_column(sa.String(3))
    reason: Mapped[str | None] = mapped_column(sa.String(500))

    organisation: Mapped[Organisation] = relationship(back_populates="dues")


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
    #: Heads the authority (mayor, governor): speaks for it without a Delegation of Authority.
    heads_authority: Mapped[bool] = mapped_column(default=False)
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
