"""API shapes of organisations, bodies and delegates."""

from __future__ import annotations

from flask import current_app
from marshmallow import fields, validate

from planner.api.fields import (
    Country,
    Email,
    Language,
    Line,
    PageArgs,
    Schema,
    Slug,
    StrictBoolean,
    StrictInteger,
    Text,
    TimeZone,
    page_schema,
    secrets_hidden,
)
from planner.links import delegate_feed_path, subscription_links
from planner.members.models import (
    DuesStatus,
    Membership,
    OrganisationStatus,
    QuorumRule,
    SeatRole,
    VotingRule,
)
from planner.members.service import Shortfall
from planner.validation import MAX_INTEGER


class OrganisationSchema(Schema):
    id = fields.Integer(dump_only=True)
    slug = Slug(required=True)
    name = Line(required=True, required_nonblank=True)
    native_name = Line(allow_none=True)
    country = Country(required=True)
    city = Line(100, allow_none=True)
    timezone = TimeZone(required=True)
    language = Language(allow_none=True)
    membership = fields.Enum(Membership, by_value=True, required=True)
    status = fields.Enum(OrganisationStatus, by_value=True)
    has_voting_right = fields.Boolean(dump_only=True)


class OrganisationQuery(PageArgs):
    membership = fields.Enum(Membership, by_value=True)
    country = Country()
    q = Text(200, metadata={"description": "part of the Latin or native name"})


class SeatSchema(Schema):
    id = fields.Integer(dump_only=True)
    organisation_id = StrictInteger()
    organisation = fields.Pluck(OrganisationSchema, "slug", dump_only=True)
    role = fields.Enum(SeatRole, by_value=True)
    term_start = fields.Date()
    term_end = fields.Date(allow_none=True)
    votes = fields.Boolean(dump_only=True)


class BodySchema(Schema):
    id = fields.Integer(dump_only=True)
    slug = Slug()
    name = Line()
    native_name = Line(allow_none=True)
    description = fields.String(allow_none=True)
    quorum_rule = fields.Enum(QuorumRule, by_value=True)
    voting_rule = fields.Enum(
        VotingRule,
        by_value=True,
        metadata={"description": "good-standing: full, active members with dues paid or waived "
                  "up to the year before the meeting; current-seats: voting seats current on "
                  "the meeting's local date"},
    )  # fmt: skip


class BodyChangeSchema(Schema):
    voting_rule = fields.Enum(VotingRule, by_value=True, required=True)


class DuesSchema(Schema):
    year = StrictInteger(required=True, validate=validate.Range(min=1900, max=2999))
    status = fields.Enum(DuesStatus, by_value=True, required=True)
    amount = StrictInteger(
        allow_none=True,
        validate=validate.Range(min=0),
        metadata={"description": "whole units of the currency: paid, or owed"},
    )
    currency = fields.String(
        validate=validate.Regexp(r"^[A-Z]{3}$"), metadata={"description": "ISO 4217; USD"}
    )
    reason = Line(500, allow_none=True, metadata={"description": "required when waived"})


class DuesChangeSchema(DuesSchema):
    """PUT /organisations/{id}/dues/{year}: the year is in the path."""

    year = StrictInteger(dump_only=True)


class StandingSchema(Schema):
    in_good_standing = fields.Boolean(attribute="good")
    year = fields.Integer(metadata={"description": "the year of the meetings it applies to"})
    dues_year = fields.Integer(metadata={"description": "dues must be settled up to this year"})
    shortfalls = fields.List(fields.Enum(Shortfall, by_value=True))
    outstanding_years = fields.List(fields.Integer())


class StandingQuery(Schema):
    on = fields.Date(metadata={"description": "the meeting's local date; today by default"})


class BodyWithSeatsSchema(BodySchema):
    seats = fields.List(fields.Nested(SeatSchema))


class DelegateSchema(Schema):
    id = fields.Integer(dump_only=True)
    full_name = Line(required=True, required_nonblank=True)
    native_name = Line(allow_none=True)
    family_name = Line(100, allow_none=True)
    title = Line(50, allow_none=True)
    position = Line(allow_none=True)
    organisation_id = StrictInteger(required=True)
    email = Email(required=True)
    language = Language()
    timezone = TimeZone()
    dietary_needs = Line(500, allow_none=True)
    accessibility_needs = Line(500, allow_none=True)
    needs_visa_letter = StrictBoolean()
    heads_authority = StrictBoolean(
        metadata={
            "description": "heads the authority (mayor, governor): speaks for it at a meeting "
            "without a Delegation of Authority letter"
        }
    )
    calendar_url = fields.Method(
        "_calendar_url",
        dump_only=True,
        allow_none=True,
        metadata={"type": "string", "format": "uri", "description": "organisers only"},
    )
    calendar_links = fields.Method(
        "_calendar_links",
        dump_only=True,
        allow_none=True,
        metadata={
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "the personal feed as .ics, webcal://, Google and Outlook links "
            "(organisers only)",
        },
    )

    def _calendar_url(self, delegate) -> str:
        return self._calendar_links(delegate)["ics"]

    def _calendar_links(self, delegate) -> dict[str, str]:
        return subscription_links(
            current_app.config["PLANNER_BASE_URL"],
            delegate_feed_path(delegate.calendar_token),
            f"{delegate.full_name}: meetings",
        )


class DelegateQuery(PageArgs):
    organisation_id = fields.Integer(validate=validate.Range(max=MAX_INTEGER))
    q = Text(200, metadata={"description": "part of the Latin or native name, or e-mail"})


OrganisationPage = page_schema(OrganisationSchema)
BodyPage = page_schema(BodySchema)
DelegatePage = page_schema(DelegateSchema)
DuesPage = page_schema(DuesSchema)
#: What read-only accounts read: the personal feed lets its holder follow one delegate.
DelegateForViewers = secrets_hidden(DelegateSchema, "calendar_url", "calendar_links")
DelegatePageForViewers = page_schema(DelegateForViewers)
