"""/api/v1 endpoints of quorum."""

from __future__ import annotations

from flask_babel import gettext as _

from planner.api import Blueprint
from planner.db import get_or_404
from planner.errors import Invalid
from planner.events.models import Event
from planner.governance.quorum import service
from planner.governance.quorum.schemas import QuorumSchema

blp = Blueprint("quorum", __name__, description="Quorum: forecast and live count")


@blp.get("/events/<int:event_id>/quorum")
@blp.response(200, QuorumSchema)
@blp.alt_response(422, description="the meeting belongs to no body, so it has no quorum")
def quorum(event_id: int):
    """The quorum forecast from the answers of the body's voting delegates (members whose
    credentials were rejected count for nothing), and the letters still missing."""
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
        "letters_missing": forecast.letters_missing,
        "reached": forecast.reached,
    }
