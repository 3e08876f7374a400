"""API shapes of venues, events, sessions and participants."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from marshmallow import fields, validate

from planner.api.fields import (
    Country,
    Duration,
    Line,
    Moment,
    PageArgs,
    Pattern,
    Schema,
    Slug,
    StrictBoolean,
    StrictFloat,
    StrictInteger,
    Text,
    TimeZone,
    WholeNested,
    page_schema,
    secrets_hidden,
)
from planner.events.models import (
    EventKind,
    EventStatus,
    ParticipantRole,
    ParticipantStatus,
    SessionKind,
)
from planner.links import (
    PUBLIC_FEED_PATH,
    body_feed_path,
    event_ics_path,
    rsvp_path,
    subscription_links,
)
from planner.validation import MAX_LANGUAGES, MAX_REMINDERS, MAX_ROOMS, MAX_SPEAKERS


class LocalDateTime(Moment):
    """Read with any offset; written in the zone of the event it belongs to (``timezone``).

    A client sees 10:00+09:00 for a meeting in Seoul, the same instant as 01:00Z.
    """

    def _serialize(self, value: datetime | None, attr, obj, **kwargs):
        if value is None:
            return None
        event = getattr(obj, "event", obj)
        return super()._serialize(value.astimezone(ZoneInfo(event.timezone)), attr, obj, **kwargs)


class RoomSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = Line(required=True, required_nonblank=True)
    native_name = Line(allow_none=True)
    capacity = StrictInteger(allow_none=True, validate=validate.Range(min=1))


class VenueSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = Line(required=True, required_nonblank=True)
    native_name = Line(allow_none=True)
    address = Line(500, allow_none=True)
    native_address = Line(500, allow_none=True)
    city = Line(100, allow_none=True)
    country = Country(allow_none=True)
    timezone = TimeZone(required=True)
    latitude = StrictFloat(allow_none=True, validate=validate.Range(-90, 90))
    longitude = StrictFloat(allow_none=True, validate=validate.Range(-180, 180))
    directions = Text(allow_none=True)
    # Rooms are matched by name, so even a PATCH sends each room whole.
    rooms = fields.List(WholeNested(RoomSchema), validate=validate.Length(max=MAX_ROOMS))


class SessionSchema(Schema):
    id = fields.Integer(dump_only=True)
    title = Line(required=True, required_nonblank=True)
    kind = fields.Enum(SessionKind, by_value=True, required=True)
    starts_at = LocalDateTime(required=True)
    ends_at = LocalDateTime(required=True)
    room_id = StrictInteger(allow_none=True)
    description = Text(allow_none=True)
    restricted_to = Slug(
        allow_none=True, metadata={"description": "slug of the body whose members alone attend"}
    )
    speaker_ids = fields.List(StrictInteger(), validate=validate.Length(max=MAX_SPEAKERS))


class EventSchema(Schema):
    id = fields.Integer(dump_only=True)
    kind = fields.Enum(EventKind, by_value=True, required=True)
    title = Line(required=True, required_nonblank=True)
    body = Slug(allow_none=True, attribute="body_slug", data_key="body")
    parent_id = StrictInteger(allow_none=True)
    venue_id = StrictInteger(allow_none=True)
    starts_at = LocalDateTime(required=True)
    ends_at = LocalDateTime(required=True)
    timezone = TimeZone()
    status = fields.Enum(EventStatus, by_value=True)
    sequence = fields.Integer(dump_only=True)
    version = StrictInteger(metadata={"description": "send it back to refuse stale edits"})
    description = Text(allow_none=True)
    capacity = StrictInteger(allow_none=True, validate=validate.Range(min=1))
    registration_deadline = LocalDateTime(allow_none=True)
    languages = fields.List(
        fields.String(validate=Pattern(r"^[a-z]{2,3}$")),
        validate=validate.Length(max=MAX_LANGUAGES),
    )
    reminder_offsets = fields.List(Duration(), validate=validate.Length(max=MAX_REMINDERS))
    confidential = StrictBoolean()
    sessions = fields.List(fields.Nested(SessionSchema), dump_only=True)
    calendar_links = fields.Method(
        "_calendar_links",
        dump_only=True,
        metadata={
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "the meeting as .ics; webcal://, Google and Outlook links to the "
            "feed it appears in (its body's, or the network's)",
        },
    )

    def _calendar_links(self, event) -> dict[str, str]:
        base_url = current_app.config["PLANNER_BASE_URL"]
        if event.body is not None:
            links = subscription_links(base_url, body_feed_path(event.body.slug), event.body.name)
        else:
            links = subscription_links(base_url, PUBLIC_FEED_PATH, "Network meetings")
        links["ics"] = base_url + event_ics_path(event.id)
        return links


class EventQuery(PageArgs):
    kind = fields.Enum(EventKind, by_value=True)
    body = Slug()
    status = fields.Enum(EventStatus, by_value=True)
    from_ = Moment(data_key="from", metadata={"description": "ends after this"})
    to = Moment(metadata={"description": "starts before this"})


class ParticipantSchema(Schema):
    id = fields.Integer(dump_only=True)
    delegate_id = StrictInteger(required=True)
    role = fields.Enum(ParticipantRole, by_value=True, required=True)
    status = fields.Enum(ParticipantStatus, by_value=True)
    responded_at = fields.AwareDateTime(dump_only=True, allow_none=True)
    invited_at = fields.AwareDateTime(dump_only=True, allow_none=True)
    checked_in_at = fields.AwareDateTime(dump_only=True, allow_none=True)
    rsvp_url = fields.Method(
        "_rsvp_url",
        dump_only=True,
        allow_none=True,
        metadata={"type": "string", "format": "uri", "description": "organisers only"},
    )

    def _rsvp_url(self, participation) -> str:
        return current_app.config["PLANNER_BASE_URL"] + rsvp_path(participation.rsvp_token)


class ParticipantQuery(PageArgs):
    status = fields.Enum(ParticipantStatus, by_value=True)
    role = fields.Enum(ParticipantRole, by_value=True)


VenuePage = page_schema(VenueSchema)
EventPage = page_schema(EventSchema)
SessionPage = page_schema(SessionSchema)
ParticipantPage = page_schema(ParticipantSchema)
#: What read-only accounts read: an RSVP link lets its holder answer for the delegate.
ParticipantPageForViewers = page_schema(secrets_hidden(ParticipantSchema, "rsvp_url"))
