"""/api/v1 endpoints of venues, events, timetables and participants."""

from __future__ import annotations

import re

from flask import request
from flask_babel import gettext as _

from planner.api import Blueprint, dumped, shows_secrets
from planner.api.fields import PageArgs, paginate
from planner.db import get_or_404
from planner.errors import Invalid, NotFound
from planner.events import queries, service
from planner.events.models import Event, Participation, Session, Venue
from planner.events.schemas import (
    EventPage,
    EventQuery,
    EventSchema,
    ParticipantPage,
    ParticipantPageForViewers,
    ParticipantQuery,
    ParticipantSchema,
    SessionPage,
    SessionSchema,
    VenuePage,
    VenueSchema,
)
from planner.extensions import db
from planner.validation import whole_number

blp = Blueprint("events", __name__, description="Venues, events, sessions and participants")

# Venues ---------------------------------------------------------------------------------------


@blp.get("/venues")
@blp.arguments(PageArgs, location="query")
@blp.response(200, VenuePage)
def list_venues(args):
    return paginate(queries.venues_by_name(), args["page"], args["per_page"])


@blp.post("/venues")
@blp.arguments(VenueSchema)
@blp.response(201, VenueSchema)
def create_venue(data):
    venue = service.create_venue(data)
    db.session.commit()
    return venue


@blp.get("/venues/<int:venue_id>")
@blp.response(200, VenueSchema)
def get_venue(venue_id):
    return get_or_404(Venue, venue_id, "venue")


@blp.patch("/venues/<int:venue_id>")
@blp.arguments(VenueSchema(partial=True))
@blp.response(200, VenueSchema)
def update_venue(changes, venue_id):
    venue = service.update_venue(get_or_404(Venue, venue_id, "venue"), changes)
    db.session.commit()
    return venue


# Events ---------------------------------------------------------------------------------------


@blp.get("/events")
@blp.arguments(EventQuery, location="query")
@blp.response(200, EventPage)
def list_events(args):
    statement = queries.events_matching(
        kind=args.get("kind"),
        status=args.get("status"),
        body=args.get("body"),
        start=args.get("from_"),
        end=args.get("to"),
    )
    return paginate(statement, args["page"], args["per_page"])


@blp.post("/events")
@blp.arguments(EventSchema)
@blp.response(201, EventSchema)
def create_event(data):
    data.pop("version", None)
    if "status" in data:
        raise Invalid.field("status", _("a new event is a draft; publish it to schedule it"))
    event = service.create_event(data)
    db.session.commit()
    return event


#: The event's version as an entity tag ("3"); ``If-Match`` names it back (or ``*``).
ETAG_HEADER = {"description": 'the event\'s version, e.g. "3"', "schema": {"type": "string"}}
_IF_MATCH = re.compile(r'\s*(?:\*|(?:W/)?"?([0-9]{1,10})"?)\s*')
IF_MATCH_PARAMETER = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "description": "the version edited (the ETag of GET); a stale one answers 409. Or send "
    '"version" in the body.',
    "schema": {"type": "string", "pattern": "^" + _IF_MATCH.pattern + "$"},
}


@blp.get("/events/<int:event_id>")
@blp.response(200, EventSchema, headers={"ETag": ETAG_HEADER})
def get_event(event_id):
    event = _event(event_id)
    return event, 200, {"ETag": f'"{event.version}"'}


@blp.patch("/events/<int:event_id>")
@blp.arguments(EventSchema(partial=True))
@blp.response(200, EventSchema, headers={"ETag": ETAG_HEADER})
@blp.doc(parameters=[IF_MATCH_PARAMETER])
def update_event(changes, event_id):
    event = _event(event_id)
    expected = changes.pop("version", None)
    if_match = request.headers.get("If-Match")
    if if_match is not None:
        expected = _version_from_etag(if_match)
    service.update_event(event, changes, expected)
    db.session.commit()
    return event, 200, {"ETag": f'"{event.version}"'}


def _version_from_etag(value: str) -> int | None:
    """The version an If-Match names (the documented pattern); ``*`` (any version) checks
    nothing. The number's range is the edit form's too (``whole_number``)."""
    match = _IF_MATCH.fullmatch(value)
    if match is not None and match[1] is None:
        return None
    return whole_number(match[1] if match else value, "If-Match")


@blp.delete("/events/<int:event_id>")
@blp.response(204)
def delete_event(event_id):
    service.delete_event(_event(event_id))
    db.session.commit()


@blp.post("/events/<int:event_id>/publish")
@blp.response(200, EventSchema)
def publish_event(event_id):
    event = service.publish_event(_event(event_id))
    db.session.commit()
    return event


@blp.post("/events/<int:event_id>/cancel")
@blp.response(200, EventSchema)
def cancel_event(event_id):
    event = service.cancel_event(_event(event_id))
    db.session.commit()
    return event


def _event(event_id: int) -> Event:
    return get_or_404(Event, event_id, "event")


# Sessions -------------------------------------------------------------------------------------


@blp.get("/events/<int:event_id>/sessions")
@blp.arguments(PageArgs, location="query")
@blp.response(200, SessionPage)
def list_sessions(args, event_id):
    _event(event_id)
    return paginate(queries.sessions_of_event(event_id), args["page"], args["per_page"])


@blp.post("/events/<int:event_id>/sessions")
@blp.arguments(SessionSchema)
@blp.response(201, SessionSchema)
def create_session(data, event_id):
    session = service.add_session(_event(event_id), data)
    db.session.commit()
    return session


@blp.patch("/events/<int:event_id>/sessions/<int:session_id>")
@blp.arguments(SessionSchema(partial=True))
@blp.response(200, SessionSchema)
def update_session(changes, event_id, session_id):
    session = service.update_session(_child(Session, event_id, session_id, "session"), changes)
    db.session.commit()
    return session


@blp.delete("/events/<int:event_id>/sessions/<int:session_id>")
@blp.response(204)
def delete_session(event_id, session_id):
    service.delete_session(_child(Session, event_id, session_id, "session"))
    db.session.commit()


#: _child's refusals, whole sentences for the translators.
MISSING_CHILD = {
    "session": lambda ident, event: _(
        "session %(id)s does not exist in event %(event)s", id=ident, event=event
    ),
    "participant": lambda ident, event: _(
        "participant %(id)s does not exist in event %(event)s", id=ident, event=event
    ),
}


def _child(model: type, event_id: int, child_id: int, what: str):
    """A row of the event's, or 404 (also when it belongs to another event)."""
    _event(event_id)
    row = db.session.get(model, child_id)
    if row is None or row.event_id != event_id:
        raise NotFound(MISSING_CHILD[what](child_id, event_id))
    return row


# Participants ---------------------------------------------------------------------------------


@blp.get("/events/<int:event_id>/participants")
@blp.arguments(ParticipantQuery, location="query")
@blp.response(200, ParticipantPage)
def list_participants(args, event_id):
    _event(event_id)
    statement = queries.participations_matching(
        event_id, status=args.get("status"), role=args.get("role")
    )
    page = paginate(statement, args["page"], args["per_page"])
    return page if shows_secrets() else dumped(page, ParticipantPageForViewers)


@blp.post("/events/<int:event_id>/participants")
@blp.arguments(ParticipantSchema)
@blp.response(201, ParticipantSchema)
def add_participant(data, event_id):
    participation = service.add_participant(_event(event_id), **data)
    db.session.commit()
    return participation


@blp.patch("/events/<int:event_id>/participants/<int:participant_id>")
@blp.arguments(ParticipantSchema(partial=True, exclude=("delegate_id",)))
@blp.response(200, ParticipantSchema)
def update_participant(changes, event_id, participant_id):
    participation = _child(Participation, event_id, participant_id, "participant")
    service.update_participant(participation, changes)
    db.session.commit()
    return participation


@blp.post("/events/<int:event_id>/participants/<int:participant_id>/rsvp-token")
@blp.response(200, ParticipantSchema)
def rotate_rsvp_token(event_id, participant_id):
    """A new RSVP link (and check-in code): the old link and code stop working at once."""
    participation = _child(Participation, event_id, participant_id, "participant")
    service.rotate_rsvp_token(participation)
    db.session.commit()
    return participation


@blp.delete("/events/<int:event_id>/participants/<int:participant_id>")
@blp.response(204)
def remove_participant(event_id, participant_id):
    service.remove_participant(_child(Participation, event_id, participant_id, "participant"))
    db.session.commit()
