"""/api/v1 endpoints of quorum."""

from __future__ import annotations

from planner.api import Blueprint
from planner.db import get_or_404
from planner.events.models import Event
from planner.governance.quorum import service
from planner.governance.quorum.live import live_quorum
from planner.governance.quorum.schemas import QuorumSchema

blp = Blueprint("quorum", __name__, description="Quorum: forecast and live count")


@blp.get("/events/<int:event_id>/quorum")
@blp.response(200, QuorumSchema)
@blp.alt_response(422, description="the meeting belongs to no body, so it has no quorum")
def quorum(event_id: int):
    """The quorum: forecast from the answers of the body's voting members before the meeting
    (members whose credentials were rejected count for nothing; ``letters_missing``), and
    counted live from the door during it (``present``, ``represented``, ``quorate``)."""
    event = get_or_404(Event, event_id, "event")
    body = service.body_of(event)
    forecast = service.quorum_forecasts([event])[event.id]
    now = live_quorum(event)
    return {
        "rule": body.quorum_rule.value,
        "voting_seats": forecast.voting_seats,
        "needed": forecast.needed,
        "expected": forecast.expected,
        "possible": forecast.possible,
        "letters_missing": forecast.letters_missing,
        "reached": forecast.reached,
        "present": now.present,
        "represented": now.represented,
        "counted": now.counted,
        "quorate": now.reached,
    }
