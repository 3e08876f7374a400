"""The demo's past General Assembly, a year before the coming one, with its whole record: the
delegates and their credentials, two proxies, the door's check-ins, a frozen roll, the agenda,
votes by every method, elections that gave the Executive Committee its current seats, the
decisions' numbers, and minutes approved by the Executive Committee's spring meeting.

Everything goes through the governance services, so the record obeys the rules a real
Assembly does. Those services stamp what they do with the time of the call; the Assembly is
in the past, so the times are then moved onto the meeting's days with plain UPDATEs (named in
``_moved``): no service takes a time from its caller, and none should (a desk, a teller or an
organiser acts now). Who comes, who votes how, and when, follow from fixed patterns: two loads
give the same record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from planner.auth.models import User, UserRole
from planner.demo import letters
from planner.events import service as events
from planner.events.models import (
    Event,
    EventKind,
    ParticipantRole,
    ParticipantStatus,
    Participation,
    SessionKind,
    Venue,
)
from planner.extensions import db
from planner.governance.agenda import service as agenda
from planner.governance.credentials import service as credentials
from planner.governance.door import service as door
from planner.governance.minutes import service as minutes
from planner.governance.models import (
    AgendaItem,
    Credential,
    CredentialDecision,
    Decision,
    Direction,
    DoorScan,
    MajorityRule,
    NamedChoice,
    Proxy,
    Roll,
    RollEntry,
    Vote,
    VoteMethod,
)
from planner.governance.proxies import service as proxies
from planner.governance.rolls import service as rolls
from planner.governance.votes import counting
from planner.governance.votes import service as votes
from planner.governance.votes.queries import COUNTED
from planner.members import service as members
from planner.members.models import Body, Delegate, Membership, Organisation, SeatRole

BANGKOK = ZoneInfo("Asia/Bangkok")
#: The Executive Committee the past Assembly replaced (elected four years before it).
OUTGOING_COMMITTEE = {
    "bangkok": SeatRole.PRESIDENT,
    "seoul": SeatRole.VICE_PRESIDENT,
    "yokohama": SeatRole.VICE_PRESIDENT,
    "colombo": SeatRole.MEMBER,
    "surabaya": SeatRole.MEMBER,
    "busan": SeatRole.MEMBER,
    "kuala-lumpur": SeatRole.MEMBER,
    "ho-chi-minh-city": SeatRole.MEMBER,
    "ulaanbaatar": SeatRole.MEMBER,
    "jakarta": SeatRole.MEMBER,
    "taipei": SeatRole.MEMBER,
}
#: The elections of the past Assembly: the seats' role, how many, and the candidates (the
#: elected first). Their winners are the Executive Committee in office today.
ELECTIONS = (
    (SeatRole.PRESIDENT, 1, ("yokohama", "taipei")),
    (SeatRole.VICE_PRESIDENT, 2, ("seoul", "lyon", "hanoi")),
    (SeatRole.MEMBER, 8, (
        "colombo", "surabaya", "bangkok", "busan", "kuala-lumpur", "ho-chi-minh-city",
        "ulaanbaatar", "quezon-city", "jakarta", "delhi",
    )),
)  # fmt: skip
#: Members that stayed away and gave their proxies to members that came.
PROXIES = {"thimphu": "kathmandu", "suva": "auckland"}
#: The associate member the Assembly admitted.
ADMITTED = "urbalyon"

# The agenda: (title, kind, session, text of the item).
_OPENING, _BUSINESS, _RESOLUTIONS, _ELECTIONS, _CLOSING = (
    "Opening plenary",
    "Business session I: agenda, reports and the budget",
    "Business session II: resolutions",
    "Elections to the Executive Committee",
    "Closing plenary",
)
AGENDA = (
    ("Opening of the General Assembly", "procedural", _OPENING, None),
    ("Adoption of the agenda", "procedural", _BUSINESS, None),
    ("Approval of the minutes of the previous General Assembly", "procedural", _BUSINESS, None),
    ("Annual report of the President", "report", _BUSINESS,
     "The President's report on the network's activities since the last Assembly."),
    ("Budget and work plan for the coming year", "budget", _BUSINESS,
     "A budget of USD 412,000, balanced by members' dues and project grants."),
    ("Resolution on climate-resilient urban infrastructure", "resolution", _RESOLUTIONS,
     "Members commit to a shared register of climate risks to their infrastructure and to "
     "exchange their adaptation plans through the Secretariat."),
    ("Resolution on a dues surcharge for a common digital platform", "resolution",
     _RESOLUTIONS,
     "A surcharge of 15% on members' dues for three years, to build a digital platform "
     "shared by the member cities."),
    ("Election of the President", "election", _ELECTIONS, "One seat, for a four-year term."),
    ("Election of the Vice-Presidents", "election", _ELECTIONS, "Two seats."),
    ("Election of the members of the Executive Committee", "election", _ELECTIONS,
     "Eight seats."),
    ("Admission of the Lyon Urban Planning Agency as an associate member", "admission",
     _ELECTIONS, "Recommended by the Executive Committee."),
    ("Closing of the General Assembly", "procedural", _CLOSING, None),
)  # fmt: skip
#: The secretariat's text under each item in the minutes, by the item's title.
MINUTES = {
    "Opening of the General Assembly": "The President of the network, the Governor of "
    "Bangkok, opened the Assembly and welcomed the delegates. The Secretary General reported "
    "that the Credentials Committee had examined the delegations' letters.",
    "Adoption of the agenda": "The draft agenda, sent to members six weeks before the "
    "Assembly, was adopted without amendment.",
    "Approval of the minutes of the previous General Assembly": "The minutes of the previous "
    "Assembly were approved as circulated.",
    "Annual report of the President": "The President presented the year's work: three "
    "seminars, two study visits and the launch of the flood-resilience working group. "
    "Several delegations thanked the Secretariat; the report was approved.",
    "Budget and work plan for the coming year": "The Treasurer presented the budget. "
    "Delegations asked for a larger share for capacity building in smaller cities; the "
    "Secretariat will report on it to the Executive Committee. The budget was adopted.",
    "Resolution on climate-resilient urban infrastructure": "Introduced by Colombo and "
    "Surabaya. The resolution was adopted by roll-call, members represented by proxy being "
    "called with their holders.",
    "Resolution on a dues surcharge for a common digital platform": "Several delegations "
    "supported the platform but not a surcharge on dues in the present financial situation. "
    "The resolution was rejected; the Executive Committee will look for project funding.",
    "Election of the President": "Elected by secret ballot for a four-year term.",
    "Election of the Vice-Presidents": "Elected by secret ballot.",
    "Election of the members of the Executive Committee": "Ten candidates stood for eight "
    "seats. Elected by secret ballot; the new Committee took office the same day.",
    "Admission of the Lyon Urban Planning Agency as an associate member": "On the Executive "
    "Committee's recommendation, the Assembly admitted the Agency as an associate member.",
    "Closing of the General Assembly": "The new President thanked the City of Bangkok for "
    "its hospitality and closed the Assembly. The next Assembly will be held in Seoul.",
}


def _at(day: date, clock: str, zone: ZoneInfo = BANGKOK) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), zone)


def past_assembly(
    bodies: dict[str, Body],
    organisations: dict[str, Organisation],
    delegates: Sequence[Delegate],
    venues: dict[str, Venue],
    coming: Event,
) -> Event:
    """The past Assembly and its record, 52 weeks before the coming one (so also a Tuesday).
    Made before the other meetings' invitations: the committee it elects is the one they
    invite."""
    first = coming.starts_at.astimezone(coming.zone).date() - timedelta(weeks=52)
    if first.month == 12 and first.day == 31:  # not across New Year: one year of the register
        first -= timedelta(weeks=1)
    days = (first, first + timedelta(days=1))
    committee = bodies["executive-committee"]
    for slug, role in OUTGOING_COMMITTEE.items():
        members.add_seat(committee, {"organisation_id": organisations[slug].id, "role": role,
                                     "term_start": first - timedelta(weeks=4 * 52)})  # fmt: skip
    event = _meeting(venues["Bangkok City Hall"], days)
    by_org: dict[str, list[Delegate]] = {}
    for delegate in delegates:
        by_org.setdefault(delegate.organisation.slug, []).append(delegate)
    voices = _participants(event, organisations, by_org)
    roll = rolls.freeze(event, None)
    items = {
        title: agenda.add(event, {"title": title, "kind": kind, "text": text,
                                  "session_id": _session(event, session)})
        for title, kind, session, text in AGENDA
    }  # fmt: skip
    record = _Record(event, voices, organisations, by_org, _organiser())
    record.take(items, days, committee)
    minutes.edit(event, {
        "summary": f"The {first.year} General Assembly met at Bangkok City Hall for two days, "
        f"hosted by the City of Bangkok. {roll.present} members were present and "
        f"{roll.represented} represented by proxy, of {roll.entitled} with a vote; the "
        f"quorum was {roll.needed}.",
        "items": {item.id: MINUTES[title] for title, item in items.items()},
    })  # fmt: skip
    _moved(Roll.frozen_at, _at(first, "09:45"), Roll.event_id == event.id)
    return event


def _meeting(venue: Venue, days: tuple[date, date]) -> Event:
    event = events.create_event({
        "kind": EventKind.GENERAL_ASSEMBLY, "title": f"{days[0].year} General Assembly",
        "body_slug": "general-assembly", "venue_id": venue.id,
        "starts_at": _at(days[0], "08:30"), "ends_at": _at(days[1], "13:00"),
        "description": "The network's General Assembly, hosted by the City of Bangkok: "
        "elections to the Executive Committee, the budget and two resolutions.",
        "capacity": 100, "languages": ["en", "fr"],
    })  # fmt: skip
    room = venue.rooms[0].id
    for day, start, end, title, kind in (
        (0, "08:30", "09:30", "Registration", SessionKind.BREAK),
        (0, "09:30", "09:45", _OPENING, SessionKind.PLENARY),
        (0, "09:45", "12:30", _BUSINESS, SessionKind.BUSINESS),
        (0, "14:00", "17:30", _RESOLUTIONS, SessionKind.BUSINESS),
        (1, "09:00", "12:00", _ELECTIONS, SessionKind.BUSINESS),
        (1, "12:00", "13:00", _CLOSING, SessionKind.PLENARY),
    ):
        events.add_session(event, {
            "title": title, "kind": kind, "room_id": room,
            "starts_at": _at(days[day], start), "ends_at": _at(days[day], end),
        })  # fmt: skip
    events.publish_event(event)
    return event


def _session(event: Event, title: str) -> int:
    return next(session.id for session in event.sessions if session.title == title)


def _organiser() -> int | None:
    return db.session.scalar(
        sa.select(User.id).where(User.role == UserRole.ORGANISER).order_by(User.id).limit(1)
    )


def _participants(
    event: Event, organisations: dict[str, Organisation], by_org: dict[str, list[Delegate]]
) -> dict[int, Participation]:
    """Each voting member's delegate (the givers of proxies and a few more send apologies),
    alternates for the candidates' members, some associates as observers and the
    secretariat's staff; credentials approved for all but two, and the door's check-ins on
    the first morning for all but two. Returns the voices in the room: the participation that
    votes for each member present, by organisation id."""
    first = event.starts_at.astimezone(event.zone).date()
    voting = members.voters(event.body, first) if event.body else set()
    slugs = sorted(slug for slug, org in organisations.items() if org.id in voting)
    candidates = {slug for _role, _seats, names in ELECTIONS for slug in names}
    special = candidates | set(PROXIES) | set(PROXIES.values())
    ordinary = [slug for slug in slugs if slug not in special]
    declined = set(PROXIES) | set(ordinary[4::9])
    pending = set(ordinary[7::40])  # letters in, not yet decided: in the room, no vote
    late = set(ordinary[12::40])  # credentials approved, never came to the door
    arrivals: list[Participation] = []
    voices: dict[int, Participation] = {}
    for slug in slugs:
        org, people = organisations[slug], by_org[slug]
        status = ParticipantStatus.DECLINED if slug in declined else ParticipantStatus.ACCEPTED
        delegate = events.add_participant(
            event, people[0].id, ParticipantRole.VOTING_DELEGATE, status
        )
        if slug in declined:
            continue
        alternate = None
        if slug in candidates and len(people) > 1:
            alternate = events.add_participant(
                event, people[1].id, ParticipantRole.ALTERNATE, ParticipantStatus.ACCEPTED
            )
            arrivals.append(alternate)
        credential = credentials.designate(
            event, org.id, delegate.id, alternate.id if alternate else None
        )
        letter = letters.pdf_letter(org.name, people[0].full_name, event.title)
        credentials.upload_letter(credential, letter, f"delegation-{slug}.pdf")
        if slug not in pending:
            credentials.decide(credential, CredentialDecision.APPROVED)
        if slug not in late:
            arrivals.append(delegate)
            if slug not in pending:
                voices[org.id] = delegate
    for giver, holder in PROXIES.items():
        proxies.give(event, organisations[giver].id, organisations[holder].id)
    associates = sorted(
        slug for slug, org in organisations.items() if org.membership is Membership.ASSOCIATE
    )
    for slug in sorted({ADMITTED, *associates[::4]}):
        arrivals.append(
            events.add_participant(
                event, by_org[slug][0].id, ParticipantRole.OBSERVER, ParticipantStatus.ACCEPTED
            )
        )
    for person in by_org["secretariat"][:2]:
        arrivals.append(
            events.add_participant(
                event, person.id, ParticipantRole.STAFF, ParticipantStatus.ACCEPTED
            )
        )
    _answered(event, first)
    _arrive(event, arrivals, _at(first, "08:30"))
    return voices


def _answered(event: Event, first: date) -> None:
    """Invited eight weeks ahead, answered two weeks later, credentials decided on the eve."""
    invited = _at(first, "10:00") - timedelta(weeks=8)
    _moved(Participation.invited_at, invited, Participation.event_id == event.id)
    answered = invited + timedelta(weeks=2)
    _moved(Participation.responded_at, answered, Participation.event_id == event.id)
    eve = _at(first, "16:00") - timedelta(days=1)
    _moved(
        Credential.decided_at,
        eve,
        Credential.event_id == event.id,
        Credential.decided_at.is_not(None),
    )
    _moved(Proxy.created_at, invited + timedelta(weeks=5), Proxy.event_id == event.id)


def _arrive(event: Event, arrivals: Sequence[Participation], opening: datetime) -> None:
    """Each one's scan at the door, then the check-in time moved to the desk's clock (the door
    service stamps the server's clock, which is now: the desk's time is kept as scanned_at)."""
    for turn, participation in enumerate(arrivals):
        when = opening + turn * timedelta(seconds=37)
        person = door.participant_at(event.id, participation.id)
        door.scan(person, Direction.IN, f"demo-{participation.id}", when)
        _moved(Participation.checked_in_at, when, Participation.id == participation.id)
    db.session.execute(
        sa.update(DoorScan)
        .where(DoorScan.event_id == event.id)
        .values(recorded_at=DoorScan.scanned_at)
        .execution_options(synchronize_session=False)
    )
    db.session.expire_all()


def _moved(column: Any, value: Any, *where: Any) -> None:
    """A service's "now" moved onto the meeting's time (see the module's docstring)."""
    db.session.execute(
        sa.update(column.class_)
        .where(*where)
        .values({column.key: value})
        .execution_options(synchronize_session=False)
    )


class _Record:
    """The Assembly's votes, in the order of its agenda, each taken by the votes service and
    then moved onto the minute it was taken."""

    def __init__(
        self,
        event: Event,
        voices: dict[int, Participation],
        organisations: dict[str, Organisation],
        by_org: dict[str, list[Delegate]],
        organiser: int | None,
    ) -> None:
        self.event, self.organiser = event, organiser
        self.organisations, self.by_org = organisations, by_org
        held = {organisations[giver].id: organisations[holder].id
                for giver, holder in PROXIES.items()}  # fmt: skip
        #: Each ballot a delegate in the room casts: for their member, then for the members
        #: whose proxy it holds.
        self.ballots = [
            (participation, member)
            for own, participation in voices.items()
            for member in (own, *sorted(g for g, h in held.items() if h == own))
        ]

    def take(self, items: dict[str, AgendaItem], days: tuple[date, date], committee: Body) -> None:
        first, second = days
        self._hands(
            items["Adoption of the agenda"],
            "Shall the agenda be adopted as proposed?",
            (first, "09:50", "09:52"),
            no=0,
            abstain=2,
        )
        self._hands(
            items["Approval of the minutes of the previous General Assembly"],
            "Shall the minutes of the previous General Assembly be approved?",
            (first, "10:00", "10:02"),
            no=0,
            abstain=5,
        )
        self._hands(
            items["Annual report of the President"],
            "Shall the annual report of the President be approved?",
            (first, "10:55", "10:58"),
            no=1,
            abstain=3,
        )
        self._hands(
            items["Budget and work plan for the coming year"],
            "Shall the budget and work plan be adopted?",
            (first, "11:50", "11:55"),
            no=8,
            abstain=5,
        )
        self._put(
            items["Resolution on climate-resilient urban infrastructure"],
            "Shall the resolution on climate-resilient urban infrastructure be adopted?",
            (first, "14:20", "14:55"),
            self._roll_call,
            method=VoteMethod.ROLL_CALL,
        )
        self._put(
            items["Resolution on a dues surcharge for a common digital platform"],
            "Shall the resolution on a dues surcharge be adopted?",
            (first, "15:40", "15:50"),
            self._electronic(_surcharge),
            method=VoteMethod.ELECTRONIC,
        )
        for (role, seats, names), title, window in zip(
            ELECTIONS,
            (
                "Election of the President",
                "Election of the Vice-Presidents",
                "Election of the members of the Executive Committee",
            ),
            (("09:20", "09:35"), ("10:00", "10:15"), ("10:40", "11:00")),
            strict=True,
        ):
            self._elect(
                items[title],
                title,
                (second, *window),
                committee,
                role,
                seats,
                names,
            )
        self._hands(
            items["Admission of the Lyon Urban Planning Agency as an associate member"],
            "Shall the Lyon Urban Planning Agency be admitted as an associate member?",
            (second, "11:30", "11:33"),
            no=3,
            abstain=4,
            rule=MajorityRule.TWO_THIRDS,
        )
        # The register numbered the decisions in the year of their close, which was now: the
        # meeting's year instead (one year: the meeting is not held across New Year).
        _moved(Decision.year, second.year, Decision.event_id == self.event.id)

    def _put(
        self,
        item: AgendaItem,
        question: str,
        window: tuple[date, str, str],
        answer: Callable[[Vote], None],
        **data: Any,
    ) -> Vote:
        vote = votes.open_vote(
            self.event, {"agenda_item_id": item.id, "question": question, **data}, self.organiser
        )
        answer(vote)
        votes.close(vote)
        _taken(vote, _at(window[0], window[1]), _at(window[0], window[2]))
        return vote

    def _hands(
        self, item: AgendaItem, question: str, window: tuple[date, str, str], no: int,
        abstain: int, rule: MajorityRule = MajorityRule.SIMPLE,
    ) -> Vote:  # fmt: skip
        """A show of hands: one delegate out of the room, the rest yes but for ``no`` and
        ``abstain``."""

        def count(vote: Vote) -> None:
            yes = vote.quorum_counted - 1 - no - abstain
            votes.record_counts(vote, counting.Count(yes, no, abstain))

        return self._put(item, question, window, count, method=VoteMethod.SHOW_OF_HANDS,
                         rule=rule)  # fmt: skip

    def _roll_call(self, vote: Vote) -> None:
        """Every member present or represented called, each answering for itself."""
        called = db.session.scalars(
            sa.select(RollEntry.organisation_id)
            .where(RollEntry.roll_id == vote.roll_id, RollEntry.attendance.in_(COUNTED))
            .order_by(RollEntry.organisation_name)
        ).all()
        for turn, member in enumerate(called):
            answer = (
                counting.NO
                if turn % 9 == 4
                else counting.ABSTAIN
                if turn % 13 == 6
                else counting.YES
            )
            votes.record_answer(vote, member, [answer])

    def _electronic(
        self, choose: Callable[[int, dict[str, int]], list[Any] | None]
    ) -> Callable[[Vote], None]:
        """Ballots from the delegates' own links: ``choose`` gives the choices of the
        ``turn``-th ballot (candidates by slug), or None for a member that does not vote."""

        def cast(vote: Vote) -> None:
            by_slug = {self._slug(c.organisation_id): c.id for c in vote.candidates}
            for turn, (participation, member) in enumerate(self.ballots):
                choices = choose(turn, by_slug)
                if choices is not None:
                    votes.cast(participation, vote, member, choices)

        return cast

    def _slug(self, organisation_id: int) -> str:
        return next(s for s, o in self.organisations.items() if o.id == organisation_id)

    def _elect(
        self,
        item: AgendaItem,
        question: str,
        window: tuple[date, str, str],
        committee: Body,
        role: SeatRole,
        seats: int,
        names: Sequence[str],
    ) -> None:
        """A secret ballot for the seats, then the elected take them (from the day it closed,
        so its close is moved first)."""
        candidates = [
            {"organisation_id": self.organisations[slug].id, "person_id": self.by_org[slug][0].id}
            for slug in names
        ]
        vote = self._put(
            item, question, window, self._electronic(_BALLOTS[role]),
            method=VoteMethod.ELECTRONIC, secret=True, seats=seats, seat_role=role,
            seat_body_id=committee.id, candidates=candidates,
        )  # fmt: skip
        votes.confirm(vote)
        confirmed = _at(window[0], window[2]) + timedelta(minutes=5)
        _moved(Vote.confirmed_at, confirmed, Vote.id == vote.id)


def _surcharge(turn: int, _candidates: dict[str, int]) -> list[str] | None:
    """The surcharge: two in five for it, most against, a few abstaining or not voting."""
    if turn % 17 == 16:
        return None
    if turn % 5 in (0, 3):
        return [counting.YES]
    return [counting.ABSTAIN if turn % 11 == 7 else counting.NO]


def _president(turn: int, candidates: dict[str, int]) -> list[int]:
    if turn % 10 == 9:
        return []  # a blank ballot
    return [candidates["taipei" if turn % 10 in (7, 8) else "yokohama"]]


def _vice_presidents(turn: int, candidates: dict[str, int]) -> list[int]:
    """Seoul and Lyon on most ballots; Hanoi instead of one of them on a third."""
    chosen = {0: ("seoul", "hanoi"), 1: ("lyon", "hanoi")}.get(turn % 6, ("seoul", "lyon"))
    return [candidates[slug] for slug in chosen]


def _committee(turn: int, candidates: dict[str, int]) -> list[int]:
    """Most ballots choose the eight elected; some prefer Jakarta or Delhi to one of them."""
    elected = list(ELECTIONS[2][2][:8])
    swaps = {"quezon-city": "jakarta" if turn % 3 == 0 else None,
             "ulaanbaatar": "delhi" if turn % 4 == 1 else None}  # fmt: skip
    chosen = [swaps.get(slug) or slug for slug in elected]
    if turn % 7 == 2:
        chosen.remove("busan")
    return [candidates[slug] for slug in chosen]


_BALLOTS = {
    SeatRole.PRESIDENT: _president,
    SeatRole.VICE_PRESIDENT: _vice_presidents,
    SeatRole.MEMBER: _committee,
}


def approve_minutes(assembly: Event, meetings: Sequence[Event]) -> None:
    """The Executive Committee's spring meeting approves the past Assembly's minutes: its
    members that came are accredited and checked in, its roll frozen, and a show of hands
    on a new item of its agenda adopts them (moved onto that meeting's morning)."""
    meeting = next(
        event
        for event in meetings
        if event.kind is EventKind.EXECUTIVE_COMMITTEE and event.title.endswith("spring meeting")
    )
    day = meeting.starts_at.astimezone(meeting.zone).date()
    zone = meeting.zone
    came = [
        p
        for p in meeting.participations
        if p.role is ParticipantRole.VOTING_DELEGATE
        and p.status not in (ParticipantStatus.DECLINED, ParticipantStatus.CANCELLED)
    ]
    for participation in came:
        org = participation.delegate.organisation
        credential = credentials.designate(meeting, org.id, participation.id)
        if credentials.letter_needed(credential):
            letter = letters.pdf_letter(org.name, participation.delegate.full_name, meeting.title)
            credentials.upload_letter(credential, letter, f"delegation-{org.slug}.pdf")
        credentials.decide(credential, CredentialDecision.APPROVED)
    _moved(Credential.decided_at, _at(day, "09:00", zone), Credential.event_id == meeting.id)
    _arrive(meeting, came, _at(day, "09:40", zone))
    roll = rolls.freeze(meeting, None)
    item = agenda.add(meeting, {
        "title": f"Approval of the minutes of the {assembly.title}", "kind": "procedural",
    })  # fmt: skip
    while item.position > 2:  # right after the opening
        agenda.move(item, -1)
        db.session.refresh(item)
    vote = votes.open_vote(meeting, {
        "agenda_item_id": item.id, "method": VoteMethod.SHOW_OF_HANDS,
        "question": f"Shall the minutes of the {assembly.title} be approved?",
    }, _organiser())  # fmt: skip
    votes.record_counts(vote, counting.Count(roll.present + roll.represented, 0, 0))
    votes.close(vote)
    _taken(vote, _at(day, "10:10", zone), _at(day, "10:12", zone))
    _moved(Roll.frozen_at, _at(day, "10:05", zone), Roll.id == roll.id)
    minutes.approve(assembly, vote.id)  # approved when the vote closed


def _taken(vote: Vote, opened: datetime, closed: datetime) -> None:
    """A vote's times, its named answers' and its decision's moved to when it was taken."""
    db.session.execute(
        sa.update(Vote)
        .where(Vote.id == vote.id)
        .values(opened_at=opened, closed_at=closed, created_at=opened, updated_at=closed)
        .execution_options(synchronize_session=False)
    )
    _moved(NamedChoice.recorded_at, closed, NamedChoice.vote_id == vote.id)
    _moved(Decision.adopted_at, closed, Decision.vote_id == vote.id)
    db.session.expire(vote)
