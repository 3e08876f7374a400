"""Candidates of an election, and its confirmation: the elected members take the body's seats
through the seats service, so the directory, voting rights and quorum follow at once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from planner.db import get_or_404, utcnow
from planner.errors import Conflict, Invalid
from planner.extensions import db
from planner.governance.models import Candidate, Vote, VoteOutcome
from planner.members import service as members
from planner.members.models import BodySeat, Delegate, Membership, Organisation


def meeting_day(vote: Vote) -> date:
    """The electing meeting's local date, on which standing is judged."""
    return vote.event.starts_at.astimezone(vote.event.zone).date()


def nominate(vote: Vote, organisation_id: int, person_id: int | None = None) -> Candidate:
    """A member standing in the election, with the person it puts forward. Only a full
    member that may vote at this meeting stands; the person must be one of its delegates."""
    if not vote.is_election:
        raise Invalid.field("vote_id", _("this vote is not an election"))
    organisation = get_or_404(
        Organisation, organisation_id, "organisation", field="organisation_id"
    )
    if organisation.membership is not Membership.FULL or not members.may_vote(
        organisation, vote.event.body, meeting_day(vote)
    ):
        raise Invalid.field(
            "organisation_id",
            _(
                "%(name)s may not stand: only full members with a vote here may",
                name=organisation.name,
            ),
        )
    if person_id is not None:
        person = get_or_404(Delegate, person_id, "delegate", field="person_id")
        if person.organisation_id != organisation.id:
            raise Invalid.field("person_id", _("not a delegate of this organisation"))
    if any(c.organisation_id == organisation.id for c in vote.candidates):
        raise Invalid.field("organisation_id", _("%(name)s stands already", name=organisation.name))
    candidate = Candidate(
        organisation_id=organisation.id, person_id=person_id, position=len(vote.candidates) + 1
    )
    vote.candidates.append(candidate)
    db.session.flush()
    return candidate


def confirm(vote: Vote, elected: Sequence[int], on: date) -> list[BodySeat]:
    """The elected members (organisation ids) take their seats from ``on``: the terms of the
    role's current holders, and any other current seat the elected hold on that body (they
    change role), end the day before, so the change happens on one day and a body never has
    two presidents. Once per election."""
    if vote.outcome is not VoteOutcome.ELECTED:
        raise Conflict(_("only an election whose seats are all filled can be confirmed"))
    if vote.confirmed_at is not None:
        raise Conflict(_("this election was confirmed already"))
    body, role = vote.seat_body, vote.seat_role
    assert body is not None and role is not None  # an election has both
    current = sa.and_(
        BodySeat.body_id == body.id,
        BodySeat.term_start < on,
        sa.or_(BodySeat.term_end.is_(None), BodySeat.term_end >= on),
    )
    ending = db.session.scalars(
        sa.select(BodySeat).where(
            current, sa.or_(BodySeat.role == role, BodySeat.organisation_id.in_(elected))
        )
    ).all()
    for seat in ending:
        members.end_seat(seat, on - timedelta(days=1))
    seats = [
        members.add_seat(body, {"organisation_id": organisation_id, "role": role, "term_start": on})
        for organisation_id in elected
    ]
    vote.confirmed_at = utcnow()
    db.session.flush()
    return seats
