"""Reads of votes: tallies and ballots received, the roll-call's order, who may vote."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

import sqlalchemy as sa

from planner.events.models import Event
from planner.events.service import meeting_day
from planner.extensions import db
from planner.governance.models import (
    Attendance,
    NamedChoice,
    RollEntry,
    Tally,
    Vote,
    Voter,
)
from planner.members.models import Body, BodySeat, Organisation, SeatRole

#: The body whose President, Vice-Presidents and members are called first in a roll-call.
EXECUTIVE_COMMITTEE = "executive-committee"
_PROTOCOL_RANK = {SeatRole.PRESIDENT: 0, SeatRole.VICE_PRESIDENT: 1, SeatRole.MEMBER: 2}
COUNTED = (Attendance.IN_PERSON, Attendance.REPRESENTED)


def tallies(vote_ids: Collection[int]) -> dict[int, dict[str, int]]:
    """Each vote's counters, in one statement."""
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for vote_id, choice, count in db.session.execute(
        sa.select(Tally.vote_id, Tally.choice, Tally.count).where(Tally.vote_id.in_(vote_ids))
    ).tuples():
        found[vote_id][choice] = count
    return found


def ballots_received(vote_ids: Collection[int]) -> dict[int, int]:
    """How many members' ballots are in, per vote, in one statement."""
    rows = db.session.execute(
        sa.select(Voter.vote_id, sa.func.count())
        .where(Voter.vote_id.in_(vote_ids))
        .group_by(Voter.vote_id)
    ).tuples()
    return dict(rows.all())


def open_vote_of(event_id: int) -> Vote | None:
    open_ = sa.select(Vote).where(Vote.event_id == event_id, Vote.closed_at.is_(None))
    return db.session.scalar(open_)


def votes_of(event_id: int) -> sa.Select[tuple[Vote]]:
    return sa.select(Vote).where(Vote.event_id == event_id).order_by(Vote.opened_at.desc(), Vote.id)


def protocol_order(event: Event, organisation_ids: Collection[int]) -> list[int]:
    """Members in protocol order: the President's city, the Vice-Presidents, the Executive
    Committee's members (seats on the meeting's first day), then by country code and name."""
    day = meeting_day(event)
    ranks = {
        organisation_id: _PROTOCOL_RANK.get(role, 3)
        for organisation_id, role in db.session.execute(
            sa.select(BodySeat.organisation_id, BodySeat.role)
            .join(Body, Body.id == BodySeat.body_id)
            .where(
                Body.slug == EXECUTIVE_COMMITTEE,
                BodySeat.organisation_id.in_(organisation_ids),
                BodySeat.term_start <= day,
                sa.or_(BodySeat.term_end.is_(None), BodySeat.term_end >= day),
            )
        ).tuples()
    }
    rows = db.session.execute(
        sa.select(Organisation.id, Organisation.country, Organisation.name).where(
            Organisation.id.in_(organisation_ids)
        )
    ).tuples()
    ordered = sorted(rows, key=lambda row: (ranks.get(row[0], 3), row[1], row[2], row[0]))
    return [organisation_id for organisation_id, _country, _name in ordered]


@dataclass(frozen=True)
class Called:
    """A member as the roll-call calls it: in person (through ``attendee``) or represented by
    ``held_by`` (called right after its holder), with its answer once recorded (``choices``
    stays empty in a secret vote, where only ``voted`` is known)."""

    organisation_id: int
    name: str
    attendance: Attendance
    attendee: str | None
    held_by: int | None
    held_by_name: str | None
    voted: bool
    choices: tuple[str, ...]


def call_list(vote: Vote) -> list[Called]:
    """The voting members of the vote's roll in protocol order, each present member followed
    by the members whose proxy it holds; absent ones are not called. Four statements."""
    entries = {
        entry.organisation_id: entry
        for entry in db.session.scalars(
            sa.select(RollEntry).where(
                RollEntry.roll_id == vote.roll_id, RollEntry.attendance.in_(COUNTED)
            )
        )
    }
    voted = set(
        db.session.scalars(sa.select(Voter.organisation_id).where(Voter.vote_id == vote.id))
    )
    named: dict[int, list[str]] = defaultdict(list)
    if not vote.secret:
        for organisation_id, choice in db.session.execute(
            sa.select(NamedChoice.organisation_id, NamedChoice.choice)
            .where(NamedChoice.vote_id == vote.id)
            .order_by(NamedChoice.id)
        ).tuples():
            named[organisation_id].append(choice)
    order = protocol_order(vote.event, entries)
    represented: dict[int, list[int]] = defaultdict(list)
    for organisation_id in order:
        entry = entries[organisation_id]
        if entry.attendance is Attendance.REPRESENTED and entry.represented_by_id in entries:
            represented[entry.represented_by_id].append(organisation_id)
    called = []
    for organisation_id in order:
        if entries[organisation_id].attendance is not Attendance.IN_PERSON:
            continue
        for member in (organisation_id, *represented[organisation_id]):
            entry = entries[member]
            called.append(
                Called(
                    organisation_id=member,
                    name=entry.organisation_name,
                    attendance=entry.attendance,
                    attendee=entry.attendee_name,
                    held_by=entry.represented_by_id,
                    held_by_name=entry.represented_by_name,
                    voted=member in voted,
                    choices=tuple(named[member]),
                )
            )
    return called
