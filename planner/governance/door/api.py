"""/api/v1 endpoints of the door: check-in (the desk's scanner posts what a badge's QR code
holds)."""

from __future__ import annotations

from planner.api import Blueprint
from planner.db import get_or_404
from planner.events.models import Event
from planner.extensions import db
from planner.governance.door import service
from planner.governance.door.schemas import CheckedInSchema, CheckInSchema

blp = Blueprint("door", __name__, description="Check-in at the door")


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
