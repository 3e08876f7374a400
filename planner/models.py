"""Imports every domain's tables, so metadata and string relationships see them all."""

from planner.auth.models import ApiToken, FailedLogin, User
from planner.caching import DataVersion
from planner.calendars.models import RenderedComponent
from planner.documents.models import Document, DocumentNotice, DocumentVersion
from planner.events.models import Event, Participation, Room, Session, Venue
from planner.governance.models import Credential, DoorScan, Proxy, Roll, RollEntry
from planner.members.models import Body, BodySeat, Delegate, Organisation
from planner.notifications.models import OutboxMessage
from planner.packs.models import PackJob, PackJobItem
from planner.reminders.models import ReminderSent
from planner.sheets.models import StagedSheet
from planner.travel.models import HotelBlock, Travel
from planner.uploads.models import Upload
from planner.visas.models import VisaLetter, VisaLetterCounter

__all__ = [
    "ApiToken",
    "Body",
    "BodySeat",
    "Credential",
    "DataVersion",
    "Delegate",
    "Document",
    "DocumentNotice",
    "DocumentVersion",
    "DoorScan",
    "Event",
    "FailedLogin",
    "HotelBlock",
    "Organisation",
    "OutboxMessage",
    "PackJob",
    "PackJobItem",
    "Participation",
    "Proxy",
    "ReminderSent",
    "RenderedComponent",
    "Roll",
    "RollEntry",
    "Room",
    "Session",
    "StagedSheet",
    "Travel",
    "Upload",
    "User",
    "Venue",
    "VisaLetter",
    "VisaLetterCounter",
]
