"""/api/v1 endpoints of e-mail: inviting a meeting's participants, and every message's fate."""

from __future__ import annotations

from sqlalchemy.orm import selectinload

from planner.api import Blueprint
from planner.api.fields import PageArgs, paginate
from planner.db import get_or_404
from planner.events.models import Event
from planner.extensions import db
from planner.notifications import service
from planner.notifications.models import OutboxMessage
from planner.notifications.schemas import InvitationsSchema, MessagePage

blp = Blueprint("messages", __name__, description="Invitations and the e-mails of a meeting")


@blp.post("/events/<int:event_id>/invitations")
@blp.response(202, InvitationsSchema)
def send_invitations(event_id: int):
    """Queue an invitation to every participant not invited yet (none twice)."""
    queued = service.send_invitations(get_or_404(Event, event_id, "event"))
    db.session.commit()
    return {"queued": queued}


@blp.get("/events/<int:event_id>/messages")
@blp.arguments(PageArgs, location="query")
@blp.response(200, MessagePage)
def list_messages(args, event_id: int):
    statement = service.messages_of(event_id).options(selectinload(OutboxMessage.participation))
    return paginate(statement, args["page"], args["per_page"])
