"""Everything the minutes of a meeting show, read in a fixed number of SQL statements however
large the meeting (a test counts them): the meeting, who attended, the frozen rolls, the
agenda with the secretariat's text under each item, each vote's figures and outcome, each
election's candidates, and the decisions with their numbers. The result is plain data that
the API, the page and the PDF lay out alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload, selectinload

from planner.events.models import Event, ParticipantRole, ParticipantStatus, Participation
from planner.extensions import db
from planner.governance.agenda import queries as agenda_queries
from planner.governance.models import (
    AgendaItemKind,
    Candidate,
    Decision,
    MajorityRule,
    Minutes,
    Roll,
    Vote,
    VoteMethod,
    VoteOutcome,
)
from planner.governance.reports.service import Name, member_order
from planner.governance.votes import counting
from planner.governance.votes.service import described
from planner.members.models import Delegate, Organisation, SeatRole


@dataclass(frozen=True)
class Meeting:
    network: str
    id: int
    title: str
    body: str | None
    venue: str | None
    starts_at: datetime
    ends_at: datetime
    timezone: str


@dataclass(frozen=True)
class Approval:
    """Who approved the minutes: the vote, and the meeting it was taken at."""

    version: int
    approved_at: datetime | None
    vote_id: int
    question: str
    event_id: int
    meeting: str
    meeting_starts_at: datetime
    timezone: str


@dataclass(frozen=True)
class Attendee:
    person: Name
    role: ParticipantRole


@dataclass
class Delegation:
    """One organisation's people at the meeting: those who came and those who did not."""

    organisation: Name
    present: list[Attendee] = field(default_factory=list)
    absent: list[Attendee] = field(default_factory=list)


@dataclass(frozen=True)
class RollFigures:
    id: int
    frozen_at: datetime
    entitled: int
    present: int
    represented: int
    needed: int

    @property
    def quorate(self) -> bool:
        return self.present + self.represented >= self.needed


@dataclass(frozen=True)
class CandidateResult:
    organisation: Name
    person: Name | None
    votes: int | None  # None while the election is open
    elected: bool
    tied: bool


@dataclass
class VoteRecord:
    id: int
    item_number: str
    question: str
    method: VoteMethod
    rule: MajorityRule
    secret: bool
    opened_at: datetime
    closed_at: datetime | None
    quorum_counted: int
    quorum_needed: int
    quorum_override: str | None
    outcome: VoteOutcome | None
    ballots: int
    #: yes / no / abstain; None while an electronic vote is open (its count is not shown).
    counts: counting.Count | None
    seats: int | None = None
    seat_role: SeatRole | None = None
    seat_body: str | None = None
    candidates: list[CandidateResult] = field(default_factory=list)
    decision: str | None = None  # the number of the decision it made

    @property
    def is_election(self) -> bool:
        return self.seats is not None


@dataclass
class ItemRecord:
    id: int
    number: str
    title: str
    text: str | None
    kind: AgendaItemKind
    minutes_text: str | None
    votes: list[VoteRecord] = field(default_factory=list)
    children: list[ItemRecord] = field(default_factory=list)


@dataclass(frozen=True)
class DecisionRecord:
    number: str
    title: str
    text: str
    adopted_at: datetime
    item_number: str | None
    vote_id: int


@dataclass
class MinutesRecord:
    meeting: Meeting
    summary: str | None
    approval: Approval | None
    attendance: list[Delegation]
    rolls: list[RollFigures]
    items: list[ItemRecord]
    decisions: list[DecisionRecord]

    @property
    def version(self) -> int:
        return self.approval.version if self.approval else 0

    @property
    def approved(self) -> bool:
        return self.approval is not None

    @property
    def present(self) -> int:
        return sum(len(group.present) for group in self.attendance)

    @property
    def absent(self) -> int:
        return sum(len(group.absent) for group in self.attendance)

    def all_items(self) -> list[ItemRecord]:
        return [each for item in self.items for each in (item, *item.children)]


def minutes_record(event: Event) -> MinutesRecord:
    """The minutes of the meeting as they stand: eleven statements whatever its size."""
    minutes = db.session.scalar(
        sa.select(Minutes)
        .where(Minutes.event_id == event.id)
        .options(joinedload(Minutes.approved_by_vote).joinedload(Vote.event))
    )
    meeting = Meeting(
        network=current_app.config["PLANNER_NETWORK_NAME"],
        id=event.id,
        title=event.title,
        body=event.body.name if event.body else None,
        venue=event.venue.name if event.venue else None,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        timezone=event.timezone,
    )
    # Kept in the session: each vote's roll is found there, not read again.
    rolls = list(
        db.session.scalars(
            sa.select(Roll).where(Roll.event_id == event.id).order_by(Roll.frozen_at)
        )
    )
    items = _items(event)
    votes = _votes(event, items)
    decisions = _decisions(event, votes)
    return MinutesRecord(
        meeting=meeting,
        summary=minutes.summary if minutes else None,
        approval=_approval(minutes),
        attendance=attendance(event.id),
        rolls=[
            RollFigures(r.id, r.frozen_at, r.entitled, r.present, r.represented, r.needed)
            for r in rolls
        ],
        items=[item for item in items.values() if item.id in _top(items)],
        decisions=decisions,
    )


def _approval(minutes: Minutes | None) -> Approval | None:
    if minutes is None or not minutes.version or minutes.approved_by_vote is None:
        return None
    vote = minutes.approved_by_vote
    return Approval(
        version=minutes.version,
        approved_at=minutes.approved_at,
        vote_id=vote.id,
        question=vote.question,
        event_id=vote.event_id,
        meeting=vote.event.title,
        meeting_starts_at=vote.event.starts_at,
        timezone=vote.event.timezone,
    )


def attendance(event_id: int) -> list[Delegation]:
    """Everyone asked to the meeting and not removed, by organisation in name order: present
    if the door checked them in at any time, absent otherwise. One statement."""
    rows = db.session.execute(
        sa.select(Participation.role, Participation.checked_in_at, Delegate, Organisation)
        .join(Delegate, Delegate.id == Participation.delegate_id)
        .join(Organisation, Organisation.id == Delegate.organisation_id)
        .where(
            Participation.event_id == event_id,
            Participation.status != ParticipantStatus.CANCELLED,
        )
    ).tuples()
    groups: dict[int, Delegation] = {}
    for role, checked_in_at, delegate, organisation in rows:
        group = groups.get(organisation.id)
        if group is None:
            group = groups[organisation.id] = Delegation(Name.of_organisation(organisation))
        attendee = Attendee(Name.of_delegate(delegate), role)
        (group.present if checked_in_at is not None else group.absent).append(attendee)
    roles = list(ParticipantRole)
    for group in groups.values():
        for people in (group.present, group.absent):
            people.sort(key=lambda a: (roles.index(a.role), a.person.latin.casefold()))
    return sorted(groups.values(), key=lambda g: member_order(g.organisation))


def _items(event: Event) -> dict[int, ItemRecord]:
    """Every agenda item by id, in reading order, each top-level one with its sub-items."""
    records: dict[int, ItemRecord] = {}
    for entry in agenda_queries.agenda(event.id):
        top = _item(entry)
        records[top.id] = top
        for child in entry.children:
            records[child.item.id] = _item(child)
            top.children.append(records[child.item.id])
    return records


def _item(entry: agenda_queries.Entry) -> ItemRecord:
    item = entry.item
    return ItemRecord(item.id, entry.number, item.title, item.text, item.kind, item.minutes_text)


def _top(items: dict[int, ItemRecord]) -> set[int]:
    children = {child.id for item in items.values() for child in item.children}
    return set(items) - children


def _votes(event: Event, items: dict[int, ItemRecord]) -> dict[int, VoteRecord]:
    """Each vote of the meeting, placed under its item in the order they opened."""
    votes = list(
        db.session.scalars(
            sa.select(Vote)
            .where(Vote.event_id == event.id)
            .order_by(Vote.opened_at, Vote.id)
            .options(
                joinedload(Vote.seat_body),
                selectinload(Vote.candidates).joinedload(Candidate.organisation),
            )
        ).unique()
    )
    person_ids = {c.person_id for vote in votes for c in vote.candidates if c.person_id}
    people = {
        person.id: Name.of_delegate(person)
        for person in db.session.scalars(sa.select(Delegate).where(Delegate.id.in_(person_ids)))
    }
    records = {}
    for view in described(votes):
        vote = view.vote
        shown = view.counts is not None
        counts = view.counts or {}
        record = VoteRecord(
            id=vote.id,
            item_number=items[vote.agenda_item_id].number,
            question=vote.question,
            method=vote.method,
            rule=vote.rule,
            secret=vote.secret,
            opened_at=vote.opened_at,
            closed_at=vote.closed_at,
            quorum_counted=vote.quorum_counted,
            quorum_needed=vote.quorum_needed,
            quorum_override=vote.quorum_override,
            outcome=vote.outcome,
            ballots=view.ballots,
            counts=counting.Count.of(counts) if shown and not vote.is_election else None,
            seats=vote.seats,
            seat_role=vote.seat_role,
            seat_body=vote.seat_body.name if vote.seat_body else None,
            candidates=[
                CandidateResult(
                    organisation=Name.of_organisation(c.organisation),
                    person=people.get(c.person_id) if c.person_id else None,
                    votes=counts.get(counting.candidate_choice(c.id), 0) if shown else None,
                    elected=c.id in view.elected,
                    tied=c.id in view.tied,
                )
                for c in vote.candidates
            ],
        )
        records[vote.id] = record
        items[vote.agenda_item_id].votes.append(record)
    return records


def _decisions(event: Event, votes: dict[int, VoteRecord]) -> list[DecisionRecord]:
    """The decisions the meeting's votes made, in number order; each vote learns its number."""
    decisions = []
    for decision in db.session.scalars(
        sa.select(Decision)
        .where(Decision.event_id == event.id)
        .order_by(Decision.year, Decision.prefix, Decision.sequence)
    ):
        vote = votes.get(decision.vote_id)
        if vote is not None:
            vote.decision = decision.number
        decisions.append(
            DecisionRecord(
                number=decision.number,
                title=decision.title,
                text=decision.text,
                adopted_at=decision.adopted_at,
                item_number=vote.item_number if vote else None,
                vote_id=decision.vote_id,
            )
        )
    return decisions


def approving_votes(event: Event) -> list[Vote]:
    """The votes that could approve these minutes: adopted questions of meetings that began
    after this one ended, latest first (the service still decides)."""
    return list(
        db.session.scalars(
            sa.select(Vote)
            .join(Event, Event.id == Vote.event_id)
            .where(
                Event.starts_at >= event.ends_at,
                Vote.outcome == VoteOutcome.ADOPTED,
                Vote.seats.is_(None),
            )
            .options(joinedload(Vote.event))
            .order_by(Vote.closed_at.desc())
        )
    )
