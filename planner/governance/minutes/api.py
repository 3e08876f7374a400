"""/api/v1 endpoints of a meeting's minutes: organisers write and approve, viewers read (the
PDF is with the other documents, ``packs.reports.api``)."""

from __future__ import annotations

from planner.api import Blueprint, uncached
from planner.db import get_or_404
from planner.events.models import Event
from planner.extensions import db
from planner.governance.minutes import queries, service
from planner.governance.minutes.schemas import (
    ApproveSchema,
    MinutesEditSchema,
    MinutesSchema,
)

blp = Blueprint("minutes", __name__, description="The minutes of a meeting")

_PATH = "/events/<int:event_id>/minutes"


@blp.get(_PATH)
@uncached  # the figures of a vote still open are read live
@blp.response(200, MinutesSchema)
def get_minutes(event_id: int):
    """The minutes as they stand: the meeting, attendance by organisation, the frozen rolls,
    the agenda with the secretariat's text under each item, each vote's figures and outcome,
    elections' candidates, the decisions with their numbers; version 0 while a draft."""
    return queries.minutes_record(get_or_404(Event, event_id, "event"))


@blp.patch(_PATH)
@blp.arguments(MinutesEditSchema)
@blp.response(200, MinutesSchema)
@blp.alt_response(409, description="the minutes are approved: they no longer change")
def edit_minutes(data, event_id: int):
    """Write the summary and the text under agenda items (an empty text clears it); 422 for
    an item of another meeting, with nothing written."""
    event = get_or_404(Event, event_id, "event")
    changes = dict(data)
    if "items" in changes:
        changes["items"] = {entry["id"]: entry["minutes_text"] for entry in changes["items"]}
    service.edit(event, changes)
    db.session.commit()
    return queries.minutes_record(event)


@blp.post(f"{_PATH}/approve")
@blp.arguments(ApproveSchema)
@blp.response(200, MinutesSchema)
@blp.alt_response(409, description="the minutes are approved already")
def approve_minutes(data, event_id: int):
    """Approve the minutes by ``vote_id``: an adopted vote of a meeting held after this one
    (422 for a vote of this meeting or an earlier one, or one open or not adopted). They
    are then frozen at version 1 with that meeting's reference."""
    event = get_or_404(Event, event_id, "event")
    service.approve(event, data["vote_id"])
    db.session.commit()
    return queries.minutes_record(event)
