"""Rules of meetings, timetables and participations."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from planner.db import apply_changes, blocking_references, get_or_404, utcnow
from planner.errors import Conflict, Invalid
from planner.events.models import (
    ANSWERED_STATUSES,
    LIVE_STATUSES,
    Event,
    EventKind,
    EventStatus,
    ParticipantRole,
    ParticipantStatus,
    Participation,
    Room,
    Session,
    Venue,
)
from planner.events.signals import event_changed, participant_removed
from planner.extensions import db
from planner.members import service as members
from planner.members.models import Delegate
from planner.members.queries import body_by_slug
from planner.validation import MAX_ROOMS, MAX_SPEAKERS, check, check_items

#: Changes a calendar must re-read: they raise the iCalendar SEQUENCE of a published event.
SIGNIFICANT_FIELDS = frozenset({"starts_at", "ends_at", "venue_id", "status"})

DEFAULT_REMINDER_OFFSETS: dict[EventKind, list[str]] = {
    EventKind.GENERAL_ASSEMBLY: ["P14D", "P1D"],
    EventKind.EXECUTIVE_COMMITTEE: ["P7D", "P1D"],
    EventKind.STEERING_COMMITTEE: ["P7D", "P1D"],
}
DEFAULT_OTHER_REMINDER_OFFSETS = ["P1D", "PT2H"]


# Venues ---------------------------------------------------------------------------------------


def create_venue(data: dict[str, Any]) -> Venue:
    check(Venue, data)
    rooms = data.pop("rooms", [])
    _check_rooms(rooms)
    venue = Venue(**data, rooms=[Room(**room) for room in rooms])
    db.session.add(venue)
    db.session.flush()
    return venue


def update_venue(venue: Venue, changes: dict[str, Any]) -> Venue:
    """Rooms are matched by name: those not named any more are deleted, unless still in use."""
    check(Venue, changes)
    rooms = changes.pop("rooms", None)
    _check_rooms(rooms or [])
    apply_changes(venue, changes)
    if rooms is not None:
        existing = {room.name: room for room in venue.rooms}
        wanted = {room["name"] for room in rooms}
        for name, room in existing.items():
            if name not in wanted and blocking_references(room):
                raise Conflict(
                    _("room %(room)s is still used by sessions; move them first", room=repr(name)),
                    {"rooms": [_("%(room)s is in use", room=repr(name))]},
                )
        kept = []
        for room_data in rooms:
            room = existing.get(room_data["name"]) or Room(name=room_data["name"])
            apply_changes(room, room_data)
            kept.append(room)
        venue.rooms = kept
    db.session.flush()
    # What a meeting shows of its venue changed with it: renderings of those meetings are old.
    db.session.execute(
        sa.update(Event).where(Event.venue_id == venue.id).values(updated_at=utcnow())
    )
    return venue


def _check_rooms(rooms: list[dict[str, Any]]) -> None:
    check_items("rooms", rooms, MAX_ROOMS)
    for room in rooms:
        check(Room, room, within="rooms")
    names = [room["name"] for room in rooms]
    if len(names) != len(set(names)):
        raise Invalid.field("rooms", _("room names must be unique within a venue"))


# Events ---------------------------------------------------------------------------------------


def create_event(data: dict[str, Any]) -> Event:
    check(Event, data)
    data = _resolve_references(data)
    if "timezone" not in data:
        venue = db.session.get(Venue, data["venue_id"]) if data.get("venue_id") else None
        if venue is None:
            raise Invalid.field("timezone", _("required when the event has no venue"))
        data["timezone"] = venue.timezone
    data.setdefault(
        "reminder_offsets",
        list(DEFAULT_REMINDER_OFFSETS.get(data["kind"], DEFAULT_OTHER_REMINDER_OFFSETS)),
    )
    event = Event(**data, status=EventStatus.DRAFT, sequence=0)
    _check_event(event)
    db.session.add(event)
    db.session.flush()
    return event


def update_event(event: Event, changes: dict[str, Any], expected_version: int | None) -> set[str]:
    """Apply ``changes``; refused when the caller edited an older version than the stored one.

    Moving the whole meeting (same length) moves its timetable with it.
    """
    check_version(event, expected_version)
    check(Event, changes)
    changes = _resolve_references(changes)
    if "status" in changes:
        _check_status_edit(event, changes["status"])
    was_published = event.is_published
    old_start, old_end = event.starts_at, event.ends_at
    # No flush until the change is whole and checked: a lazy load (sessions, parent) must not
    # write the event half-changed, nor twice (each flush would raise ``version`` again).
    with db.session.no_autoflush:
        changed = apply_changes(event, changes)
        if changed & {"starts_at", "ends_at"}:
            shift = event.starts_at - old_start
            if shift and event.ends_at - event.starts_at == old_end - old_start:
                for session in event.sessions:
                    session.starts_at += shift
                    session.ends_at += shift
        _check_event(event)
    _announce(event, changed, was_published)
    return changed


def check_version(event: Event, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != event.version:
        raise Conflict(
            _("the event was changed meanwhile (version %(current)s, yours %(yours)s);"
              " reload it and apply your change again",
              current=event.version, yours=expected_version),
            {"version": [_("stale: current version is %(current)s", current=event.version)]},
        )  # fmt: skip


def publish_event(event: Event) -> Event:
    """Make the meeting visible in feeds (and, later, announced to its participants)."""
    return _move_to(event, EventStatus.SCHEDULED, _("the event is already published"))


def cancel_event(event: Event) -> Event:
    return _move_to(event, EventStatus.CANCELLED, _("the event is already cancelled"))


def _move_to(event: Event, status: EventStatus, already: str) -> Event:
    if event.status is status:
        raise Conflict(already)
    was_published = event.is_published
    event.status = status
    _announce(event, {"status"}, was_published)
    return event


def delete_event(event: Event) -> None:
    """Only drafts go: a published meeting is in calendars already and must be cancelled."""
    if event.is_published:
        raise Conflict(_("a published event cannot be deleted; cancel it instead"))
    db.session.delete(event)
    db.session.flush()


def _announce(event: Event, changed: set[str], was_published: bool) -> None:
    if was_published and changed & SIGNIFICANT_FIELDS:
        event.sequence += 1
    db.session.flush()
    if changed:
        event_changed.send(event, changed=changed)


def _check_status_edit(event: Event, status: EventStatus) -> None:
    """PATCH moves a live meeting between scheduled and postponed; drafts are published and
    meetings cancelled (or brought back) through their own endpoints."""
    if status not in LIVE_STATUSES or event.status not in LIVE_STATUSES:
        raise Invalid.field(
            "status",
            _(
                "only a scheduled or postponed event can be set to scheduled or postponed here; "
                "use publish and cancel for the rest"
            ),
        )


def _resolve_references(data: dict[str, Any]) -> dict[str, Any]:
    """Turn a body's slug into ``body_id`` and check the ids exist."""
    data = dict(data)
    if "body_slug" in data:
        slug = data.pop("body_slug")
        data["body_id"] = body_by_slug(slug, field="body").id if slug is not None else None
    if data.get("venue_id") is not None:
        get_or_404(Venue, data["venue_id"], "venue", "venue_id")
    if data.get("parent_id") is not None:
        get_or_404(Event, data["parent_id"], "parent event", "parent_id")
    return data


def _check_event(event: Event) -> None:
    if event.ends_at <= event.starts_at:
        raise Invalid.field("ends_at", _("must be after starts_at"))
    if event.registration_deadline and event.registration_deadline > event.starts_at:
        raise Invalid.field("registration_deadline", _("must not be after starts_at"))
    if event.parent_id is not None:
        parent = db.session.get(Event, event.parent_id)
        if parent is event or (parent is not None and parent.parent_id is not None):
            raise Invalid.field("parent_id", _("must be a main event (side events nest one deep)"))
    if len(set(event.reminder_offsets)) != len(event.reminder_offsets):
        raise Invalid.field("reminder_offsets", _("must not repeat an offset"))
    elsewhere = [s.title for s in event.sessions if s.room and s.room.venue_id != event.venue_id]
    if elsewhere:
        raise Invalid.field(
            "venue_id",
            _(
                "sessions are in rooms of another venue: %(sessions)s",
                sessions=", ".join(elsewhere[:5]),
            ),
        )
    outside = [s.title for s in event.sessions if not _within(s, event)]
    if outside:
        raise Invalid.field(
            "ends_at" if event.sessions else "starts_at",
            _(
                "sessions would fall outside the event: %(sessions)s",
                sessions=", ".join(outside[:5]),
            ),
        )


def _within(session: Session, event: Event) -> bool:
    return event.starts_at <= session.starts_at and session.ends_at <= event.ends_at


# Sessions -------------------------------------------------------------------------------------


def add_session(event: Event, data: dict[str, Any]) -> Session:
    session = Session(event=event)
    with db.session.no_autoflush:  # nothing half-made reaches the database
        _apply_session(session, data)
    db.session.add(session)
    _timetable_changed(event)
    return session


def update_session(session: Session, changes: dict[str, Any]) -> Session:
    with db.session.no_autoflush:
        _apply_session(session, changes)
    _timetable_changed(session.event)
    return session


def _apply_session(session: Session, data: dict[str, Any]) -> None:
    check(Session, data)
    data = dict(data)
    if "restricted_to" in data:
        slug = data.pop("restricted_to")
        data["restricted_to_body_id"] = (
            body_by_slug(slug, field="restricted_to").id if slug is not None else None
        )
    if "speaker_ids" in data:
        check_items("speaker_ids", data["speaker_ids"], MAX_SPEAKERS)
        ids = set(data.pop("speaker_ids"))
        speakers = db.session.scalars(sa.select(Delegate).where(Delegate.id.in_(ids))).all()
        missing = ids - {d.id for d in speakers}
        if missing:
            raise Invalid.field(
                "speaker_ids", _("no delegate with id %(ids)s", ids=sorted(missing))
            )
        session.speakers = list(speakers)
    apply_changes(session, data)
    event = session.event
    if session.room_id is not None:
        room = get_or_404(Room, session.room_id, "room", "room_id")
        if room.venue_id != event.venue_id:
            raise Invalid.field("room_id", _("must be a room of the event's venue"))
    if session.ends_at <= session.starts_at:
        raise Invalid.field("ends_at", _("must be after starts_at"))
    if not _within(session, event):
        raise Invalid.field("starts_at", _("the session must lie within the event's start and end"))


def delete_session(session: Session) -> None:
    event = session.event
    db.session.delete(session)
    _timetable_changed(event)


def _timetable_changed(event: Event) -> None:
    """The timetable is part of the meeting: its change is the meeting's (a new version, and
    a new ``updated_at`` that tells calendars to render it again)."""
    event.updated_at = utcnow()
    db.session.flush()


# Participants ---------------------------------------------------------------------------------


def add_participant(
    event: Event,
    delegate_id: int,
    role: ParticipantRole,
    status: ParticipantStatus = ParticipantStatus.INVITED,
) -> Participation:
    """Add a delegate; one who was removed before comes back with a new RSVP link and check-in
    code (the old ones may have been handed on while they were off the list)."""
    delegate = get_or_404(Delegate, delegate_id, "delegate", "delegate_id")
    participation = db.session.scalar(
        sa.select(Participation).where(
            Participation.event_id == event.id, Participation.delegate_id == delegate.id
        )
    )
    if participation is not None and participation.status is not ParticipantStatus.CANCELLED:
        raise Conflict(
            _("%(name)s takes part in this event already", name=delegate.full_name),
            {"delegate_id": [_("already a participant")]},
        )
    if participation is None:
        participation = Participation(event=event, delegate=delegate)
        db.session.add(participation)
    else:
        participation.renew_link()
        participation.sequence_offset += 1
        participation.invited_at = None  # to be invited again, above the cancellation
    participation.role = role
    _set_status(participation, status)
    _check_voting_right(participation)
    db.session.flush()
    return participation


def update_participant(participation: Participation, changes: dict[str, Any]) -> Participation:
    changes = dict(changes)
    if "status" in changes:
        _set_status(participation, changes.pop("status"))
    apply_changes(participation, changes)
    _check_voting_right(participation)
    db.session.flush()
    return participation


def remove_participant(participation: Participation) -> None:
    """Delete someone never invited; otherwise keep them as cancelled, for their calendar."""
    if participation.invited_at is None:
        db.session.delete(participation)
    else:
        participation.status = ParticipantStatus.CANCELLED
        participation.sequence_offset += 1
        participant_removed.send(participation)
    db.session.flush()


def rotate_rsvp_token(participation: Participation) -> Participation:
    """A new RSVP link, and with it a new check-in code (the pack behind the link carries
    the code, so a leaked link leaked the code too); the old ones stop working with this
    commit. Printed badges must be printed again."""
    participation.renew_link()
    db.session.flush()
    return participation


def renew_every_link() -> tuple[int, int]:
    """New secrets behind every personal feed, RSVP link and check-in code: needed after
    SECRET_KEY changed (the stored hashes no longer match what the server derives, so even the
    links organisers see are dead), or after the key and the database leaked together.
    Returns how many delegates and participations were renewed."""
    delegates = db.session.scalars(sa.select(Delegate)).all()
    for delegate in delegates:
        delegate.renew_link()
    participations = db.session.scalars(sa.select(Participation)).all()
    for participation in participations:
        participation.renew_link()
    db.session.flush()
    return len(delegates), len(participations)


def answer_closes_at(event: Event) -> datetime:
    """Answers may change until the registration deadline, or else until the meeting starts."""
    return event.registration_deadline or event.starts_at


def can_answer(participation: Participation, now: datetime) -> bool:
    event = participation.event
    return event.status in LIVE_STATUSES and now < answer_closes_at(event)


def respond(
    participation: Participation,
    answer: ParticipantStatus,
    needs: dict[str, Any],
    now: datetime,
) -> Participation:
    """A delegate's answer, with the needs the secretariat plans for (kept on the delegate)."""
    if answer not in ANSWERED_STATUSES:
        raise Invalid.field("answer", _("accept, tentative or decline"))
    if not can_answer(participation, now):
        raise Conflict(_("answers to this meeting are closed"))
    check(Delegate, needs)
    _set_status(participation, answer)
    apply_changes(participation.delegate, needs)
    db.session.flush()
    return participation


def _set_status(participation: Participation, status: ParticipantStatus) -> None:
    if status is ParticipantStatus.CANCELLED:
        raise Invalid.field("status", _("remove the participant to cancel their participation"))
    if status is not participation.status:
        participation.status = status
        participation.responded_at = utcnow() if status in ANSWERED_STATUSES else None


def _check_voting_right(participation: Participation) -> None:
    """A voting delegate speaks for an organisation in good standing with a voting seat on the
    meeting's body, and each organisation has one voting delegate per meeting."""
    if participation.role is not ParticipantRole.VOTING_DELEGATE:
        return
    event, organisation = participation.event, participation.delegate.organisation
    if not members.may_vote(organisation, event.body, meeting_day(event)):
        raise Invalid.field(
            "role", _("%(name)s has no vote in this meeting's body", name=organisation.name)
        )
    others = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Participation)
        .join(Delegate, Delegate.id == Participation.delegate_id)
        .where(
            Participation.event_id == event.id,
            Participation.id != participation.id,
            Participation.role == ParticipantRole.VOTING_DELEGATE,
            Participation.status != ParticipantStatus.CANCELLED,
            Delegate.organisation_id == organisation.id,
        )
    )
    if others:
        raise Conflict(
            _("%(name)s has a voting delegate at this meeting already", name=organisation.name),
            {"role": [_("one voting delegate per organisation")]},
        )


def meeting_day(event: Event) -> date:
    """The meeting's first day where it is held: the date votes and seats are reckoned on."""
    return event.starts_at.astimezone(event.zone).date()


def default_role(event: Event, delegate: Delegate) -> ParticipantRole:
    """What a delegate most likely comes as: their organisation's voice where it has a vote
    in the meeting's body, an observer at another body's meeting, else a guest."""
    if event.body is None:
        return ParticipantRole.GUEST
    if members.may_vote(delegate.organisation, event.body, meeting_day(event)):
        return ParticipantRole.VOTING_DELEGATE
    return ParticipantRole.OBSERVER


def default_roles(event: Event, delegates: Iterable[Delegate]) -> dict[int, ParticipantRole]:
    """``default_role`` of each delegate by id, asking who votes once for all of them."""
    delegates = list(delegates)
    if event.body is None:
        return {d.id: ParticipantRole.GUEST for d in delegates}
    voting = members.voters(event.body, meeting_day(event), {d.organisation_id for d in delegates})
    return {
        d.id: ParticipantRole.VOTING_DELEGATE
        if d.organisation_id in voting
        else ParticipantRole.OBSERVER
        for d in delegates
    }
