"""/api/v1 endpoint of a participant's latest invitation message."""

from __future__ import annotations

from flask import Response, current_app

from planner.api import Blueprint, carries_secrets
from planner.calendars.service import (
    announcement,
    invitation,
    participation_for_invite,
    site_from_config,
)
from planner.links import rsvp_path

blp = Blueprint("invitations", __name__, description="Invitations as calendars receive them")


@blp.get("/events/<int:event_id>/participants/<int:participant_id>/invite.ics")
@blp.response(
    200,
    content_type="text/calendar",
    description="iTIP REQUEST while invited; CANCEL once the meeting is cancelled or the "
    "participant removed; organisers only (it holds the delegate's RSVP link)",
)
@carries_secrets
def invite_ics(event_id: int, participant_id: int) -> Response:
    participation = participation_for_invite(event_id, participant_id)
    site = site_from_config(current_app.config)
    said = announcement(participation)
    rsvp_url = site.base_url + rsvp_path(participation.rsvp_token)
    body = invitation(participation, site, rsvp_url, said)
    response = Response(body, content_type=f"text/calendar; charset=utf-8; method={said.method}")
    response.headers["Content-Disposition"] = 'attachment; filename="invite.ics"'
    return response
