"""Reads of meetings, timetables and participations, for the API and the pages alike: each
list is one statement here, which the API pages through and the pages show."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.interfaces import ORMOption

from planner.db import utcnow
from planner.errors import NotFound
from planner.events.models import (
    LIVE_STATUSES,
    Event,
    EventKind,
    EventStatus,
    ParticipantRole,
    ParticipantStatus,
    Participation,
    Session,
    Venue,
)
from planner.extensions import db
from planner.links import token_hash
from planner.members.models import Body, Delegate, Organisation

# What a listed event carries: its body and its timetable, in a fixed number of queries
# (a page holds at most 500 events, one IN batch; sessions join their few speakers).
EVENT_LOAD = (
    selectinload(Event.body),
    selectinload(Event.sessions).options(
        joinedload(Session.speakers), joinedload(Session.restricted_to_body)
    ),
)


def venues_by_name() -> sa.Select[tuple[Venue]]:
    """Venues with their rooms, by name: the API pages through them, the forms offer them."""
    return sa.select(Venue).options(selectinload(Venue.rooms)).order_by(Venue.name)


def events_matching(
    *,
    kind: EventKind | None = None,
    status: EventStatus | None = None,
    body: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> sa.Select[tuple[Event]]:
    """Every event (drafts too) of a kind, status and body (its slug) overlapping
    [start, end), soonest first, with its body and timetable."""
    statement = sa.select(Event).options(*EVENT_LOAD).order_by(Event.starts_at, Event.id)
    if kind is not None:
        statement = statement.where(Event.kind == kind)
    if status is not None:
        statement = statement.where(Event.status == status)
    if body is not None:
        statement = statement.join(Body, Body.id == Event.body_id).where(Body.slug == body)
    return statement.where(*event_window_filter(start, end))


def sessions_of_event(event_id: int) -> sa.Select[tuple[Session]]:
    """A meeting's timetable in order, with speakers and the body a slot is restricted to."""
    return (
        sa.select(Session)
        .where(Session.event_id == event_id)
        .options(selectinload(Session.speakers), selectinload(Session.restricted_to_body))
        .order_by(Session.starts_at, Session.id)
    )


def participations_matching(
    event_id: int, *, status: ParticipantStatus | None = None, role: ParticipantRole | None = None
) -> sa.Select[tuple[Participation]]:
    """Every participation of a meeting (removed ones too, unless ``status`` says), by id."""
    statement = (
        sa.select(Participation)
        .where(Participation.event_id == event_id)
        .order_by(Participation.id)
    )
    if status is not None:
        statement = statement.where(Participation.status == status)
    if role is not None:
        statement = statement.where(Participation.role == role)
    return statement


def participation_for_rsvp(token: str, *options: ORMOption) -> Participation:
    """The participation behind a delegate's secret link, loaded with ``options`` (by default
    its event and delegate, as its pages show them); a removed one's link finds nothing."""
    participation = db.session.scalar(
        sa.select(Participation)
        .where(Participation.rsvp_token_hash == token_hash(token))
        .options(
            *(options or (joinedload(Participation.event), joinedload(Participation.delegate)))
        )
    )
    if participation is None or participation.status is ParticipantStatus.CANCELLED:
        raise NotFound(_("this invitation link is not valid (any more)"))
    return participation


def meetings_of_delegate(delegate_id: int, now: datetime) -> list[Participation]:
    """The published meetings a delegate takes part in that have not ended, soonest first."""
    return list(
        db.session.scalars(
            sa.select(Participation)
            .join(Event, Event.id == Participation.event_id)
            .where(
                Participation.delegate_id == delegate_id,
                Participation.status != ParticipantStatus.CANCELLED,
                Event.status != EventStatus.DRAFT,
                Event.ends_at > now,
            )
            .order_by(Event.starts_at, Event.id)
            .options(selectinload(Participation.event).joinedload(Event.venue))
        )
    )


def event_window_filter(start: datetime | None, end: datetime | None) -> list[Any]:
    """Criteria for events overlapping [start, end)."""
    criteria = []
    if start is not None:
        criteria.append(Event.ends_at > start)
    if end is not None:
        criteria.append(Event.starts_at < end)
    return criteria


def upcoming_events(now: datetime, limit: int) -> list[Event]:
    """What organisers watch: every meeting not ended yet (drafts included), soonest first."""
    return list(
        db.session.scalars(
            sa.select(Event)
            .where(Event.ends_at > now)
            .order_by(Event.starts_at, Event.id)
            .limit(limit)
            .options(selectinload(Event.venue), selectinload(Event.body))
        )
    )


def rsvp_counts(event_ids: list[int]) -> dict[int, dict[ParticipantStatus, int]]:
    """Participants per answer for each meeting, in one query (removed ones left out)."""
    counts: dict[int, dict[ParticipantStatus, int]] = {
        event_id: dict.fromkeys(
            (s for s in ParticipantStatus if s is not ParticipantStatus.CANCELLED), 0
        )
        for event_id in event_ids
    }
    rows = db.session.execute(
        sa.select(Participation.event_id, Participation.status, sa.func.count())
        .where(
            Participation.event_id.in_(event_ids),
            Participation.status != ParticipantStatus.CANCELLED,
        )
        .group_by(Participation.event_id, Participation.status)
    )
    for event_id, status, number in rows:
        counts[event_id][status] = number
    return counts


def meeting_with_timetable(event_id: int) -> Event:
    """A meeting with its venue, body and sessions (rooms, speakers) loaded in a fixed number
    of queries, for the organisers' meeting page (its participants: ``participants_of``, a
    page at a time)."""
    event = db.session.scalar(
        sa.select(Event)
        .where(Event.id == event_id)
        .options(
            selectinload(Event.venue),
            selectinload(Event.body),
            selectinload(Event.sessions).selectinload(Session.room),
            selectinload(Event.sessions).selectinload(Session.speakers),
        )
    )
    if event is None:
        raise NotFound(_("event %(id)s does not exist", id=event_id))
    return event


def upcoming_public_events(limit: int) -> list[Event]:
    """Published, non-confidential meetings that have not ended, soonest first."""
    return list(
        db.session.scalars(
            sa.select(Event)
            .options(selectinload(Event.venue), selectinload(Event.body))
            .where(
                Event.status.in_(LIVE_STATUSES),
                Event.confidential.is_(False),
                Event.ends_at > utcnow(),
            )
            .order_by(Event.starts_at)
            .limit(limit)
        )
    )


#: What the organisers' list filters on: "published" means live (scheduled or postponed).
STATUS_GROUPS: dict[str, tuple[EventStatus, ...]] = {
    "draft": (EventStatus.DRAFT,),
    "published": LIVE_STATUSES,
    "cancelled": (EventStatus.CANCELLED,),
}


def list_meetings(
    now: datetime,
    *,
    past: bool = False,
    kind: EventKind | None = None,
    status: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[Event], int]:
    """Meetings not ended yet, soonest first (or those ended, latest first), filtered by kind
    and status group; one page of them and how many match, in two queries plus eager loads."""
    criteria = [Event.ends_at <= now if past else Event.ends_at > now]
    if kind is not None:
        criteria.append(Event.kind == kind)
    if status is not None:
        criteria.append(Event.status.in_(STATUS_GROUPS[status]))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Event).where(*criteria))
    order = (Event.starts_at.desc(), Event.id.desc()) if past else (Event.starts_at, Event.id)
    meetings = db.session.scalars(
        sa.select(Event)
        .where(*criteria)
        .order_by(*order)
        .limit(limit)
        .offset(offset)
        .options(selectinload(Event.venue), selectinload(Event.body))
    ).all()
    return list(meetings), total or 0


def meetings_overlapping(start: datetime, end: datetime) -> list[Event]:
    """Every meeting (drafts included) that overlaps [start, end), for the month calendar."""
    return list(
        db.session.scalars(
            sa.select(Event)
            .where(*event_window_filter(start, end))
            .order_by(Event.starts_at, Event.id)
            .options(selectinload(Event.venue))
        )
    )


def meeting_for_edit(event_id: int) -> Event:
    """A meeting with what its forms show (venue rooms, body, sessions with speakers)."""
    event = db.session.scalar(
        sa.select(Event)
        .where(Event.id == event_id)
        .options(
            selectinload(Event.venue).selectinload(Venue.rooms),
            selectinload(Event.body),
            selectinload(Event.sessions).selectinload(Session.room),
            selectinload(Event.sessions).selectinload(Session.speakers),
            selectinload(Event.sessions).selectinload(Session.restricted_to_body),
        )
    )
    if event is None:
        raise NotFound(_("event %(id)s does not exist", id=event_id))
    return event


def session_of(event: Event, session_id: int) -> Session:
    """One slot of this meeting's timetable; NotFound also when it belongs to another."""
    for session in event.sessions:
        if session.id == session_id:
            return session
    raise NotFound(
        _("session %(id)s does not exist in event %(event)s", id=session_id, event=event.id)
    )


def venues_with_rooms() -> list[Venue]:
    """The venues a meeting may take place in (with their rooms), by name."""
    return list(db.session.scalars(venues_by_name()))


def all_bodies() -> list[Body]:
    """The bodies a meeting (or a session) may belong to, by name."""
    return list(db.session.scalars(sa.select(Body).order_by(Body.name)))


def possible_parents(exclude: int | None = None) -> list[Event]:
    """Main events a side event may hang under (side events nest one deep), newest first."""
    statement = sa.select(Event).where(Event.parent_id.is_(None))
    if exclude is not None:
        statement = statement.where(Event.id != exclude)
    return list(db.session.scalars(statement.order_by(Event.starts_at.desc()).limit(300)))


def possible_speakers() -> list[Delegate]:
    """Every delegate with their organisation, grouped by organisation, for speaker lists."""
    return list(
        db.session.scalars(
            sa.select(Delegate)
            .join(Organisation, Organisation.id == Delegate.organisation_id)
            .options(selectinload(Delegate.organisation))
            .order_by(Organisation.name, Delegate.full_name, Delegate.id)
        )
    )


def participants_of(
    event_id: int, status: ParticipantStatus | None = None, role: ParticipantRole | None = None
) -> sa.Select[tuple[Participation]]:
    """A meeting's participants with their delegates and organisations (a fixed number of
    queries), for the organisers' list; removed ones only when asked for by their status."""
    statement = (
        sa.select(Participation)
        .join(Delegate, Delegate.id == Participation.delegate_id)
        .join(Organisation, Organisation.id == Delegate.organisation_id)
        .where(Participation.event_id == event_id)
        .order_by(
            Organisation.country,
            Organisation.name,
            Delegate.sort_name,
            Participation.id,
        )
        .options(selectinload(Participation.delegate).selectinload(Delegate.organisation))
    )
    if status is None:
        statement = statement.where(Participation.status != ParticipantStatus.CANCELLED)
    else:
        statement = statement.where(Participation.status == status)
    if role is not None:
        statement = statement.where(Participation.role == role)
    return statement


def delegates_to_add(event_id: int, text: str, limit: int) -> tuple[list[Delegate], bool]:
    """Delegates whose Latin or native name, or whose organisation's name, holds ``text``
    (case-insensitive), who are not already taking part; at most ``limit`` of them, and whether
    more matched. Removed participants are found again: adding them brings them back."""
    pattern = text.strip().lower()
    if not pattern:
        return [], False
    taking_part = sa.select(Participation.delegate_id).where(
        Participation.event_id == event_id,
        Participation.status != ParticipantStatus.CANCELLED,
    )
    matches = [
        sa.func.lower(column).contains(pattern, autoescape=True)
        for column in (
            Delegate.full_name,
            Delegate.native_name,
            Organisation.name,
            Organisation.native_name,
        )
    ]
    found = list(
        db.session.scalars(
            sa.select(Delegate)
            .join(Organisation, Organisation.id == Delegate.organisation_id)
            .where(sa.or_(*matches), Delegate.id.not_in(taking_part))
            .order_by(Delegate.full_name, Delegate.id)
            .limit(limit + 1)
            .options(selectinload(Delegate.organisation).selectinload(Organisation.seats))
        )
    )
    return found[:limit], len(found) > limit


def participation_of(event_id: int, participation_id: int, *options: ORMOption) -> Participation:
    """One participant of this meeting, loaded with ``options`` (by default its event and its
    delegate's organisation); NotFound for an id of another meeting, so a URL cannot reach
    across meetings."""
    participation = db.session.scalar(
        sa.select(Participation)
        .where(Participation.id == participation_id, Participation.event_id == event_id)
        .options(
            *(
                options
                or (
                    selectinload(Participation.event),
                    selectinload(Participation.delegate).selectinload(Delegate.organisation),
                )
            )
        )
    )
    if participation is None:
        raise NotFound(
            _("participant %(id)s does not exist in event %(event)s",
              id=participation_id, event=event_id)
        )  # fmt: skip
    return participation


def participation_of_delegate(event_id: int, delegate_id: int) -> Participation | None:
    """The delegate's place on this meeting, if they have one (removed or not)."""
    return db.session.scalar(
        sa.select(Participation).where(
            Participation.event_id == event_id, Participation.delegate_id == delegate_id
        )
    )


def upcoming_meetings_of_organisation(organisation_id: int, now: datetime) -> list[Participation]:
    """The participations of an organisation's delegates in meetings not ended yet (drafts
    too: organisers plan with them), soonest first, meeting and delegate loaded: its page in
    the directory lists them, in three statements however many there are."""
    return list(
        db.session.scalars(
            sa.select(Participation)
            .join(Event, Event.id == Participation.event_id)
            .join(Delegate, Delegate.id == Participation.delegate_id)
            .where(
                Delegate.organisation_id == organisation_id,
                Participation.status != ParticipantStatus.CANCELLED,
                Event.ends_at > now,
            )
            .order_by(Event.starts_at, Event.id, Delegate.full_name, Participation.id)
            .options(
                selectinload(Participation.event).selectinload(Event.body),
                selectinload(Participation.delegate),
            )
        )
    )
