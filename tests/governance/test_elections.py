"""Elections: who may stand, and the seats a confirmed result makes (through the seats
service: the body's directory, its voting rights and its quorum follow)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from planner.errors import Conflict, Invalid, NotFound
from planner.extensions import db
from planner.governance.elections import service
from planner.governance.models import Candidate, Vote, VoteOutcome
from planner.members.models import Body, BodySeat, Dues, Membership, Organisation, SeatRole
from planner.members.service import voters
from tests.conftest import row_count
from tests.support.decisions import closed_vote

CLOSED = datetime(2027, 5, 12, 3, 0, tzinfo=UTC)
ELECTION_DAY = date(2027, 5, 12)


@pytest.fixture
def executive(assembly) -> Body:
    """The Executive Committee: Seoul presides, Tokyo and Hanoi sit as members."""
    body = Body(slug="executive-committee", name="Executive Committee")
    db.session.add(body)
    ids = _ids(assembly)
    for slug, role in (("seoul", SeatRole.PRESIDENT), ("tokyo", SeatRole.MEMBER),
                       ("hanoi", SeatRole.MEMBER)):  # fmt: skip
        db.session.add(BodySeat(body=body, organisation_id=ids[slug], role=role,
                                term_start=date(2025, 5, 1)))  # fmt: skip
    db.session.commit()
    return body


def _ids(assembly) -> dict[str, int]:
    return {
        slug: organisation_id
        for slug, organisation_id in db.session.execute(
            sa.select(Organisation.slug, Organisation.id)
        )
    }


def _election(
    assembly, body: Body, role: SeatRole, seats: int, outcome=VoteOutcome.ELECTED
) -> Vote:
    return closed_vote(
        assembly["event"]["id"], f"Election: {role.value}", outcome, CLOSED,
        seats=seats, seat_role=role, seat_body_id=body.id,
    )  # fmt: skip


def _current(body: Body, on: date) -> dict[str, SeatRole]:
    rows = db.session.execute(
        sa.select(Organisation.slug, BodySeat.role)
        .join(Organisation, Organisation.id == BodySeat.organisation_id)
        .where(
            BodySeat.body_id == body.id,
            BodySeat.term_start <= on,
            sa.or_(BodySeat.term_end.is_(None), BodySeat.term_end >= on),
        )
    )
    return {slug: role for slug, role in rows.tuples()}


def test_members_with_a_vote_stand_with_one_of_their_delegates(assembly, executive):
    vote = _election(assembly, executive, SeatRole.MEMBER, 2)
    ids = _ids(assembly)
    bangkok = service.nominate(vote, ids["bangkok"], assembly["delegates"][3]["id"])
    lyon = service.nominate(vote, ids["lyon"])
    assert [(c.organisation_id, c.position) for c in vote.candidates] == [
        (ids["bangkok"], 1), (ids["lyon"], 2),
    ]  # fmt: skip
    assert bangkok.person_id == assembly["delegates"][3]["id"] and lyon.person_id is None


def test_who_may_not_stand_is_refused_with_the_field_named(assembly, executive):
    vote = _election(assembly, executive, SeatRole.MEMBER, 2)
    ids = _ids(assembly)
    service.nominate(vote, ids["lyon"])
    db.session.commit()
    # An associate member; a member in arrears (no vote at this Assembly); one standing twice;
    # a person of another organisation; an organisation that does not exist.
    db.session.get(Organisation, ids["quezon"]).membership = Membership.ASSOCIATE
    db.session.execute(sa.delete(Dues).where(Dues.organisation_id == ids["bangkok"]))
    refusals = [
        ((ids["quezon"], None), Invalid, "organisation_id"),
        ((ids["bangkok"], None), Invalid, "organisation_id"),
        ((ids["lyon"], None), Invalid, "organisation_id"),
        ((ids["hanoi"], assembly["delegates"][0]["id"]), Invalid, "person_id"),
        ((999999, None), NotFound, "organisation_id"),
    ]
    for (organisation_id, person_id), error, field in refusals:
        with pytest.raises(error) as refused:
            service.nominate(vote, organisation_id, person_id)
        assert field in refused.value.fields, (organisation_id, refused.value.fields)
    resolution = closed_vote(assembly["event"]["id"], "Budget", VoteOutcome.ADOPTED, CLOSED)
    with pytest.raises(Invalid):
        service.nominate(resolution, ids["hanoi"])
    db.session.rollback()
    assert row_count(Candidate) == 1


def test_confirmed_members_take_the_seats_and_the_previous_holders_leave(assembly, executive):
    vote = _election(assembly, executive, SeatRole.MEMBER, 2)
    ids = _ids(assembly)
    # Hanoi is re-elected, Bangkok comes in, Tokyo leaves; Seoul's presidency is not at stake.
    service.confirm(vote, [ids["hanoi"], ids["bangkok"]], ELECTION_DAY)
    db.session.commit()
    before = ELECTION_DAY - timedelta(days=1)
    assert _current(executive, before) == {
        "seoul": SeatRole.PRESIDENT, "tokyo": SeatRole.MEMBER, "hanoi": SeatRole.MEMBER,
    }  # fmt: skip
    assert _current(executive, ELECTION_DAY) == {
        "seoul": SeatRole.PRESIDENT, "hanoi": SeatRole.MEMBER, "bangkok": SeatRole.MEMBER,
    }  # fmt: skip
    # The committee's voting rights follow: its voters on the day are the new ones.
    assert voters(executive, ELECTION_DAY) == {ids["seoul"], ids["hanoi"], ids["bangkok"]}
    assert vote.confirmed_at is not None
    with pytest.raises(Conflict):
        service.confirm(vote, [ids["lyon"]], ELECTION_DAY)


def test_a_new_president_ends_the_presidency_and_the_seat_they_held(assembly, executive):
    vote = _election(assembly, executive, SeatRole.PRESIDENT, 1)
    ids = _ids(assembly)
    service.confirm(vote, [ids["tokyo"]], ELECTION_DAY)
    db.session.commit()
    # Tokyo moves from member to president; Seoul's presidency ends the day before.
    assert _current(executive, ELECTION_DAY) == {
        "tokyo": SeatRole.PRESIDENT, "hanoi": SeatRole.MEMBER,
    }  # fmt: skip


@pytest.mark.parametrize("outcome", [VoteOutcome.TIE, VoteOutcome.NO_QUORUM])
def test_a_tied_election_or_one_without_quorum_changes_no_seat(assembly, executive, outcome):
    vote = _election(assembly, executive, SeatRole.MEMBER, 2, outcome)
    seats = row_count(BodySeat)
    with pytest.raises(Conflict):
        service.confirm(vote, [_ids(assembly)["bangkok"]], ELECTION_DAY)
    assert row_count(BodySeat) == seats and vote.confirmed_at is None
