"""Imports every domain's tables, so metadata and string relationships see them all."""

from planner.auth.models import ApiToken, FailedLogin, User
from planner.events.models import Event, Participation, Room, Session, Venue
from planner.members.models import Body, BodySeat, Delegate, Organisation

__all__ = [
    "ApiToken",
    "Body",
    "BodySeat",
    "Delegate",
    "Event",
    "FailedLogin",
    "Organisation",
    "Participation",
    "Room",
    "Session",
    "User",
    "Venue",
]
