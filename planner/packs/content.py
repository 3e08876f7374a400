"""What a delegate pack and a badge show, as plain frozen data.

The service gathers it from the database in a fixed number of queries; the documents only lay it
out. Being plain data, it is also what the cache key is computed from: a pack is rebuilt exactly
when something it shows has changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from planner.documents.models import DocumentKind
from planner.events.models import EventKind, ParticipantRole, SessionKind
from planner.governance.models import AgendaItemKind, CredentialState


@dataclass(frozen=True)
class Person:
    """A participant as packs and badges print them: the name as its owner writes it."""

    participation_id: int
    latin_name: str
    native_name: str | None
    family_name: str | None
    title: str | None
    position: str | None
    organisation: str
    organisation_native: str | None
    country: str  # ISO 3166-1 alpha-2
    language: str | None  # the organisation's: whether Han characters print Japanese, Chinese…
    role: ParticipantRole
    voting: bool  # holds the vote of a full member at this meeting


@dataclass(frozen=True)
class SessionLine:
    id: int
    title: str
    kind: SessionKind
    starts_at: datetime  # aware, UTC
    ends_at: datetime
    room: str | None
    room_native: str | None
    speakers: tuple[str, ...]
    restricted_to: str | None  # name of the body whose members alone attend
    restricted_to_body_id: int | None
    speaker_ids: tuple[int, ...]  # delegate ids


@dataclass(frozen=True)
class AgendaLine:
    """An agenda item as the pack prints it; ``sub`` for a sub-item."""

    number: str
    title: str
    text: str | None
    kind: AgendaItemKind
    sub: bool
    session: str | None  # the title of the timetable session it is taken at
    session_starts_at: datetime | None
    session_ends_at: datetime | None


@dataclass(frozen=True)
class DocumentLine:
    """A document the delegate may read, as the pack lists it, with the link that opens it."""

    number: str | None  # of its agenda item; None: the meeting's own
    title: str
    kind: DocumentKind
    languages: tuple[str, ...]
    url: str


@dataclass(frozen=True)
class SideEvent:
    title: str
    kind: EventKind
    starts_at: datetime
    ends_at: datetime
    place: str | None


@dataclass(frozen=True)
class Place:
    name: str
    native_name: str | None
    address: str | None
    native_address: str | None
    city: str | None
    directions: str | None
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class Meeting:
    """Everything the packs of one meeting share."""

    id: int
    network: str
    title: str
    kind: EventKind
    body: str | None
    starts_at: datetime
    ends_at: datetime
    timezone: str
    description: str | None
    venue: Place | None
    sessions: tuple[SessionLine, ...]
    agenda: tuple[AgendaLine, ...]
    side_events: tuple[SideEvent, ...]
    participants: tuple[Person, ...]  # those still coming, in badge order
    secretariat_name: str
    secretariat_email: str

    @cached_property
    def digest(self) -> str:
        """A hash of all of it: the shared part of the cache key of every pack of the meeting."""
        return hashlib.sha256(repr(self).encode()).hexdigest()


@dataclass(frozen=True)
class Pack:
    """One delegate's pack: the meeting, who they are, and what only they see."""

    meeting: Meeting
    person: Person
    delegate_id: int
    body_ids: frozenset[int]  # bodies the delegate's organisation sits on (restricted sessions)
    timezone: str  # the delegate's home timezone
    language: str  # en, fr or ko
    credential: CredentialState | None  # of the credentials the delegate speaks under
    check_in_token: str
    paper: str  # "a4" or "letter"
    documents: tuple[DocumentLine, ...] = ()  # those the delegate may read

    def attends(self, session: SessionLine) -> bool:
        """A session restricted to a body is on the schedule of its members only."""
        return (
            session.restricted_to_body_id is None
            or session.restricted_to_body_id in self.body_ids
            or self.delegate_id in session.speaker_ids
        )
