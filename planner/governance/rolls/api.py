"""/api/v1 endpoints of frozen voter rolls."""

from __future__ import annotations

from planner.api import Blueprint, acting_user_id
from planner.api.fields import PageArgs, paginate
from planner.db import get_or_404
from planner.events.models import Event
from planner.extensions import db
from planner.governance.rolls import service
from planner.governance.rolls.schemas import RollPage, RollSchema

blp = Blueprint("rolls", __name__, description="Frozen voter rolls")


@blp.get("/events/<int:event_id>/rolls")
@blp.arguments(PageArgs, location="query")
@blp.response(200, RollPage)
def list_rolls(args, event_id: int):
    """The meeting's frozen rolls, latest first (without their entries)."""
    event = get_or_404(Event, event_id, "event")
    return paginate(service.rolls_in_order(event), args["page"], args["per_page"])


@blp.post("/events/<int:event_id>/rolls")
@blp.response(201, RollSchema)
@blp.alt_response(409, description="a roll of this meeting was frozen in the same second")
@blp.alt_response(422, description="the meeting belongs to no body")
def freeze_roll(event_id: int):
    """Freeze the voter roll now: every voting member, present in person (through whom),
    represented (by whom) or absent. Nothing later changes it; proxies stop changing."""
    event = get_or_404(Event, event_id, "event")
    roll = service.freeze(event, acting_user_id())
    db.session.commit()
    return roll


@blp.get("/events/<int:event_id>/rolls/<int:roll_id>")
@blp.response(200, RollSchema)
def get_roll(event_id: int, roll_id: int):
    return service.roll_of(get_or_404(Event, event_id, "event"), roll_id)
