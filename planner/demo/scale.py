"""The demo network made several times larger (``flask planner demo --scale 10``): what the
scale benches and a secretariat sizing a server run against.

Each scale step adds a copy of the network's 130 members (its own slugs, names and
delegates: 1,300 organisations and 2,484 delegates at 10), 120 meetings a step spread
over the year before and the year after today (1,200 at 10), each with 20 to 40 participants,
and, from 2 up, a three-day congress of the whole network (2,000 participants at 10). Members
and meetings go through the services, as typed data would; participations, the bulk of the
rows, are inserted a meeting at a time with their secret links made as the model makes them.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from planner.events import service as events
from planner.events.models import (
    ANSWERED_STATUSES,
    Event,
    EventKind,
    EventStatus,
    ParticipantRole,
    ParticipantStatus,
    Participation,
    SessionKind,
    Venue,
)
from planner.extensions import db
from planner.members import service as members
from planner.members.models import Body, BodySeat, Delegate, Membership, Organisation, SeatRole

#: Meetings a scale step holds in all (the base demo's count toward the first step's).
MEETINGS_PER_STEP = 120
#: Participants of the congress at most (it invites this many of the network's delegates).
CONGRESS_SIZE = 2_000
SEOUL = ZoneInfo("Asia/Seoul")
_KINDS = (EventKind.SEMINAR, EventKind.WORKSHOP, EventKind.STUDY_VISIT, EventKind.SIDE_EVENT)
_TOPICS = (
    "Resilient water systems", "Urban heat", "Open budgets", "Smart mobility", "Ageing cities",
    "Circular economy", "Coastal flooding", "Affordable housing", "Digital services",
    "Clean air", "Disaster risk finance", "Green jobs",
)  # fmt: skip


def grow(scale: int, rng: random.Random, today: date, bodies: dict[str, Body]) -> None:
    """Add scale steps 2 to ``scale`` to the loaded base demo."""
    if scale < 2:
        return
    base = list(
        db.session.scalars(
            sa.select(Organisation)
            .where(Organisation.membership != Membership.PARTNER)
            .order_by(Organisation.id)
        )
    )
    assembly = bodies["general-assembly"]
    people: dict[int, list[Delegate]] = {}
    for person in db.session.scalars(sa.select(Delegate).order_by(Delegate.id)):
        people.setdefault(person.organisation_id, []).append(person)
    for step in range(2, scale + 1):
        for org in base:
            _copy_member(org, people.get(org.id, []), step, assembly)
    db.session.flush()
    delegates = list(db.session.scalars(sa.select(Delegate).order_by(Delegate.id)))
    venues = list(db.session.scalars(sa.select(Venue).order_by(Venue.id)))
    existing = db.session.scalar(sa.select(sa.func.count()).select_from(Event)) or 0
    for _ in range(MEETINGS_PER_STEP * scale - existing):
        _meeting(rng, today, venues, delegates)
    _congress(rng, today, venues[0], delegates)


def _copy_member(org: Organisation, sources: list[Delegate], step: int, assembly: Body) -> None:
    """Another member like ``org``, with as many delegates (two, or one for some associates)."""
    copy = members.create_organisation({
        "slug": f"{org.slug}-{step}", "name": f"{org.name} ({step})",
        "native_name": org.native_name and f"{org.native_name} ({step})",
        "country": org.country, "city": org.city, "timezone": org.timezone,
        "language": org.language, "membership": org.membership,
    })  # fmt: skip
    db.session.add(
        BodySeat(
            body=assembly,
            organisation=copy,
            role=SeatRole.MEMBER if org.membership is Membership.FULL else SeatRole.OBSERVER,
            term_start=date(2000, 1, 1),
        )
    )
    for person in sources:
        local, _at, _domain = person.email.partition("@")
        members.create_delegate({
            "full_name": person.full_name, "native_name": person.native_name,
            "family_name": person.family_name, "title": person.title,
            "position": person.position, "organisation_id": copy.id,
            "email": f"{local}@{copy.slug}.example", "language": person.language,
            "timezone": person.timezone, "dietary_needs": person.dietary_needs,
            "accessibility_needs": person.accessibility_needs,
            "needs_visa_letter": person.needs_visa_letter,
        })  # fmt: skip


def _meeting(
    rng: random.Random, today: date, venues: list[Venue], delegates: list[Delegate]
) -> None:
    day = today + timedelta(days=rng.randint(-365, 365))
    venue = rng.choice(venues)
    zone = ZoneInfo(venue.timezone)
    start = datetime.combine(day, time(rng.choice((9, 10, 14))), zone)
    roll = rng.random()
    status = (
        EventStatus.CANCELLED
        if roll < 0.04
        else EventStatus.DRAFT
        if roll < 0.08 and day > today
        else EventStatus.SCHEDULED
    )
    event = events.create_event({
        "kind": rng.choice(_KINDS),
        "title": f"{rng.choice(_TOPICS)}: {venue.city} {day:%B %Y}",
        "venue_id": venue.id, "starts_at": start,
        "ends_at": start + timedelta(hours=rng.choice((2, 3, 4, 7))),
    })  # fmt: skip
    event.status = status
    db.session.flush()
    invited = rng.sample(delegates, rng.randint(20, 40))
    _invite(event, [(d, ParticipantRole.GUEST) for d in invited], rng, today)


def _congress(rng: random.Random, today: date, venue: Venue, delegates: list[Delegate]) -> None:
    """Three days in Seoul half a year ahead, most of the network invited."""
    first = today + timedelta(days=180)
    event = events.create_event({
        "kind": EventKind.SIDE_EVENT, "title": f"World Cities Congress {first.year}",
        "venue_id": venue.id,
        "starts_at": datetime.combine(first, time(9), SEOUL),
        "ends_at": datetime.combine(first + timedelta(days=2), time(18), SEOUL),
        "capacity": CONGRESS_SIZE, "languages": ["en", "ko", "fr"],
    })  # fmt: skip
    event.status = EventStatus.SCHEDULED
    for offset in range(3):
        day = first + timedelta(days=offset)
        for hour, title, kind in ((9, "Plenary", SessionKind.PLENARY),
                                  (14, "Parallel panels", SessionKind.PANEL)):  # fmt: skip
            begins = datetime.combine(day, time(hour), SEOUL)
            events.add_session(event, {
                "title": f"{title}, day {offset + 1}", "kind": kind,
                "starts_at": begins, "ends_at": begins + timedelta(hours=3),
            })  # fmt: skip
    db.session.flush()
    chosen = rng.sample(delegates, min(CONGRESS_SIZE, len(delegates)))
    _invite(event, [(d, ParticipantRole.GUEST) for d in chosen], rng, today)


def _invite(
    event: Event,
    invitees: list[tuple[Delegate, ParticipantRole]],
    rng: random.Random,
    today: date,
) -> None:
    """The meeting's participations in one statement; those of a past or cancelled meeting
    were invited (a month before), most answered."""
    now = datetime.now(UTC)
    sent = event.starts_at.date() < today or event.status is EventStatus.CANCELLED
    rows: list[dict[str, Any]] = []
    for delegate, role in invitees:
        roll = rng.random()
        status = (
            ParticipantStatus.INVITED
            if event.status is EventStatus.DRAFT or roll >= 0.8
            else ParticipantStatus.ACCEPTED
            if roll < 0.6
            else ParticipantStatus.TENTATIVE
            if roll < 0.7
            else ParticipantStatus.DECLINED
        )
        rows.append({
            "event_id": event.id, "delegate_id": delegate.id, "role": role, "status": status,
            "invited_at": now - timedelta(days=30) if sent else None,
            "responded_at": now - timedelta(days=20) if status in ANSWERED_STATUSES else None,
            **Participation.new_link_columns(),
        })  # fmt: skip
    db.session.execute(sa.insert(Participation), rows)
