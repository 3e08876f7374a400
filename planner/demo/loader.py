"""Loads the demo network: what a newcomer sees on the first `make run`.

Dates are placed around the day of loading, so the demo always has past meetings and
upcoming ones. Names come from ``network``; everything else is derived here, with a fixed
random seed so that two loads on the same day give the same network.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from planner.auth.models import User, UserRole
from planner.auth.service import create_user
from planner.db import utcnow
from planner.demo import assembly_record, letters, network, papers, travel, visa_letters
from planner.demo import scale as scale_up
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
from planner.governance.agenda import service as agenda
from planner.governance.credentials import service as credentials
from planner.governance.models import CredentialDecision
from planner.governance.proxies import service as proxies
from planner.governance.quorum.service import body_of
from planner.localtime import network_today
from planner.members import service as members
from planner.members.models import (
    Body,
    BodySeat,
    Delegate,
    DuesStatus,
    Membership,
    Organisation,
    OrganisationStatus,
    QuorumRule,
    SeatRole,
)

DEMO_ORGANISER = ("organiser@secretariat.example", "assembly-demo-2026")
DEMO_VIEWER = ("viewer@secretariat.example", "assembly-viewer-2026")
SEOUL = ZoneInfo("Asia/Seoul")
# Two full members suspended: present at the Assembly, without a vote.
SUSPENDED = ("pokhara", "karachi")
# Full members in arrears: last year's and this year's dues outstanding, so they do not vote
# at the coming Assembly (whichever year it falls in).
ARREARS = ("kobe", "phuket", "vientiane")
# Dues waived by the Executive Committee, with the reason the directory shows.
WAIVED = {"siem-reap": "Flood recovery: waived by the Executive Committee"}
#: Yearly dues in the network's currency (USD).
DUES = {Membership.FULL: 2000, Membership.ASSOCIATE: 800}
STEERING_COMMITTEE = {
    "seoul": SeatRole.PRESIDENT,
    "yokohama": SeatRole.MEMBER,
    "bangkok": SeatRole.MEMBER,
    "colombo": SeatRole.MEMBER,
    "surabaya": SeatRole.MEMBER,
    "lyon": SeatRole.OBSERVER,
}


def load_demo(scale: int = 1) -> str:
    """Load everything in one transaction, into an empty directory only: a second call, or a
    call on a database with real members, changes nothing. ``scale`` above 1 adds copies of
    the network and its meetings (see ``planner.demo.scale``)."""
    if db.session.scalar(sa.select(Organisation.id).where(Organisation.slug == "seoul")):
        return "demo network already loaded"
    if db.session.scalar(sa.select(Organisation.id).limit(1)):
        return "the database holds members already: demo network not loaded"
    rng = random.Random(2026)
    today = network_today()
    _accounts()
    organisations = _organisations()
    bodies = _bodies(organisations, today)
    _dues(organisations, today)
    delegates = _delegates(organisations, rng)
    venues = _venues()
    meetings = _meetings(bodies, venues, today)
    # Before the other meetings' invitations: its elections seat the Executive Committee
    # that they invite.
    past = assembly_record.past_assembly(bodies, organisations, delegates, venues, meetings[0])
    _participations(meetings, organisations, delegates, rng, today)
    _proxies(meetings)
    _credentials(meetings)
    _agendas(meetings)
    travel.hotels_and_arrivals(meetings)
    visa_letters.add_visa_letters(meetings)
    papers.attach_papers(meetings)
    assembly_record.approve_minutes(past, meetings)
    scale_up.grow(scale, rng, today, bodies)
    db.session.commit()
    return _summary()


def _summary() -> str:
    def count(*where: sa.ColumnElement[bool], model: type = Organisation) -> int:
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0

    full = count(Organisation.membership == Membership.FULL)
    associate = count(Organisation.membership == Membership.ASSOCIATE)
    return (
        f"demo network loaded: {full} full and {associate} associate members, "
        f"{count(model=Delegate)} delegates, {count(model=Event)} meetings, "
        f"{count(model=Participation)} participations; "
        f"organiser login {DEMO_ORGANISER[0]} / {DEMO_ORGANISER[1]}"
    )


def _accounts() -> None:
    for (email, password), role in (
        (DEMO_ORGANISER, UserRole.ORGANISER),
        (DEMO_VIEWER, UserRole.VIEWER),
    ):
        if db.session.scalar(sa.select(User.id).where(User.email == email)) is None:
            create_user(email, password, role)


def _organisations() -> dict[str, Organisation]:
    """Through the members service, so the demo data meets the rules typed data meets."""
    organisations = {}
    for org in network.ORGANISATIONS:
        organisations[org.slug] = members.create_organisation({
            "slug": org.slug, "name": org.name, "native_name": org.native_name,
            "country": org.country, "city": org.city, "timezone": org.timezone,
            "language": org.language, "membership": Membership(org.membership),
            "status": (
                OrganisationStatus.SUSPENDED if org.slug in SUSPENDED else OrganisationStatus.ACTIVE
            ),
        })  # fmt: skip
    organisations["secretariat"] = members.create_organisation({
        "slug": "secretariat", "name": "Network Secretariat", "native_name": "사무국",
        "country": "KR", "city": "Seoul", "timezone": "Asia/Seoul", "language": "ko",
        "membership": Membership.PARTNER,
    })  # fmt: skip
    return organisations


def _bodies(organisations: dict[str, Organisation], today: date) -> dict[str, Body]:
    term_start = date(today.year - 1, 1, 1)
    term_end = date(today.year + 2, 12, 31)
    assembly = Body(
        slug="general-assembly",
        name="General Assembly",
        native_name="총회",
        description="All members; full members in good standing vote.",
        quorum_rule=QuorumRule.MAJORITY,
    )
    for org in organisations.values():
        if org.membership is not Membership.PARTNER:
            role = SeatRole.MEMBER if org.membership is Membership.FULL else SeatRole.OBSERVER
            assembly.seats.append(
                BodySeat(organisation=org, role=role, term_start=date(2000, 1, 1))
            )
    executive = Body(
        slug="executive-committee",
        name="Executive Committee",
        native_name="집행위원회",
        description="Steers the network between Assemblies; President: Yokohama.",
        quorum_rule=QuorumRule.TWO_THIRDS,
    )
    steering = Body(
        slug="steering-committee",
        name="Steering Committee",
        native_name="운영위원회",
        description="Prepares the Assembly's programme and budget.",
        quorum_rule=QuorumRule.MAJORITY,
    )
    # The Executive Committee's seats come from the past Assembly's elections.
    for slug, role in STEERING_COMMITTEE.items():
        steering.seats.append(
            BodySeat(
                organisation=organisations[slug],
                role=role,
                term_start=term_start,
                term_end=term_end,
            )
        )
    db.session.add_all((assembly, executive, steering))
    return {body.slug: body for body in (assembly, executive, steering)}


def _dues(organisations: dict[str, Organisation], today: date) -> None:
    """Dues of the last four years: paid by most, waived for one, outstanding for a few."""
    for org in organisations.values():
        amount = DUES.get(org.membership)
        if amount is None:
            continue
        for year in range(today.year - 3, today.year + 1):
            recent = year >= today.year - 1
            if org.slug in ARREARS and recent:
                dues = {"status": DuesStatus.OUTSTANDING, "amount": amount}
            elif org.slug in WAIVED and recent:
                dues = {"status": DuesStatus.WAIVED, "reason": WAIVED[org.slug]}
            else:
                dues = {"status": DuesStatus.PAID, "amount": amount}
            members.record_dues(org, {"year": year, "currency": "USD", **dues})


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if c.isascii() and c.isalnum()).lower()


def _delegates(organisations: dict[str, Organisation], rng: random.Random) -> list[Delegate]:
    """Two delegates for each full member, one or two for associates, four secretariat staff."""
    delegates: list[Delegate] = []
    used: dict[str, int] = {}
    associates_seen = 0
    for org in organisations.values():
        if org.membership is Membership.FULL:
            count = 2
        elif org.membership is Membership.ASSOCIATE:
            associates_seen += 1
            count = 2 if associates_seen <= 35 else 1
        else:
            count = 4
        people = network.DELEGATE_NAMES[org.country]
        for _ in range(count):
            index = used.get(org.country, 0)
            used[org.country] = index + 1
            person = people[index % len(people)]
            delegates.append(_delegate(org, person, index // len(people), rng))
    return delegates


def _delegate(org: Organisation, person: network.Person, round_: int, rng) -> Delegate:
    latin = (person.family_latin, person.given_latin)
    native = (person.family_native, person.given_native)
    if not person.family_first:
        latin, native = latin[::-1], native[::-1]
    joiner = "" if org.country in ("KR", "JP", "CN", "TW") else " "
    suffix = str(round_ + 1) if round_ else ""
    local = ".".join(p for p in (_ascii(person.given_latin), _ascii(person.family_latin)) if p)
    local += suffix
    needs = rng.random()
    return members.create_delegate({
        "full_name": " ".join(part for part in latin if part),
        "native_name": joiner.join(part for part in native if part),
        "family_name": person.family_latin,
        "title": rng.choice(network.TITLES),
        "position": rng.choice(network.POSITIONS),
        "organisation_id": org.id,
        "email": f"{local}@{org.slug}.example",
        "language": org.language or "en",
        "timezone": org.timezone,
        "dietary_needs": "vegetarian" if needs < 0.12 else "halal" if needs < 0.2 else None,
        "accessibility_needs": "wheelchair access" if needs > 0.97 else None,
        "needs_visa_letter": org.country not in ("KR", "JP", "TH", "MY", "SG") and needs < 0.3,
    })  # fmt: skip


def _venues() -> dict[str, Venue]:
    venues = [
        events.create_venue(
            {
                "name": "Seoul City Hall",
                "native_name": "서울특별시청",
                "address": "110 Sejong-daero, Jung-gu, Seoul 04524",
                "native_address": "서울특별시 중구 세종대로 110",
                "city": "Seoul",
                "country": "KR",
                "timezone": "Asia/Seoul",
                "latitude": 37.5663,
                "longitude": 126.9779,
                "directions": "City Hall station (lines 1 and 2), exits 4 and 5.",
                "rooms": [
                    {"name": "Multipurpose Hall", "native_name": "다목적홀", "capacity": 400},
                    {"name": "Conference Room 1", "native_name": "대회의실", "capacity": 80},
                    {"name": "Conference Room 2", "native_name": "소회의실", "capacity": 30},
                    {"name": "Seoul Citizens' Hall", "native_name": "시민청", "capacity": 150},
                ],
            }
        ),
        events.create_venue(
            {
                "name": "Seoul Global Center",
                "native_name": "서울글로벌센터",
                "address": "38 Jong-ro, Jongno-gu, Seoul 03188",
                "native_address": "서울특별시 종로구 종로 38",
                "city": "Seoul",
                "country": "KR",
                "timezone": "Asia/Seoul",
                "latitude": 37.5700,
                "longitude": 126.9807,
                "rooms": [
                    {
                        "name": "International Conference Hall",
                        "native_name": "국제회의장",
                        "capacity": 120,
                    },
                    {"name": "Meeting Room 7A", "capacity": 20},
                ],
            }
        ),
        events.create_venue(
            {
                "name": "Dongdaemun Design Plaza",
                "native_name": "동대문디자인플라자",
                "address": "281 Eulji-ro, Jung-gu, Seoul 04566",
                "native_address": "서울특별시 중구 을지로 281",
                "city": "Seoul",
                "country": "KR",
                "timezone": "Asia/Seoul",
                "latitude": 37.5665,
                "longitude": 127.0092,
                "rooms": [{"name": "Art Hall 2", "native_name": "아트홀 2관", "capacity": 300}],
            }
        ),
        events.create_venue(
            {
                "name": "Pacifico Yokohama",
                "native_name": "パシフィコ横浜",
                "address": "1-1-1 Minatomirai, Nishi-ku, Yokohama 220-0012",
                "native_address": "神奈川県横浜市西区みなとみらい1-1-1",
                "city": "Yokohama",
                "country": "JP",
                "timezone": "Asia/Tokyo",
                "latitude": 35.4587,
                "longitude": 139.6366,
                "rooms": [{"name": "Annex Hall F205", "capacity": 60}],
            }
        ),
        events.create_venue(
            {
                "name": "Bangkok City Hall",
                "native_name": "ศาลาว่าการกรุงเทพมหานคร",
                "address": "173 Dinso Road, Phra Nakhon, Bangkok 10200",
                "native_address": "173 ถนนดินสอ เขตพระนคร กรุงเทพมหานคร 10200",
                "city": "Bangkok",
                "country": "TH",
                "timezone": "Asia/Bangkok",
                "latitude": 13.7537,
                "longitude": 100.5013,
                "rooms": [{"name": "Main Meeting Room", "capacity": 100}],
            }
        ),
    ]
    return {venue.name: venue for venue in venues}


def _at(day: date, clock: str, zone: ZoneInfo = SEOUL) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), zone)


def _meeting(status: EventStatus = EventStatus.SCHEDULED, **data) -> Event:
    event = events.create_event(data)
    event.status = status
    return event


def _next_weekday(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _meetings(bodies: dict[str, Body], venues: dict[str, Venue], today: date) -> list[Event]:
    city_hall, global_center = venues["Seoul City Hall"], venues["Seoul Global Center"]
    rooms = {room.name: room.id for venue in venues.values() for room in venue.rooms}
    assembly_day = _next_weekday(today + timedelta(days=60), 1)  # a Tuesday two months ahead
    days = [assembly_day + timedelta(days=n) for n in range(3)]
    assembly = _meeting(
        kind=EventKind.GENERAL_ASSEMBLY,
        title=f"{assembly_day.year} General Assembly",
        body_slug="general-assembly",
        venue_id=city_hall.id,
        starts_at=_at(days[0], "08:30"),
        ends_at=_at(days[2], "18:00"),
        description="The network's General Assembly: elections to the Executive Committee, "
        "the budget and work plan, and the Seoul Declaration on resilient cities.",
        capacity=400,
        registration_deadline=_at(days[0] - timedelta(days=21), "18:00"),
        languages=["en", "ko", "fr"],
    )
    hall, room1, room2 = (
        rooms["Multipurpose Hall"],
        rooms["Conference Room 1"],
        rooms["Conference Room 2"],
    )
    timetable = [
        (0, "08:30", "09:30", "Registration and welcome coffee", SessionKind.BREAK, hall, None),
        (0, "09:30", "10:30", "Opening ceremony", SessionKind.PLENARY, hall, None),
        (
            0,
            "10:30",
            "11:15",
            "Keynote: Cities in a warming Asia-Pacific",
            SessionKind.PLENARY,
            hall,
            None,
        ),
        (0, "11:15", "11:45", "Coffee break", SessionKind.BREAK, hall, None),
        (
            0,
            "11:45",
            "13:00",
            "Panel: Climate-resilient infrastructure",
            SessionKind.PANEL,
            hall,
            None,
        ),
        (0, "13:00", "14:30", "Lunch", SessionKind.MEAL, rooms["Seoul Citizens' Hall"], None),
        (
            0,
            "14:30",
            "16:30",
            "Business session I: agenda, credentials, minutes",
            SessionKind.BUSINESS,
            hall,
            "general-assembly",
        ),
        (0, "16:45", "18:00", "Workshop: Participatory budgeting", SessionKind.PANEL, room1, None),
        (
            1,
            "09:00",
            "10:30",
            "Business session II: reports and the budget",
            SessionKind.BUSINESS,
            hall,
            "general-assembly",
        ),
        (1, "10:30", "11:00", "Coffee break", SessionKind.BREAK, hall, None),
        (
            1,
            "11:00",
            "12:30",
            "Elections to the Executive Committee",
            SessionKind.BUSINESS,
            hall,
            "general-assembly",
        ),
        (
            1,
            "12:30",
            "14:00",
            "Executive Committee working lunch",
            SessionKind.MEAL,
            room2,
            "executive-committee",
        ),
        (
            1,
            "14:00",
            "15:30",
            "Panel: Smart mobility, fair mobility",
            SessionKind.PANEL,
            room1,
            None,
        ),
        (1, "15:45", "17:30", "Panel: Ageing cities", SessionKind.PANEL, hall, None),
        (
            2,
            "09:00",
            "11:00",
            "Business session III: resolutions and the Seoul Declaration",
            SessionKind.BUSINESS,
            hall,
            "general-assembly",
        ),
        (2, "11:00", "11:30", "Coffee break", SessionKind.BREAK, hall, None),
        (2, "11:30", "12:30", "Closing plenary", SessionKind.PLENARY, hall, None),
        (
            2,
            "12:30",
            "14:00",
            "Farewell lunch",
            SessionKind.MEAL,
            rooms["Seoul Citizens' Hall"],
            None,
        ),
        (
            2,
            "14:00",
            "18:00",
            "Site visit: Seoul Digital Foundation",
            SessionKind.VISIT,
            None,
            None,
        ),
    ]
    for day, start, end, title, kind, room, restricted in timetable:
        events.add_session(
            assembly,
            {
                "title": title,
                "kind": kind,
                "room_id": room,
                "restricted_to": restricted,
                "starts_at": _at(days[day], start),
                "ends_at": _at(days[day], end),
            },
        )
    meetings = [assembly]

    def side(kind, title, day, start, end, venue, **extra):
        return _meeting(
            kind=kind,
            title=title,
            parent_id=assembly.id,
            venue_id=venue.id,
            starts_at=_at(day, start),
            ends_at=_at(day, end),
            **extra,
        )

    meetings += [
        side(
            EventKind.SEMINAR,
            "Seminar: Financing urban climate adaptation, 기후적응 재원",
            days[0] - timedelta(days=1),
            "14:00",
            "17:30",
            venues["Dongdaemun Design Plaza"],
        ),
        side(
            EventKind.STUDY_VISIT,
            "Study visit: Cheonggyecheon stream restoration",
            days[2] + timedelta(days=1),
            "09:30",
            "13:00",
            city_hall,
            description="Meet at the City Hall main entrance; walking shoes recommended.",
        ),
        side(
            EventKind.EXECUTIVE_COMMITTEE,
            "Executive Committee meeting (eve of the Assembly)",
            days[0] - timedelta(days=1),
            "10:00",
            "12:30",
            city_hall,
            body_slug="executive-committee",
        ),
        side(
            EventKind.SIDE_EVENT,
            "Mayors' dinner",
            days[1],
            "19:00",
            "21:30",
            global_center,
            confidential=True,
        ),
    ]
    tokyo = ZoneInfo("Asia/Tokyo")
    past_executive_day = today - timedelta(days=120)
    meetings += [
        _meeting(
            kind=EventKind.EXECUTIVE_COMMITTEE,
            title="Executive Committee, spring meeting",
            body_slug="executive-committee",
            venue_id=venues["Pacifico Yokohama"].id,
            starts_at=_at(past_executive_day, "10:00", tokyo),
            ends_at=_at(past_executive_day, "16:00", tokyo),
        ),
        _meeting(
            kind=EventKind.EXECUTIVE_COMMITTEE,
            title="Executive Committee (online)",
            body_slug="executive-committee",
            timezone="Asia/Seoul",
            starts_at=_at(today + timedelta(days=150), "15:00"),
            ends_at=_at(today + timedelta(days=150), "17:00"),
            status=EventStatus.DRAFT,
            description="Video conference; the link follows with the invitation.",
        ),
        _meeting(
            kind=EventKind.STEERING_COMMITTEE,
            title="Steering Committee: programme review",
            body_slug="steering-committee",
            venue_id=global_center.id,
            starts_at=_at(today - timedelta(days=45), "14:00"),
            ends_at=_at(today - timedelta(days=45), "17:00"),
        ),
        _meeting(
            kind=EventKind.STEERING_COMMITTEE,
            title="Steering Committee: Assembly rehearsal",
            body_slug="steering-committee",
            venue_id=global_center.id,
            starts_at=_at(today + timedelta(days=20), "10:00"),
            ends_at=_at(today + timedelta(days=20), "12:00"),
        ),
        _meeting(
            kind=EventKind.SEMINAR,
            title="Seminar: Flood-ready cities (Bangkok)",
            venue_id=venues["Bangkok City Hall"].id,
            starts_at=_at(today - timedelta(days=30), "09:00", ZoneInfo("Asia/Bangkok")),
            ends_at=_at(today - timedelta(days=30), "16:00", ZoneInfo("Asia/Bangkok")),
        ),
        _meeting(
            kind=EventKind.WORKSHOP,
            title="Workshop: Open data for local budgets",
            timezone="Asia/Colombo",
            starts_at=_at(today + timedelta(days=90), "09:30", ZoneInfo("Asia/Colombo")),
            ends_at=_at(today + timedelta(days=90), "16:30", ZoneInfo("Asia/Colombo")),
        ),
        _meeting(
            kind=EventKind.SEMINAR,
            title="Seminar: Heatwave action plans",
            venue_id=global_center.id,
            status=EventStatus.CANCELLED,
            starts_at=_at(today + timedelta(days=40), "14:00"),
            ends_at=_at(today + timedelta(days=40), "17:00"),
        ),
    ]
    db.session.flush()
    return meetings


def _participations(
    meetings: list[Event],
    organisations: dict[str, Organisation],
    delegates: list[Delegate],
    rng: random.Random,
    today: date,
) -> None:
    by_org: dict[str, list[Delegate]] = {}
    for delegate in delegates:
        by_org.setdefault(delegate.organisation.slug, []).append(delegate)
    now = datetime.now(UTC)
    for event in meetings:
        started = event.starts_at.date() < today
        for delegate, role in _invitees(event, organisations, by_org, rng):
            roll = rng.random()
            status = (
                ParticipantStatus.ACCEPTED
                if roll < 0.6
                else ParticipantStatus.TENTATIVE
                if roll < 0.7
                else ParticipantStatus.DECLINED
                if roll < 0.8
                else ParticipantStatus.INVITED
            )
            if event.status is EventStatus.DRAFT:
                status = ParticipantStatus.INVITED
            invited = started or event.status is EventStatus.CANCELLED
            db.session.add(
                Participation(
                    event=event,
                    delegate=delegate,
                    role=role,
                    status=status,
                    invited_at=now - timedelta(days=30) if invited else None,
                    responded_at=now - timedelta(days=20) if status in ANSWERED_STATUSES else None,
                )
            )
    # One delegate withdrawn by the secretariat after the invitation went out.
    removed = db.session.scalars(
        sa.select(Participation).join(Event).where(Event.kind == EventKind.SEMINAR)
    ).first()
    if removed is not None:
        removed.invited_at = removed.invited_at or now - timedelta(days=30)
        removed.status = ParticipantStatus.CANCELLED


#: Delegates who head their authority (the mayor in person): they need no letter.
HEADS_OF_AUTHORITY = ("yokohama", "colombo", "surabaya", "da-nang")
#: Why the credentials committee turned a few letters down.
REJECTIONS = (
    "The letter is not signed by the mayor or governor.",
    "The letter names another person than the designated delegate.",
)


def _credentials(meetings: list[Event]) -> None:
    """The coming General Assembly's credentials in every state, through the credentials and
    uploads services: each voting member coming designates its voting delegate (and its
    first alternate); then, in turn, a letter goes missing, waits for the committee, is
    approved, or is rejected with a reason. Heads of authority need no letter. Letters are
    small PDFs and PNGs made here. No e-mail is written: the rejections are the demo's past."""
    assembly = next(
        (
            event
            for event in meetings
            if event.kind is EventKind.GENERAL_ASSEMBLY and event.status is EventStatus.SCHEDULED
        ),
        None,
    )
    if assembly is None:
        return
    db.session.flush()
    coming = [
        p
        for p in assembly.participations
        if p.status not in (ParticipantStatus.DECLINED, ParticipantStatus.CANCELLED)
    ]
    delegates = sorted(
        (p for p in coming if p.role is ParticipantRole.VOTING_DELEGATE),
        key=lambda p: p.delegate.organisation.slug,
    )
    alternates: dict[int, Participation] = {}
    for p in coming:
        if p.role is ParticipantRole.ALTERNATE:
            alternates.setdefault(p.delegate.organisation_id, p)
    for turn, participation in enumerate(delegates):
        person, org = participation.delegate, participation.delegate.organisation
        person.heads_authority = org.slug in HEADS_OF_AUTHORITY
        alternate = alternates.get(org.id)
        credential = credentials.designate(
            assembly, org.id, participation.id, alternate.id if alternate else None
        )
        state = turn % 5  # 0, 1: letter missing; 2: pending; 3: approved; 4: rejected
        if state >= 2 and not person.heads_authority:
            make = letters.pdf_letter if turn % 2 else letters.png_letter
            data = make(org.name, person.full_name, assembly.title)
            suffix = "pdf" if turn % 2 else "png"
            credentials.upload_letter(credential, data, f"delegation-{org.slug}.{suffix}")
        if state == 3 or person.heads_authority:
            credentials.decide(credential, CredentialDecision.APPROVED)
        elif state == 4:
            credential.decision = CredentialDecision.REJECTED
            credential.reason = REJECTIONS[turn % len(REJECTIONS)]
            credential.decided_at = utcnow()
    db.session.flush()


def _invitees(event: Event, organisations, by_org, rng):
    """Who each demo meeting invites, with their roles."""
    staff = [(d, ParticipantRole.STAFF) for d in by_org["secretariat"][:2]]
    if event.kind is EventKind.GENERAL_ASSEMBLY and event.body is not None:
        # Members with a vote there (the members service's one answer) send a voting
        # delegate and alternates; the others, observers.
        voting = members.voters(event.body, events.meeting_day(event))
        invitees = []
        for slug, people in by_org.items():
            org = organisations[slug]
            if org.membership is Membership.PARTNER:
                continue
            if org.id in voting:
                invitees += [(people[0], ParticipantRole.VOTING_DELEGATE)]
                invitees += [(p, ParticipantRole.ALTERNATE) for p in people[1:]]
            else:
                invitees += [(p, ParticipantRole.OBSERVER) for p in people]
        return invitees + [(d, ParticipantRole.STAFF) for d in by_org["secretariat"]]
    if event.body is not None:
        day = events.meeting_day(event)
        return [
            (
                by_org[seat.organisation.slug][0],
                ParticipantRole.VOTING_DELEGATE if seat.votes else ParticipantRole.OBSERVER,
            )
            for seat in event.body.seats
            if members.term_on(seat, day) is members.Term.CURRENT
        ] + staff
    pool = [d for slug, people in by_org.items() if slug != "secretariat" for d in people]
    chosen = rng.sample(pool, 30)
    return [
        (d, ParticipantRole.SPEAKER if i < 3 else ParticipantRole.GUEST)
        for i, d in enumerate(chosen)
    ] + staff


def _proxies(meetings: list[Event]) -> None:
    """Two members whose voting delegate declined the Assembly mandate two that come."""
    assembly = next(event for event in meetings if event.kind is EventKind.GENERAL_ASSEMBLY)
    voting = members.voters(body_of(assembly), events.meeting_day(assembly))
    answers: dict[ParticipantStatus, list[int]] = {}
    for participation in sorted(assembly.participations, key=lambda p: p.delegate.full_name):
        organisation_id = participation.delegate.organisation_id
        if participation.role is ParticipantRole.VOTING_DELEGATE and organisation_id in voting:
            answers.setdefault(participation.status, []).append(organisation_id)
    givers = answers[ParticipantStatus.DECLINED][:2]
    holders = answers[ParticipantStatus.ACCEPTED][:2]
    for giver, holder in zip(givers, holders, strict=True):
        proxies.give(assembly, giver, holder)


_BUSINESS_I = "Business session I: agenda, credentials, minutes"
_BUSINESS_II = "Business session II: reports and the budget"
_BUSINESS_III = "Business session III: resolutions and the Seoul Declaration"
#: The coming General Assembly's agenda: (title, kind, session title or None, sub-items as
#: (title, kind, text or None)).
ASSEMBLY_AGENDA = (
    ("Opening of the General Assembly", "procedural", "Opening ceremony", ()),
    ("Adoption of the agenda", "procedural", _BUSINESS_I, ()),
    ("Report of the Credentials Committee", "procedural", _BUSINESS_I, ()),
    ("Approval of the minutes of the previous General Assembly", "procedural", _BUSINESS_I, ()),
    ("Reports", "report", _BUSINESS_II, (
        ("Activity report of the President", "report", None),
        ("Report of the Secretary General on the work plan", "report", None),
        ("Financial statements and the auditors' report", "report",
         "Audited accounts of the last financial year."),
    )),
    ("Budget and membership dues", "budget", _BUSINESS_II, (
        ("Budget for the coming two years", "budget", None),
        ("Membership dues scale", "budget",
         "Unchanged for full members; a reduced rate for associate members."),
    )),
    ("Admission of new members", "admission", _BUSINESS_II, ()),
    ("Elections", "election", "Elections to the Executive Committee", (
        ("Election of the President", "election", "One seat, for a four-year term."),
        ("Election of the Vice-Presidents", "election", "Three seats."),
        ("Election of the members of the Executive Committee", "election",
         "Nine seats, with a fair share of each region."),
    )),
    ("Resolutions", "resolution", _BUSINESS_III, (
        ("Seoul Declaration on resilient cities", "resolution", None),
        ("Resolution on the network's climate action programme", "resolution", None),
    )),
    ("Venue and date of the next General Assembly", "procedural", _BUSINESS_III, ()),
    ("Any other business", "other", None, ()),
    ("Closing of the General Assembly", "procedural", "Closing plenary", ()),
)  # fmt: skip
#: The past Executive Committee meeting's agenda: it recommended new members for admission.
COMMITTEE_AGENDA = (
    ("Opening and adoption of the agenda", "procedural", None, ()),
    ("Applications for membership", "admission", None, (
        ("Admission of Kathmandu Metropolitan City", "admission", None),
        ("Admission of the City Government of Davao", "admission", None),
    )),
    ("Preparation of the General Assembly", "report", None, ()),
    ("Closing", "procedural", None, ()),
)  # fmt: skip


def _agendas(meetings: list[Event]) -> None:
    """The coming General Assembly's agenda, its business linked to the timetable's sessions,
    and the past Executive Committee meeting's, through the agenda service."""
    assembly = next(
        event
        for event in meetings
        if event.kind is EventKind.GENERAL_ASSEMBLY and event.status is EventStatus.SCHEDULED
    )
    committee = next(
        event
        for event in meetings
        if event.kind is EventKind.EXECUTIVE_COMMITTEE and event.title.endswith("spring meeting")
    )
    db.session.flush()
    for event, items in ((assembly, ASSEMBLY_AGENDA), (committee, COMMITTEE_AGENDA)):
        sessions = {session.title: session.id for session in event.sessions}
        for title, kind, session, subs in items:
            item = agenda.add(
                event, {"title": title, "kind": kind, "session_id": sessions.get(session or "")}
            )
            for sub_title, sub_kind, text in subs:
                data = {"title": sub_title, "kind": sub_kind, "parent_id": item.id, "text": text}
                agenda.add(event, data)
