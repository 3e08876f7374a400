"""Delegate packs and badge sheets: what they show, who may have one, and their cache.

A meeting's content is gathered once (a fixed number of queries, whatever the number of
participants) and kept per data version, so the packs of one meeting share it. Each pack is
cached in storage under a hash of everything it shows; a changed title, session, name or language
gives a new hash, and the pack is rebuilt on its next request.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

import sqlalchemy as sa
from babel import Locale
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, selectinload

from planner.caching import LruCache, current_data_version
from planner.documents import queries as papers
from planner.documents import service as papers_service
from planner.errors import Invalid, NotFound
from planner.events.models import (
    EXPECTED_STATUSES,
    LIVE_STATUSES,
    Event,
    ParticipantRole,
    ParticipantStatus,
    Participation,
    Session,
)
from planner.events.queries import participation_for_rsvp
from planner.events.service import meeting_day
from planner.extensions import db
from planner.governance.agenda import queries as agenda
from planner.governance.credentials import service as credentials
from planner.governance.door.service import check_in_token
from planner.links import delegate_document_path, public_document_path
from planner.members import service as members
from planner.members.models import BodySeat, Delegate
from planner.packs import badges, documents
from planner.packs.content import (
    AgendaLine,
    DocumentLine,
    Meeting,
    Pack,
    Person,
    Place,
    SessionLine,
    SideEvent,
)
from planner.storage import Storage, storage_for

#: Raise when the layout changes: every cached pack is then rebuilt.
TEMPLATE_VERSION = "4"
PAPERS = ("a4", "letter")

_meetings = LruCache(max_entries=64)


@dataclass(frozen=True)
class MeetingPacks:
    """A meeting's shared content, and per participation what only their pack adds."""

    meeting: Meeting
    personal: dict[int, Pack]  # participation id -> pack (in the delegate's language, A4)
    statuses: dict[int, ParticipantStatus]


def meeting_packs(event_id: int) -> MeetingPacks:
    """The packs of a meeting, gathered once per data version."""
    version = current_data_version()
    key = (db.engine.url, event_id, version)
    found = _meetings.get(key) if version else None
    if found is None:
        found = _gather(event_id)
        if version:
            _meetings.put(key, found)
    return found


def pack_for(event_id: int, participation_id: int, language: str | None, paper: str) -> Pack:
    """The pack of one participant, as an organiser asks for it (any language, any paper)."""
    packs = meeting_packs(event_id)
    pack = packs.personal.get(participation_id)
    if pack is None or packs.statuses[participation_id] is ParticipantStatus.CANCELLED:
        raise NotFound(
            _("participant %(id)s does not exist in event %(event)s",
              id=participation_id, event=event_id)
        )  # fmt: skip
    return _with_options(pack, language, paper)


def pack_for_delegate(rsvp_token: str, language: str | None, paper: str) -> Pack:
    """The pack behind a delegate's secret link; a removed participant's link finds nothing."""
    participation = participation_for_rsvp(rsvp_token)
    return pack_for(participation.event_id, participation.id, language, paper)


def _with_options(pack: Pack, language: str | None, paper: str) -> Pack:
    language = _checked_options(language, paper)
    return replace(pack, language=language or pack.language, paper=paper)


def check_paper(paper: str) -> None:
    if paper not in PAPERS:
        raise Invalid(
            _("unknown paper size"),
            {"paper": [_("one of %(choices)s", choices=", ".join(PAPERS))]},
        )


def _checked_options(language: str | None, paper: str) -> str | None:
    check_paper(paper)
    languages = current_app.config["LANGUAGES"]
    if language is not None and language not in languages:
        raise Invalid(
            _("unknown language"),
            {"lang": [_("one of %(choices)s", choices=", ".join(languages))]},
        )
    return language


def pack_pdf(pack: Pack) -> bytes:
    """The pack's PDF, from the cache when nothing it shows has changed."""
    key = cached_pack(pack_key(pack))
    try:
        with storage().open(key) as file:
            return file.read()
    except FileNotFoundError:
        pass
    with force_locale(pack.language):
        pdf = documents.build_pack(pack)
    storage().write(key, pdf)  # concurrent builders of one pack both succeed
    return pdf


def cached_pack(key: str) -> str:
    """The storage key of the pack whose hash is ``key``."""
    return f"cache/{key}.pdf"


def pack_filename(person: Person) -> str:
    """``0042-kim-min-jun.pdf``: sortable, ASCII, unique by the participation id."""
    slug = "-".join(re.findall(r"[a-z0-9]+", _ascii(person.latin_name).lower()))[:60]
    return f"{person.participation_id:04d}-{slug or 'participant'}.pdf"


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def pack_key(pack: Pack) -> str:
    """A hash of everything the pack shows; the meeting part is hashed once per meeting."""
    # A copy for repr() only: the pack less its meeting, which meeting.digest stands for.
    personal = replace(pack, meeting=None)  # type: ignore[arg-type]
    text = f"{TEMPLATE_VERSION}|{pack.meeting.digest}|{personal!r}"
    return hashlib.sha256(text.encode()).hexdigest()


def badge_sheet_pdf(event_id: int, paper: str = "a4", language: str | None = None) -> bytes:
    """Every coming participant's badge, in the order the sheet is cut and handed out; role
    labels in one language for the whole sheet (English unless asked)."""
    language = _checked_options(language, paper) or "en"
    packs = meeting_packs(event_id)
    people = [
        (person, packs.personal[person.participation_id].check_in_token)
        for person in packs.meeting.participants
    ]
    with force_locale(language):
        return badges.build_badge_sheet(people, meeting_title=packs.meeting.title, paper=paper)


def coming_participations(event_id: int) -> list[int]:
    """Who a bulk run makes packs for, in badge order."""
    return [person.participation_id for person in meeting_packs(event_id).meeting.participants]


# Gathering ----------------------------------------------------------------------------------


def _gather(event_id: int) -> MeetingPacks:
    event = db.session.scalar(
        sa.select(Event)
        .where(Event.id == event_id)
        .options(
            joinedload(Event.venue),
            joinedload(Event.body),
            selectinload(Event.sessions).selectinload(Session.speakers),
            selectinload(Event.sessions).joinedload(Session.room),
            selectinload(Event.sessions).joinedload(Session.restricted_to_body),
            selectinload(Event.side_events).joinedload(Event.venue),
        )
    )
    if event is None:
        raise NotFound(_("event %(id)s does not exist", id=event_id))
    participations = db.session.scalars(
        sa.select(Participation)
        .where(Participation.event_id == event_id)
        .options(joinedload(Participation.delegate).joinedload(Delegate.organisation))
    ).all()
    organisation_ids = {p.delegate.organisation_id for p in participations}
    seats = _current_seats(organisation_ids, meeting_day(event))
    # Who holds a vote here: the one answer of the members service (the body's voting rule).
    voting = (
        members.voters(event.body, meeting_day(event), organisation_ids) if event.body else set()
    )
    people = {p.id: _person(p, p.delegate.organisation_id in voting) for p in participations}
    speaking = credentials.by_participation(credentials.credentials_of(event_id))
    meeting = _meeting(
        event, [people[p.id] for p in participations if p.status in EXPECTED_STATUSES]
    )
    readable = _document_lines(event_id, participations)
    personal = {
        p.id: Pack(
            meeting=meeting,
            person=people[p.id],
            delegate_id=p.delegate_id,
            body_ids=frozenset(seats.get(p.delegate.organisation_id, ())),
            timezone=p.delegate.timezone,
            language=_pack_language(p.delegate.language),
            credential=credentials.state(speaking[p.id]) if p.id in speaking else None,
            check_in_token=check_in_token(p),
            paper="a4",
            documents=readable[p.id],
        )
        for p in participations
    }
    return MeetingPacks(meeting, personal, {p.id: p.status for p in participations})


def _document_lines(
    event_id: int, participations: Sequence[Participation]
) -> dict[int, tuple[DocumentLine, ...]]:
    """Each participant's readable documents, by agenda item, each linked: a public one by its
    public address, any other by the delegate's own link."""
    every = papers.documents_of(event_id)
    readable = papers_service.readable_by_each(every, participations)
    base_url = current_app.config["PLANNER_BASE_URL"]
    lines = {}
    for participation in participations:
        token = participation.rsvp_token
        lines[participation.id] = tuple(
            DocumentLine(
                number=shelf.number,
                title=document.title,
                kind=document.kind,
                languages=tuple(sorted(papers_service.newest_versions(document))),
                url=base_url
                + (
                    public_document_path(document.id)
                    if papers_service.is_public(document)
                    else delegate_document_path(token, document.id)
                ),
            )
            for shelf in papers.shelves(event_id, readable[participation.id])
            for document in shelf.documents
        )
    return lines


def _current_seats(organisation_ids: Iterable[int], on: date) -> dict[int, set[int]]:
    """Bodies each organisation sits on at the meeting's date (restricted sessions)."""
    rows = db.session.execute(
        sa.select(BodySeat.organisation_id, BodySeat.body_id).where(
            BodySeat.organisation_id.in_(list(organisation_ids)),
            BodySeat.term_start <= on,
            sa.or_(BodySeat.term_end.is_(None), BodySeat.term_end >= on),
        )
    )
    seats: dict[int, set[int]] = {}
    for organisation_id, body_id in rows:
        seats.setdefault(organisation_id, set()).add(body_id)
    return seats


def _pack_language(language: str) -> str:
    """The delegate's language where packs speak it, else English."""
    primary = language.split("-")[0].lower()
    return primary if primary in current_app.config["LANGUAGES"] else "en"


def _person(participation: Participation, may_vote: bool) -> Person:
    delegate = participation.delegate
    organisation = delegate.organisation
    return Person(
        participation_id=participation.id,
        latin_name=delegate.full_name,
        native_name=delegate.native_name,
        family_name=delegate.family_name,
        title=delegate.title,
        position=delegate.position,
        organisation=organisation.name,
        organisation_native=organisation.native_name,
        country=organisation.country,
        language=organisation.language,
        role=participation.role,
        voting=participation.role is ParticipantRole.VOTING_DELEGATE and may_vote,
    )


def _meeting(event: Event, coming: list[Person]) -> Meeting:
    config = current_app.config
    return Meeting(
        id=event.id,
        network=config["PLANNER_NETWORK_NAME"],
        title=event.title,
        kind=event.kind,
        body=event.body.name if event.body else None,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        timezone=event.timezone,
        description=event.description,
        venue=_place(event),
        sessions=tuple(_session_line(session) for session in event.sessions),
        agenda=tuple(_agenda_line(entry) for entry in agenda.flat(agenda.agenda(event.id))),
        side_events=tuple(
            SideEvent(
                title=side.title,
                kind=side.kind,
                starts_at=side.starts_at,
                ends_at=side.ends_at,
                place=side.venue.name if side.venue else None,
            )
            for side in sorted(event.side_events, key=lambda side: (side.starts_at, side.id))
            if side.status in LIVE_STATUSES
        ),
        participants=tuple(sorted(coming, key=badge_order)),
        secretariat_name=config["PLANNER_ORGANISER_NAME"],
        secretariat_email=config["PLANNER_ORGANISER_EMAIL"],
    )


def _place(event: Event) -> Place | None:
    venue = event.venue
    if venue is None:
        return None
    return Place(
        name=venue.name,
        native_name=venue.native_name,
        address=venue.address,
        native_address=venue.native_address,
        city=venue.city,
        directions=venue.directions,
        latitude=venue.latitude,
        longitude=venue.longitude,
    )


def _agenda_line(entry: agenda.Entry) -> AgendaLine:
    item, session = entry.item, entry.session
    return AgendaLine(
        number=entry.number,
        title=item.title,
        text=item.text,
        kind=item.kind,
        sub=item.parent_id is not None,
        session=session.title if session else None,
        session_starts_at=session.starts_at if session else None,
        session_ends_at=session.ends_at if session else None,
    )


def _session_line(session: Session) -> SessionLine:
    return SessionLine(
        id=session.id,
        title=session.title,
        kind=session.kind,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        room=session.room.name if session.room else None,
        room_native=session.room.native_name if session.room else None,
        speakers=tuple(speaker.full_name for speaker in session.speakers),
        restricted_to=session.restricted_to_body.name if session.restricted_to_body else None,
        restricted_to_body_id=session.restricted_to_body_id,
        speaker_ids=tuple(speaker.id for speaker in session.speakers),
    )


_ENGLISH = Locale("en")


def badge_order(person: Person) -> tuple[str, str, str]:
    """Country (by its English name), then organisation, then family name: how the desk sorts
    the badges it hands out."""
    country = _ENGLISH.territories.get(person.country, person.country)
    family = person.family_name or person.latin_name
    return (country.casefold(), person.organisation.casefold(), family.casefold())


# Storage ------------------------------------------------------------------------------------


def storage() -> Storage:
    """Where packs are cached and bulk runs keep their files."""
    return storage_for("packs", current_app.config)
