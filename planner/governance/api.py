"""/api/v1 endpoints of governance: the quorum forecast, and check-in (the door's scanner posts
what a badge's QR code holds)."""

from __future__ import annotations

from flask_babel import gettext as _

from planner.api import Blueprint
from planner.db import get_or_404
from planner.errors import Invalid
from planner.events.models import Event
from planner.extensions import db
from planner.governance import service
from planner.governance.schemas import CheckedInSchema, CheckInSchema, QuorumSchema

blp = Blueprint("governance", __name__, description="Quorum, and check-in at the door")


@blp.get("/events/<int:event_id>/quorum")
@blp.response(200, QuorumSchema)
@blp.alt_response(422, description="the meeting belongs to no body, so it has no quorum")
def quorum(event_id: int):
    """The quorum forecast from the answers of the body's voting delegates."""
    event = get_or_404(Event, event_id, "event")
    if event.body is None:
        raise Invalid(_("this meeting belongs to no body, so it has no quorum"))
    forecast = service.quorum_forecasts([event])[event.id]
    return {
        "rule": event.body.quorum_rule.value,
        "voting_seats": forecast.voting_seats,
        "needed": forecast.needed,
        "expected": forecast.expected,
        "possible": forecast.possible,
        "reached": forecast.reached,
    }


@blp.post("/events/<int:event_id>/check-in")
@blp.arguments(CheckInSchema)
@blp.response(200, CheckedInSchema)
def check_in(data, event_id: int):
    """Record that a badge's holder has arrived at this meeting; scanning twice is harmless and
    says so. A code of another meeting, or one replaced since, is refused (422)."""
    event = get_or_404(Event, event_id, "event")
    participation, first = service.check_in(event.id, data["token"])
    db.session.commit()
    delegate = participation.delegate
    return {
        "participant_id": participation.id,
        "event_id": participation.event_id,
        "full_name": delegate.full_name,
        "native_name": delegate.native_name,
        "role": participation.role.value,
        "checked_in_at": participation.checked_in_at,
        "first_scan": first,
    }
