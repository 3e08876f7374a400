"""Building iCalendar objects (RFC 5545, 5546 and 7986) for meetings.

One function renders a meeting as a VEVENT; invitations and every feed use it, so a meeting
has the same UID, times and text wherever a calendar meets it. Times are written in the
meeting's own zone (``TZID`` plus a matching VTIMEZONE), never in UTC only: a delegate who
opens "10:00 Seoul" sees 10:00 Seoul, whatever their device is set to. The exception is the
hour a zone repeats when its clocks go back: there a local time names two instants and readers
disagree on which, so those instants are written in UTC (see :func:`_calendar_time`).

Feeds are rendered from the database on request, meeting by meeting, and each meeting's text
is reused until the meeting changes, at three levels, each keyed by the meeting's fingerprint
(``_Listed``: what a feed's listing query reads anyway, renewed by every change):

1. the feed's bytes, per process, under the data version (``views``): a feed read again
   before any write costs one query;
2. each meeting's VEVENT text, per process (:func:`component_cache`): after a change only the
   meetings that changed are rendered again;
3. the same text in the database (``store``), shared by every process and host: a process
   that starts (a new worker, a recycled one, another host) reads what others rendered
   instead of rendering it again, in one query per 500 meetings; what it has to render
   (the meetings changed since, or everything once after a deploy) it stores for the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache, cached_property
from typing import Any, NamedTuple
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from icalendar import Calendar, Timezone, vCalAddress, vDuration
from icalendar import Event as VEvent
from sqlalchemy.orm import joinedload

from planner.caching import LruCache
from planner.calendars import store
from planner.calendars.store import Rendered
from planner.db import find, one_of, utcnow
from planner.errors import NotFound
from planner.events.models import (
    LIVE_STATUSES,
    Event,
    EventKind,
    EventStatus,
    ParticipantRole,
    ParticipantStatus,
    Participation,
    Room,
    Session,
    SessionKind,
    Venue,
)
from planner.events.queries import participation_of
from planner.extensions import db
from planner.i18n import language_for
from planner.links import token_hash
from planner.members.models import Body, BodySeat, Delegate, Organisation

PRODID = "-//Assembly Planner//Governance meetings//EN"
# What feeds hold: recent history and what is planned, never everything.
FEED_PAST = timedelta(days=90)
FEED_FUTURE = timedelta(days=2 * 365)
# How often subscribed clients should look again.
REFRESH_INTERVAL = timedelta(hours=1)

_PARTSTAT = {
    ParticipantStatus.INVITED: "NEEDS-ACTION",
    ParticipantStatus.ACCEPTED: "ACCEPTED",
    ParticipantStatus.TENTATIVE: "TENTATIVE",
    ParticipantStatus.DECLINED: "DECLINED",
    ParticipantStatus.CANCELLED: "DECLINED",
}
_ROLE = {
    ParticipantRole.CHAIR: "CHAIR",
    ParticipantRole.VOTING_DELEGATE: "REQ-PARTICIPANT",
    ParticipantRole.SPEAKER: "REQ-PARTICIPANT",
    ParticipantRole.STAFF: "REQ-PARTICIPANT",
    ParticipantRole.ALTERNATE: "OPT-PARTICIPANT",
    ParticipantRole.OBSERVER: "OPT-PARTICIPANT",
    ParticipantRole.GUEST: "OPT-PARTICIPANT",
}
#: Statuses in which a meeting shows in public, body and organisation feeds.
_STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}


@dataclass(frozen=True)
class Site:
    """Where the service lives and who sends its invitations (from the configuration)."""

    base_url: str
    organiser_email: str
    organiser_name: str

    @cached_property  # in every UID a feed renders
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or "localhost"


def site_from_config(config: Mapping[str, Any]) -> Site:
    return Site(
        base_url=config["PLANNER_BASE_URL"].rstrip("/"),
        organiser_email=config["PLANNER_ORGANISER_EMAIL"],
        organiser_name=config["PLANNER_ORGANISER_NAME"],
    )


# Identity and links ---------------------------------------------------------------------------


def event_uid(event_id: int, site: Site) -> str:
    """The meeting's UID: the same in every invitation and feed, for ever."""
    return f"event-{event_id}@{site.host}"


def session_uid(session_id: int, site: Site) -> str:
    return f"session-{session_id}@{site.host}"


# Components -------------------------------------------------------------------------------------


@cache
def _vtimezone(tzid: str, first_year: int, last_year: int) -> bytes:
    """A VTIMEZONE whose transitions cover the given years (clients extrapolate nothing
    beyond them), in the form real clients read right. Cached: past rules do not change.

    icalendar writes two things that need undoing: a COMMENT (libical's iTIP check rejects
    it) and all of an observance's onsets in one RDATE (Mozilla's ical.js reads only the
    first value of each, putting summer meetings an hour off).
    """
    timezone = Timezone.from_tzid(
        tzid, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1)
    )
    timezone.pop("COMMENT", None)
    for observance in timezone.subcomponents:
        rdates = observance.pop("RDATE", None)
        for rdate in rdates if isinstance(rdates, list) else [rdates] if rdates else []:
            for onset in rdate.dts:
                observance.add("RDATE", onset.dt)
    return timezone.to_ical()


def _calendar(*, method: str | None = None, name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        # An X- property is text to icalendar: give it the duration already written out.
        calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL).to_ical().decode())
    return calendar


def _finish(
    calendar: Calendar, components: Iterable, zones: set[str], years: tuple[int, int]
) -> bytes:
    """VTIMEZONEs first (a reader meets each TZID's definition before its use), then the rest."""
    for tzid in sorted(zones):
        calendar.add_component(Timezone.from_ical(_vtimezone(tzid, *years)))
    for component in components:
        calendar.add_component(component)
    return calendar.to_ical()


class _Room(NamedTuple):
    name: str


class _Venue(NamedTuple):
    name: str
    address: str | None
    latitude: float | None
    longitude: float | None


class _Slot(NamedTuple):
    """A session as a feed renders it."""

    id: int
    starts_at: datetime
    ends_at: datetime
    title: str
    kind: SessionKind
    description: str | None
    restricted_to_body_id: int | None
    room: _Room | None


class _Meeting(NamedTuple):
    """A meeting as a feed renders it: read with Core, its venue and sessions in two more
    statements, since building ORM objects for a thousand meetings costs as much as the rest
    of a first rendering (invitations render the ORM ``Event``; both have these names)."""

    id: int
    title: str
    status: EventStatus
    kind: EventKind
    starts_at: datetime
    ends_at: datetime
    timezone: str
    updated_at: datetime
    sequence: int
    description: str | None
    venue: _Venue | None
    sessions: list[_Slot]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def _location(event: Event | _Meeting, session: Session | _Slot | None = None) -> str | None:
    venue = event.venue
    if venue is None:
        return None
    parts = [session.room.name] if session is not None and session.room else []
    parts += [venue.name, venue.address or ""]
    return ", ".join(part for part in parts if part)


def _programme(event: Event | _Meeting) -> str:
    """The timetable as plain text, by day, in the meeting's own zone and the current
    language."""
    lines: list[str] = []
    day = None
    for session in event.sessions:
        start = session.starts_at.astimezone(event.zone)
        end = session.ends_at.astimezone(event.zone)
        if start.date() != day:
            day = start.date()
            lines.append(format_date(day, "full"))
        room = f" ({session.room.name})" if session.room else ""
        lines.append(f"  {start:%H:%M}–{end:%H:%M} {session.title}{room}")
    return "\n".join(lines)


def _calendar_time(moment: datetime, zone: ZoneInfo) -> datetime:
    """The instant as DTSTART/DTEND say it: in the meeting's zone, except when that local time
    comes twice (the repeated hour at the end of daylight saving time), where icalendar,
    vobject and Radicale take the first occurrence and ical.js the second: UTC then."""
    local = moment.astimezone(zone)
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        return moment.astimezone(UTC)
    return local


def meeting_vevent(
    event: Event | _Meeting, site: Site, *, stamp: datetime, sequence: int
) -> VEvent:
    """The meeting as one VEVENT from its first to its last session."""
    vevent = VEvent()
    vevent.add("uid", event_uid(event.id, site))
    vevent.add("sequence", sequence)
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", _calendar_time(event.starts_at, event.zone))
    vevent.add("dtend", _calendar_time(event.ends_at, event.zone))
    vevent.add("summary", event.title)
    vevent.add("status", _STATUS.get(event.status, "CONFIRMED"))
    vevent.add("last-modified", event.updated_at)
    vevent.add("categories", [event.kind.value])
    if location := _location(event):
        vevent.add("location", location)
    if event.venue is not None and event.venue.latitude is not None:
        vevent.add("geo", (event.venue.latitude, event.venue.longitude))
    description = "\n\n".join(text for text in (event.description, _programme(event)) if text)
    if description:
        vevent.add("description", description)
    return vevent


def session_vevent(
    event: Event | _Meeting, session: Session | _Slot, site: Site, *, stamp: datetime
) -> VEvent:
    """A timetable slot as its own VEVENT, so a phone shows the programme of the day."""
    vevent = VEvent()
    vevent.add("uid", session_uid(session.id, site))
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", _calendar_time(session.starts_at, event.zone))
    vevent.add("dtend", _calendar_time(session.ends_at, event.zone))
    vevent.add("summary", f"{session.title} · {event.title}")
    vevent.add("status", _STATUS.get(event.status, "CONFIRMED"))
    vevent.add("related-to", event_uid(event.id, site))
    vevent.add("categories", [session.kind.value])
    if location := _location(event, session):
        vevent.add("location", location)
    if session.description:
        vevent.add("description", session.description)
    return vevent


# Invitations (iTIP) -------------------------------------------------------------------------------


class Announcement(NamedTuple):
    """What an iTIP message to one participant says: decided with the change that causes it
    and kept with the e-mail that carries it, so a cancellation delivered after the meeting
    was brought back still cancels (the time and place are the latest)."""

    method: str  # REQUEST | CANCEL
    status: str  # the VEVENT's STATUS
    sequence: int


def copy_sequence(participation: Participation) -> int:
    """The SEQUENCE of a participant's copy of the meeting, in e-mails and feeds alike: the
    meeting's, raised by each removal and each return (``Participation.sequence_offset``)."""
    return participation.event.sequence + participation.sequence_offset


def announcement(participation: Participation) -> Announcement:
    """What a message to this participant says now: REQUEST while they are invited to a live
    meeting; CANCEL once the meeting is cancelled or they were removed."""
    event = participation.event
    removed = participation.status is ParticipantStatus.CANCELLED
    if removed or event.status is EventStatus.CANCELLED:
        return Announcement("CANCEL", "CANCELLED", copy_sequence(participation))
    return Announcement(
        "REQUEST", _STATUS.get(event.status, "CONFIRMED"), copy_sequence(participation)
    )


def invitation(
    participation: Participation, site: Site, rsvp_url: str, said: Announcement | None = None
) -> bytes:
    """The iTIP message for this participant: what ``said`` decided (by default, what holds
    now), with the meeting's time, place and programme as they are now, in their language.

    DTSTAMP is when that message came to be: the later change of meeting and participation.
    """
    event = participation.event
    said = said or announcement(participation)
    stamp = max(event.updated_at, participation.updated_at)
    with force_locale(language_for(participation.delegate.language)):
        vevent = meeting_vevent(event, site, stamp=stamp, sequence=said.sequence)
        answer = _("Your answer: %(link)s", link=rsvp_url)
    vevent["status"] = said.status
    vevent.add("url", rsvp_url)
    if said.method == "REQUEST":
        for url, media_type in attachments(participation, site):
            vevent.add("attach", url, parameters={"FMTTYPE": media_type})
    vevent["description"] = "\n\n".join(
        text for text in (vevent.get("description"), answer) if text
    )
    organiser = vCalAddress(f"mailto:{site.organiser_email}")
    organiser.params["cn"] = site.organiser_name
    vevent.add("organizer", organiser)
    vevent.add("attendee", _attendee(participation))
    calendar = _calendar(method=said.method)
    years = (event.starts_at.year - 1, event.ends_at.year + 1)
    return _finish(calendar, [vevent], {event.timezone}, years)


#: Where the links an invitation attaches (ATTACH, RFC 5545 3.8.1.1) come from: functions
#: ``(participation, site) -> [(url, media type)]``, in ``app.extensions`` under this name.
#: The packages above calendars (a meeting's documents) add theirs when create_app runs.
ATTACHMENT_SOURCES = "invitation_attachments"


def attachments(participation: Participation, site: Site) -> list[tuple[str, str]]:
    return [
        link
        for source in current_app.extensions.get(ATTACHMENT_SOURCES, ())
        for link in source(participation, site)
    ]


def _attendee(participation: Participation) -> vCalAddress:
    delegate = participation.delegate
    attendee = vCalAddress(f"mailto:{delegate.email}")
    names = [delegate.native_name, delegate.full_name]
    shown = [name for name in names if name]
    attendee.params["cn"] = (
        f"{shown[0]} ({shown[1]})" if len(shown) == 2 and shown[0] != shown[1] else shown[0]
    )
    attendee.params["role"] = _ROLE[participation.role]
    attendee.params["partstat"] = _PARTSTAT[participation.status]
    attendee.params["rsvp"] = "TRUE"
    attendee.params["cutype"] = "INDIVIDUAL"
    return attendee


def participation_for_invite(event_id: int, participation_id: int) -> Participation:
    return participation_of(
        event_id,
        participation_id,
        joinedload(Participation.delegate),
        joinedload(Participation.event).selectinload(Event.sessions),
    )


# Feeds --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Feed:
    """What a feed is about, before anything is rendered (enough to answer 404 or 304)."""

    kind: str  # public | body | organisation | delegate | event
    key: str
    name: str
    private: bool = False
    #: The secret in a private feed's address: what links from that feed to its reader's
    #: documents carry (not their RSVP link, which also answers and holds passport data).
    token: str | None = field(default=None, repr=False, compare=False)


def find_feed(kind: str, ident: str) -> Feed:
    """The feed at this address, or NotFound (unknown slug, unknown or revoked token)."""
    if kind == "public":
        return Feed("public", "public", "Network meetings")
    if kind == "body":
        name = db.session.scalar(sa.select(Body.name).where(Body.slug == ident))
        if name is None:
            raise NotFound(_("no body %(slug)s", slug=repr(ident)))
        return Feed("body", ident, name)
    if kind == "organisation":
        name = db.session.scalar(sa.select(Organisation.name).where(Organisation.slug == ident))
        if name is None:
            raise NotFound(_("no organisation %(slug)s", slug=repr(ident)))
        return Feed("organisation", ident, f"{name}: network meetings")
    if kind == "delegate":
        delegate = delegate_by_feed_token(ident)
        name = f"{delegate.full_name}: meetings"
        return Feed("delegate", str(delegate.id), name, private=True, token=ident)
    if kind == "event":
        event = find(Event, ident)
        if event is None or not _public(event):
            raise NotFound(_("no published meeting %(id)s", id=ident))
        return Feed("event", ident, event.title)
    raise NotFound(_("no %(kind)s feed", kind=kind))


def _public(event: Event) -> bool:
    return event.status in LIVE_STATUSES and not event.confidential


def delegate_by_feed_token(token: str) -> Delegate:
    """The delegate whose current feed token this is, found by the token's hash."""
    delegate = db.session.scalar(
        sa.select(Delegate).where(Delegate.calendar_token_hash == token_hash(token))
    )
    if delegate is None:
        raise NotFound(_("no such calendar"))
    return delegate


class _Listed(NamedTuple):
    """A meeting as a feed lists it: enough to know whether its rendered text is still good
    (every change to a meeting, its timetable or its venue renews ``updated_at``)."""

    id: int
    updated_at: datetime
    sequence: int
    status: EventStatus
    timezone: str
    ends_at: datetime
    removed: bool = False  # the delegate was taken off this meeting
    sequence_offset: int = 0  # their copy's SEQUENCE above the meeting's (see copy_sequence)


def component_cache() -> LruCache:
    """Rendered VEVENT text by (site, meeting fingerprint, what was rendered): a feed rendered
    again after a change renders only the meetings that changed and reuses the rest."""
    return LruCache(max_entries=50_000, max_age=float("inf"))


#: What a render does with the meetings it had to render, for the other processes.
Keep = Callable[[list[store.Stored]], None]


def render_feed(
    feed: Feed,
    site: Site,
    now: datetime | None = None,
    components: LruCache | None = None,
    keep: Keep = store.store,
) -> bytes:
    """The feed's calendar. What it had to render it hands to ``keep``: by default stored
    in the session's transaction, for the caller to commit; the feed view keeps it until
    its reader has the response (see ``views``)."""
    now = now or utcnow()
    components = components if components is not None else component_cache()
    listed = _in_window(now)
    if feed.kind == "delegate":
        return _delegate_feed(feed, site, listed, now, components, keep)
    listed = _in_public(listed)
    if feed.kind == "event":
        listed = listed.where(Event.id == int(feed.key))
    elif feed.kind == "body":
        listed = listed.join(Body, Body.id == Event.body_id).where(Body.slug == feed.key)
    elif feed.kind == "organisation":
        attending = (
            sa.select(Participation.event_id)
            .join(Delegate, Delegate.id == Participation.delegate_id)
            .join(Organisation, Organisation.id == Delegate.organisation_id)
            .where(
                Organisation.slug == feed.key,
                Participation.status != ParticipantStatus.CANCELLED,
            )
        )
        listed = listed.where(Event.id.in_(attending))
    meetings = [_Listed(*row) for row in db.session.execute(listed)]
    rendered = _rendered(meetings, site, components, keep, with_sessions=False)
    links = feed_attachments(feed, [m.id for m in meetings], site)
    parts = [_attach(rendered[m][0], links.get(m.id, ())) for m in meetings]
    return _assemble(feed, meetings, parts, now)


def _in_window(now: datetime) -> sa.Select:
    """The meetings a feed may list (``_Listed``), in their order."""
    listed = sa.select(
        Event.id, Event.updated_at, Event.sequence, Event.status, Event.timezone, Event.ends_at
    ).where(Event.ends_at > now - FEED_PAST, Event.starts_at < now + FEED_FUTURE)
    return listed.order_by(Event.starts_at, Event.id)


def _in_public(listed: sa.Select) -> sa.Select:
    return listed.where(Event.status.in_(LIVE_STATUSES), Event.confidential.is_(False))


def warm_store(site: Site, now: datetime | None = None) -> tuple[int, int]:
    """Render into the shared store, ahead of any reader, what feeds ask for first after a
    deploy (whose new rendering version finds nothing stored): every meeting as the public,
    body and organisation feeds show it, and as delegates' feeds show it (with its
    sessions) to those still on it. The caller commits. How many meetings were rendered,
    and how many found stored already."""
    now = now or utcnow()
    listed = _in_window(now)
    attended = sa.exists().where(
        Participation.event_id == Event.id,
        Participation.status.not_in([ParticipantStatus.DECLINED, ParticipantStatus.CANCELLED]),
    )
    rendered: list[store.Stored] = []

    def keep(rows: list[store.Stored]) -> None:
        store.store(rows)
        rendered.extend(rows)

    listings = (
        (_in_public(listed), False),
        (listed.where(Event.status != EventStatus.DRAFT, attended), True),
    )
    total = 0
    for listing, with_sessions in listings:
        meetings = [_Listed(*row) for row in db.session.execute(listing)]
        _rendered(meetings, site, component_cache(), keep, with_sessions)
        total += len(meetings)
    return len(rendered), total - len(rendered)


def _delegate_feed(
    feed: Feed, site: Site, listed: sa.Select, now: datetime, components: LruCache, keep: Keep
) -> bytes:
    """The delegate's meetings and their sessions; a cancelled meeting (or their removal from
    one) stays, marked CANCELLED, until its original end has passed."""
    delegate_id = int(feed.key)
    rows = db.session.execute(
        listed.add_columns(
            Participation.status == ParticipantStatus.CANCELLED, Participation.sequence_offset
        )
        .join(Participation, Participation.event_id == Event.id)
        .where(
            Participation.delegate_id == delegate_id,
            Participation.status != ParticipantStatus.DECLINED,
            Event.status != EventStatus.DRAFT,
        )
    )
    meetings = [
        meeting
        for meeting in (_Listed(*row) for row in rows)
        if not (_gone(meeting) and meeting.ends_at <= now)
    ]
    today = now.date()
    seats = set(
        db.session.scalars(
            sa.select(BodySeat.body_id)
            .join(Delegate, Delegate.organisation_id == BodySeat.organisation_id)
            .where(
                Delegate.id == delegate_id,
                BodySeat.term_start <= today,
                sa.or_(BodySeat.term_end.is_(None), BodySeat.term_end >= today),
            )
        )
    )
    rendered = _rendered(meetings, site, components, keep, with_sessions=True)
    links = feed_attachments(feed, [m.id for m in meetings if not _gone(m)], site)
    parts: list[bytes] = []
    for meeting in meetings:
        text, sessions = rendered[meeting]
        parts.append(_attach(text, links.get(meeting.id, ())))
        if not _gone(meeting):
            parts += [t for body, t in sessions if body is None or body in seats]
    return _assemble(feed, meetings, parts, now)


def _gone(meeting: _Listed) -> bool:
    return meeting.status is EventStatus.CANCELLED or meeting.removed


def _rendered(
    meetings: list[_Listed], site: Site, components: LruCache, keep: Keep, with_sessions: bool
) -> dict[_Listed, Rendered]:
    """Each meeting's VEVENT text (and, for a delegate, its sessions' with the body each is
    restricted to): from this process's cache, else from the store shared by every process,
    else rendered, in one batch, and handed to ``keep`` for the others."""
    found: dict[_Listed, Rendered] = {}
    missing: list[_Listed] = []
    for meeting in meetings:
        cached = components.get((site, meeting, with_sessions))
        if cached is None:
            missing.append(meeting)
        else:
            found[meeting] = cached
    if not missing:
        return found
    # Feeds are shared by readers of every language (and cached for all): the default.
    locale = current_app.config["BABEL_DEFAULT_LOCALE"]
    keys = dict(zip(missing, store.keys((site, locale, with_sessions), missing), strict=True))
    kept = store.stored(list(keys.values()))
    new = [meeting for meeting in missing if keys[meeting] not in kept]
    if new:
        by_id = _load_for_rendering([m.id for m in new])
        with force_locale(locale):
            for meeting in new:
                kept[keys[meeting]] = _render(by_id[meeting.id], meeting, site, with_sessions)
        keep([store.Stored(keys[m], m.id, m.updated_at, kept[keys[m]]) for m in new])
    for meeting in missing:
        found[meeting] = kept[keys[meeting]]
        components.put((site, meeting, with_sessions), found[meeting])
    return found


def _load_for_rendering(ids: list[int]) -> dict[int, _Meeting]:
    meetings: dict[int, _Meeting] = {}
    for start in range(0, len(ids), store.CHUNK):  # bounded IN lists
        chunk = ids[start : start + store.CHUNK]
        slots: dict[int, list[_Slot]] = {}
        for row in db.session.execute(_SLOTS.where(one_of(Session.event_id, chunk))):
            room = _Room(row.room) if row.room is not None else None
            slots.setdefault(row.event_id, []).append(
                _Slot(
                    row.id, row.starts_at, row.ends_at, row.title, row.kind, row.description,
                    row.restricted_to_body_id, room,
                )
            )  # fmt: skip
        for row in db.session.execute(_MEETINGS.where(one_of(Event.id, chunk))):
            venue = (
                _Venue(row.venue, row.address, row.latitude, row.longitude)
                if row.venue is not None
                else None
            )
            meetings[row.id] = _Meeting(
                row.id, row.title, row.status, row.kind, row.starts_at, row.ends_at,
                row.timezone, row.updated_at, row.sequence, row.description, venue,
                slots.get(row.id, []),
            )  # fmt: skip
    return meetings


#: The sessions of some meetings, and the meetings with their venues (which: ``where``).
_SLOTS = (
    sa.select(
        Session.event_id, Session.id, Session.starts_at, Session.ends_at, Session.title,
        Session.kind, Session.description, Session.restricted_to_body_id,
        Room.name.label("room"),
    )
    .outerjoin(Room, Room.id == Session.room_id)
    .order_by(Session.starts_at, Session.id)
)  # fmt: skip
_MEETINGS = (
    sa.select(
        Event.id, Event.title, Event.status, Event.kind, Event.starts_at, Event.ends_at,
        Event.timezone, Event.updated_at, Event.sequence, Event.description,
        Venue.name.label("venue"), Venue.address, Venue.latitude, Venue.longitude,
    )
    .outerjoin(Venue, Venue.id == Event.venue_id)
)  # fmt: skip


def _render(event: _Meeting, meeting: _Listed, site: Site, with_sessions: bool) -> Rendered:
    """Feeds stamp a meeting with its last change (DTSTAMP of a published calendar), so its
    text does not change until the meeting does."""
    stamp = event.updated_at
    vevent = meeting_vevent(
        event, site, stamp=stamp, sequence=meeting.sequence + meeting.sequence_offset
    )
    if _gone(meeting):
        vevent["status"] = "CANCELLED"
    sessions = []
    if with_sessions and not _gone(meeting):
        sessions = [
            (s.restricted_to_body_id, session_vevent(event, s, site, stamp=stamp).to_ical())
            for s in event.sessions
        ]
    return vevent.to_ical(), sessions


#: Where the links a feed attaches to its meetings come from: functions
#: ``(feed, meeting ids, site) -> {meeting id: [(url, media type)]}``, in ``app.extensions``
#: under this name. They are not part of a meeting's cached text: they depend on the reader
#: (a delegate's feed links what they may read) and on rows other than the meeting's.
FEED_ATTACHMENT_SOURCES = "feed_attachments"


def feed_attachments(
    feed: Feed, event_ids: list[int], site: Site
) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = {}
    if not event_ids:
        return found
    for source in current_app.extensions.get(FEED_ATTACHMENT_SOURCES, ()):
        for event_id, links in source(feed, event_ids, site).items():
            found.setdefault(event_id, []).extend(links)
    return found


def _attach(vevent_text: bytes, links: Sequence[tuple[str, str]]) -> bytes:
    """A rendered VEVENT with ATTACH properties added before its end."""
    if not links:
        return vevent_text
    holder = VEvent()
    for url, media_type in links:
        holder.add("attach", url, parameters={"FMTTYPE": media_type})
    lines = holder.to_ical().removeprefix(b"BEGIN:VEVENT\r\n").removesuffix(b"END:VEVENT\r\n")
    end = b"END:VEVENT\r\n"
    return vevent_text.removesuffix(end) + lines + end


def _feed_years(now: datetime) -> tuple[int, int]:
    """The years a feed's VTIMEZONEs cover: its window's, and the next."""
    return (now - FEED_PAST).year, (now + FEED_FUTURE).year + 1


def prepare_zones(now: datetime | None = None) -> int:
    """Make the VTIMEZONEs of the zones the feeds' meetings are in, which a process makes
    once (:func:`_vtimezone`), before a first reader waits for them: a web worker does at
    start. icalendar takes about 20 ms for each zone without daylight saving time (it
    searches for a change of offset up to the year 9999). How many zones."""
    now = now or utcnow()
    window = _in_window(now).subquery()
    zones = db.session.scalars(sa.select(window.c.timezone).distinct()).all()
    for tzid in zones:
        _vtimezone(tzid, *_feed_years(now))
    return len(zones)


def _assemble(feed: Feed, meetings: list[_Listed], parts: list[bytes], now: datetime) -> bytes:
    """The VCALENDAR around already rendered components (each ends with CRLF)."""
    years = _feed_years(now)
    head = _finish(_calendar(name=feed.name), (), {m.timezone for m in meetings}, years)
    end = b"END:VCALENDAR\r\n"
    return b"".join([head.removesuffix(end), *parts, end])
