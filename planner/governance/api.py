"""/api/v1 endpoint of check-in: the door's scanner posts what a badge's QR code holds."""

from __future__ import annotations

from flask_smorest import Blueprint

from planner.extensions import db
from planner.governance import service
from planner.governance.schemas import CheckedInSchema, CheckInSchema

blp = Blueprint("check-in", __name__, description="Check-in at the door")


@blp.post("/check-in")
@blp.arguments(CheckInSchema)
@blp.response(200, CheckedInSchema)
def check_in(data):
    """Record that a badge's holder has arrived; scanning twice is harmless and says so."""
    participation, first = service.check_in(data["token"])
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
