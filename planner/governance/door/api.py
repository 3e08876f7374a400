"""/api/v1 endpoints of the door: check-in and check-out (the desk's scanner posts what a
badge's QR code holds, or a participant found by name), and the desk's search by name."""

from __future__ import annotations

from planner.api import Blueprint
from planner.db import get_or_404
from planner.errors import Invalid
from planner.events.models import Event
from planner.extensions import db
from planner.governance.door import queries, service
from planner.governance.door.schemas import (
    DoorAnswerSchema,
    DoorSearchArgs,
    DoorSearchSchema,
    ScanSchema,
)
from planner.governance.models import Direction

blp = Blueprint("door", __name__, description="The door: check-in and check-out at the desks")


def committed_scan(event_id: int, data: dict, direction: Direction) -> service.DoorAnswer:
    """One scan at a desk (as ScanSchema loads it), committed: the API and the desk page
    answer it alike."""
    try:
        if "token" in data:
            person = service.badge_holder(event_id, data["token"])
        else:
            person = service.participant_at(event_id, data["participant_id"])
    except Invalid:
        get_or_404(Event, event_id, "event")  # no such meeting: a 404 rather than the code's
        raise
    answer = service.scan(person, direction, data.get("scan_id"), data.get("scanned_at"))
    db.session.commit()
    return answer


def _refused_unless_expected(answer: service.DoorAnswer) -> service.DoorAnswer:
    if answer.outcome is service.Outcome.NOT_EXPECTED:
        raise service.not_expected(answer)
    return answer


@blp.post("/events/<int:event_id>/check-in")
@blp.arguments(ScanSchema)
@blp.response(200, DoorAnswerSchema)
@blp.alt_response(409, description="the badge's holder is not expected (removed, declined)")
def check_in(data, event_id: int):
    """Record that a badge's holder has arrived at this meeting; scanning twice is harmless and
    says so (``already-in``), and a scan sent again under its ``scan_id`` gets its first answer.
    A code of another meeting, altered, or replaced since, is refused (422)."""
    return _refused_unless_expected(committed_scan(event_id, data, Direction.IN))


@blp.post("/events/<int:event_id>/check-out")
@blp.arguments(ScanSchema)
@blp.response(200, DoorAnswerSchema)
@blp.alt_response(409, description="the badge's holder is not expected (removed, declined)")
def check_out(data, event_id: int):
    """Record that a badge's holder has left the room (no longer present, so no longer
    counted for the quorum) until checked in again."""
    return _refused_unless_expected(committed_scan(event_id, data, Direction.OUT))


@blp.get("/events/<int:event_id>/door")
@blp.arguments(DoorSearchArgs, location="query")
@blp.response(200, DoorSearchSchema)
def search(args, event_id: int):
    """The desk's search: participants by name in any script (or by organisation), up to 20,
    with their credential state and whether they are in the room."""
    event = get_or_404(Event, event_id, "event")
    items, total = queries.find_at_door(event.id, args["q"])
    return {"items": items, "total": total}
