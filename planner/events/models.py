"""Tables of meetings, their timetables and participations."""

from __future__ import annotations

import enum
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.db import NEVER_REUSED_IDS, TimestampMixin, UTCDateTime, enum_column
from planner.extensions import Model, db
from planner.links import RSVP_LINK, SecretLinked
from planner.members.models import Body, Delegate
from planner.validation import MAX_LANGUAGES, MAX_REMINDERS


class EventKind(enum.StrEnum):
    GENERAL_ASSEMBLY = "general-assembly"
    EXECUTIVE_COMMITTEE = "executive-committee"
    STEERING_COMMITTEE = "steering-committee"
    SEMINAR = "seminar"
    WORKSHOP = "workshop"
    STUDY_VISIT = "study-visit"
    SIDE_EVENT = "side-event"


class EventStatus(enum.StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"


class SessionKind(enum.StrEnum):
    PLENARY = "plenary"
    BUSINESS = "business"
    PANEL = "panel"
    BREAK = "break"
    MEAL = "meal"
    VISIT = "visit"


class ParticipantRole(enum.StrEnum):
    VOTING_DELEGATE = "voting-delegate"
    ALTERNATE = "alternate"
    OBSERVER = "observer"
    SPEAKER = "speaker"
    GUEST = "guest"
    STAFF = "staff"
    CHAIR = "chair"


class ParticipantStatus(enum.StrEnum):
    INVITED = "invited"
    ACCEPTED = "accepted"
    TENTATIVE = "tentative"
    DECLINED = "declined"
    CANCELLED = "cancelled"  # removed by the organisers


#: A meeting that will take place: calendars show it, delegates may answer, packs list it.
LIVE_STATUSES = (EventStatus.SCHEDULED, EventStatus.POSTPONED)
#: The answers a delegate gives (through their link); an answer stamps ``responded_at``.
ANSWERED_STATUSES = (
    ParticipantStatus.ACCEPTED,
    ParticipantStatus.TENTATIVE,
    ParticipantStatus.DECLINED,
)
#: Participants still expected at a meeting: reminded, and printed in its pack.
EXPECTED_STATUSES = (
    ParticipantStatus.INVITED,
    ParticipantStatus.ACCEPTED,
    ParticipantStatus.TENTATIVE,
)


class Venue(TimestampMixin, Model):
    __tablename__ = "venues"
    __table_args__ = (
        sa.CheckConstraint("latitude IS NULL OR latitude BETWEEN -90 AND 90", name="latitude"),
        sa.CheckConstraint("longitude IS NULL OR longitude BETWEEN -180 AND 180", name="longitude"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    native_name: Mapped[str | None] = mapped_column(sa.String(200))
    address: Mapped[str | None] = mapped_column(sa.String(500))
    native_address: Mapped[str | None] = mapped_column(sa.String(500))
    city: Mapped[str | None] = mapped_column(sa.String(100))
    country: Mapped[str | None] = mapped_column(sa.String(2))
    timezone: Mapped[str] = mapped_column(sa.String(64))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    directions: Mapped[str | None] = mapped_column(sa.Text)

    rooms: Mapped[list[Room]] = relationship(
        back_populates="venue", order_by="Room.name", cascade="all, delete-orphan"
    )


class Room(Model):
    __tablename__ = "rooms"
    __table_args__ = (
        sa.UniqueConstraint("venue_id", "name"),
        sa.CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    venue_id: Mapped[int] = mapped_column(sa.ForeignKey("venues.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(200))
    native_name: Mapped[str | None] = mapped_column(sa.String(200))
    capacity: Mapped[int | None]

    venue: Mapped[Venue] = relationship(back_populates="rooms")


class Event(TimestampMixin, Model):
    __tablename__ = "events"
    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_starts"),
        sa.CheckConstraint("sequence >= 0", name="sequence_not_negative"),
        sa.CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        sa.CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        sa.Index("ix_events_starts_at", "starts_at"),
        NEVER_REUSED_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind, "event_kind"))
    title: Mapped[str] = mapped_column(sa.String(200))
    body_id: Mapped[int | None] = mapped_column(sa.ForeignKey("bodies.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    venue_id: Mapped[int | None] = mapped_column(sa.ForeignKey("venues.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    timezone: Mapped[str] = mapped_column(sa.String(64))
    status: Mapped[EventStatus] = mapped_column(
        enum_column(EventStatus, "event_status"), default=EventStatus.DRAFT
    )
    # iCalendar SEQUENCE: raised by every change a calendar must re-read (time, place, status).
    sequence: Mapped[int] = mapped_column(default=0)
    # Optimistic lock: raised by every write; a write that names an older one is refused.
    version: Mapped[int] = mapped_column(default=1)
    description: Mapped[str | None] = mapped_column(sa.Text)
    capacity: Mapped[int | None]
    registration_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    languages: Mapped[list[str]] = mapped_column(
        sa.JSON, default=list, info={"max_items": MAX_LANGUAGES}
    )
    # ISO 8601 durations before the start at which participants are reminded.
    reminder_offsets: Mapped[list[str]] = mapped_column(
        sa.JSON, default=list, info={"max_items": MAX_REMINDERS}
    )
    # Confidential meetings never appear in public or body feeds.
    confidential: Mapped[bool] = mapped_column(default=False)

    body: Mapped[Body | None] = relationship()
    venue: Mapped[Venue | None] = relationship()
    parent: Mapped[Event | None] = relationship(remote_side=[id], back_populates="side_events")
    side_events: Mapped[list[Event]] = relationship(back_populates="parent")
    sessions: Mapped[list[Session]] = relationship(
        back_populates="event",
        order_by=lambda: (Session.starts_at, Session.id),
        cascade="all, delete-orphan",
    )
    participations: Mapped[list[Participation]] = relationship(
        back_populates="event", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_published(self) -> bool:
        return self.status is not EventStatus.DRAFT

    @property
    def body_slug(self) -> str | None:
        return self.body.slug if self.body else None


session_speakers = sa.Table(
    "session_speakers",
    db.metadata,
    sa.Column("session_id", sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("delegate_id", sa.ForeignKey("delegates.id"), primary_key=True),
)


class Session(Model):
    """A slot of an event's timetable."""

    __tablename__ = "sessions"
    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="ends_after_starts"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[SessionKind] = mapped_column(enum_column(SessionKind, "session_kind"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    room_id: Mapped[int | None] = mapped_column(sa.ForeignKey("rooms.id"), index=True)
    description: Mapped[str | None] = mapped_column(sa.Text)
    # When set, only members of this body attend (and see it in their feed).
    restricted_to_body_id: Mapped[int | None] = mapped_column(sa.ForeignKey("bodies.id"))

    event: Mapped[Event] = relationship(back_populates="sessions")
    room: Mapped[Room | None] = relationship()
    restricted_to_body: Mapped[Body | None] = relationship()
    speakers: Mapped[list[Delegate]] = relationship(secondary=session_speakers)

    @property
    def restricted_to(self) -> str | None:
        """Slug of the body whose members alone attend."""
        return self.restricted_to_body.slug if self.restricted_to_body else None

    @property
    def speaker_ids(self) -> list[int]:
        return [speaker.id for speaker in self.speakers]


class Participation(SecretLinked, TimestampMixin, Model):
    """A delegate's place at an event: their role, their answer, their arrival."""

    __tablename__ = "participations"
    __table_args__ = (sa.UniqueConstraint("event_id", "delegate_id"), NEVER_REUSED_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    delegate_id: Mapped[int] = mapped_column(sa.ForeignKey("delegates.id"), index=True)
    role: Mapped[ParticipantRole] = mapped_column(enum_column(ParticipantRole, "participant_role"))
    status: Mapped[ParticipantStatus] = mapped_column(
        enum_column(ParticipantStatus, "participant_status"), default=ParticipantStatus.INVITED
    )
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What the invitation announced, so a reminder can say what changed since.
    invited_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invited_location: Mapped[str | None] = mapped_column(sa.String(500))
    #: At the door: present while checked in and not checked out since (a new check-in
    #: clears ``checked_out_at``).
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Times the delegate was taken off this meeting or added back. Their copy of it carries
    #: the meeting's SEQUENCE plus this, so each removal's CANCEL and each invitation after it
    #: outranks the copy before it in their calendar.
    sequence_offset: Mapped[int] = mapped_column(default=0, server_default="0")
    # Random value behind the RSVP link and the check-in code (planner.links), and the hash
    # of the link's token that finds the participation; the token itself is never stored.
    secret_nonce: Mapped[str] = mapped_column(sa.String(32))
    rsvp_token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)

    event: Mapped[Event] = relationship(back_populates="participations")
    delegate: Mapped[Delegate] = relationship()

    # The RSVP link; its nonce also signs the check-in code, so a new link is a new code.
    LINK_PURPOSE = RSVP_LINK
    LINK_NONCE_COLUMN = "secret_nonce"
    LINK_HASH_COLUMN = "rsvp_token_hash"
    rsvp_token = SecretLinked.secret_token
