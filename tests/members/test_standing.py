"""Standing and votes: the statute scenarios of issue 13, answered by the one function
(``members.service.may_vote`` and its set form) that forms, quorum and packs ask."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from planner.events import service as events
from planner.events.models import Event, ParticipantRole
from planner.extensions import db
from planner.governance.quorum.service import quorum_forecasts
from planner.members import service as members
from planner.members.models import (
    Body,
    BodySeat,
    Delegate,
    Dues,
    DuesStatus,
    Membership,
    Organisation,
    OrganisationStatus,
    SeatRole,
    VotingRule,
)
from tests.support.queries import counted_statements

MEETING = date(2027, 5, 11)
pytestmark = pytest.mark.usefixtures("app")


def _organisation(slug: str, membership=Membership.FULL, **kwargs) -> Organisation:
    organisation = Organisation(slug=slug, name=slug.title(), country="KR",
                                timezone="Asia/Seoul", membership=membership, **kwargs)  # fmt: skip
    db.session.add(organisation)
    db.session.flush()
    return organisation


def _dues(organisation: Organisation, year: int, status: DuesStatus, reason=None) -> None:
    db.session.add(Dues(organisation=organisation, year=year, status=status, amount=100,
                        currency="USD", reason=reason))  # fmt: skip
    db.session.flush()


@pytest.fixture
def assembly() -> Body:
    body = Body(slug="general-assembly", name="General Assembly")
    db.session.add(body)
    db.session.flush()
    return body


def test_the_general_assembly_votes_by_good_standing_other_bodies_by_seats(assembly):
    committee = Body(slug="executive-committee", name="Executive Committee")
    db.session.add(committee)
    db.session.flush()
    db.session.expire_all()
    assert assembly.voting_rule is VotingRule.GOOD_STANDING
    assert committee.voting_rule is VotingRule.CURRENT_SEATS


def test_statute_scenarios_at_the_general_assembly(assembly):
    paid = _organisation("paid")
    _dues(paid, 2026, DuesStatus.PAID)
    waived = _organisation("waived")
    _dues(waived, 2026, DuesStatus.WAIVED, reason="Earthquake")
    arrears = _organisation("arrears")
    _dues(arrears, 2026, DuesStatus.OUTSTANDING)
    older_arrears = _organisation("older-arrears")
    _dues(older_arrears, 2025, DuesStatus.OUTSTANDING)
    _dues(older_arrears, 2026, DuesStatus.PAID)
    unrecorded = _organisation("unrecorded")
    associate = _organisation("associate", Membership.ASSOCIATE)
    _dues(associate, 2026, DuesStatus.PAID)
    inactive = _organisation("inactive", status=OrganisationStatus.SUSPENDED)
    _dues(inactive, 2026, DuesStatus.PAID)
    # This year's dues outstanding do not matter yet: only up to the year before.
    _dues(paid, 2027, DuesStatus.OUTSTANDING)

    answers = {o.slug: members.may_vote(o, assembly, MEETING) for o in (
        paid, waived, arrears, older_arrears, unrecorded, associate, inactive)}  # fmt: skip
    assert answers == {"paid": True, "waived": True, "arrears": False, "older-arrears": False,
                       "unrecorded": False, "associate": False, "inactive": False}  # fmt: skip
    assert members.voters(assembly, MEETING) == {paid.id, waived.id}
    # A meeting a year on asks for 2027's dues, outstanding for "paid".
    assert not members.may_vote(paid, assembly, date(2028, 3, 1))

    standing = members.standing(older_arrears, MEETING)
    assert not standing.good
    assert standing.shortfalls == (members.Shortfall.DUES_OUTSTANDING,)
    assert standing.outstanding_years == (2025,)
    assert members.standing(unrecorded, MEETING).shortfalls == (
        members.Shortfall.DUES_NOT_RECORDED,
    )
    assert members.Shortfall.NOT_FULL_MEMBER in members.standing(associate, MEETING).shortfalls
    assert members.standing(paid, MEETING).good
    # Seats play no part at the General Assembly.
    db.session.add(BodySeat(body=assembly, organisation=arrears, role=SeatRole.MEMBER,
                            term_start=date(2000, 1, 1)))  # fmt: skip
    db.session.flush()
    assert not members.may_vote(arrears, assembly, MEETING)


def test_committee_votes_follow_the_seats_current_on_the_meetings_local_date():
    committee = Body(slug="executive-committee", name="Executive Committee")
    db.session.add(committee)
    outgoing, incoming, observer, associate = (
        _organisation("outgoing"), _organisation("incoming"), _organisation("observer"),
        _organisation("associate", Membership.ASSOCIATE),
    )  # fmt: skip
    new_term = date(2027, 1, 1)
    for organisation, role, start, end in (
        (outgoing, SeatRole.MEMBER, date(2024, 1, 1), date(2026, 12, 31)),
        (incoming, SeatRole.MEMBER, new_term, None),
        (observer, SeatRole.OBSERVER, date(2024, 1, 1), None),
        (associate, SeatRole.MEMBER, date(2024, 1, 1), None),  # associates never vote
    ):
        db.session.add(BodySeat(body=committee, organisation=organisation, role=role,
                                term_start=start, term_end=end))  # fmt: skip
    db.session.flush()
    # 31 December 2026 at 20:00 UTC is already 1 January 2027 in Seoul: the new term votes.
    starts_at = datetime(2026, 12, 31, 20, 0, tzinfo=UTC)
    meeting = Event(kind="executive-committee", title="Board", body=committee,
                    starts_at=starts_at, ends_at=starts_at + timedelta(hours=3),
                    timezone="Asia/Seoul")  # fmt: skip
    db.session.add(meeting)
    db.session.flush()
    day = events.meeting_day(meeting)
    assert day == new_term
    assert members.voters(committee, day) == {incoming.id}
    assert members.voters(committee, date(2026, 12, 31)) == {outgoing.id}
    # The same meeting held in Honolulu falls on 31 December there: the old term votes.
    meeting.timezone = "Pacific/Honolulu"
    assert members.voters(committee, events.meeting_day(meeting)) == {outgoing.id}


def test_default_role_and_quorum_give_the_same_answer(assembly):
    voter, arrears = _organisation("voter"), _organisation("arrears")
    _dues(voter, 2026, DuesStatus.PAID)
    _dues(arrears, 2026, DuesStatus.OUTSTANDING)
    starts_at = datetime(2027, 5, 11, 1, 0, tzinfo=UTC)
    meeting = Event(kind="general-assembly", title="Assembly", body=assembly,
                    starts_at=starts_at, ends_at=starts_at + timedelta(hours=3),
                    timezone="Asia/Seoul")  # fmt: skip
    db.session.add(meeting)
    people = {}
    for organisation in (voter, arrears):
        people[organisation.slug] = Delegate(
            full_name=organisation.name, email=f"d@{organisation.slug}.example",
            organisation=organisation, timezone="Asia/Seoul", calendar_nonce="x" * 32,
            calendar_token_hash=organisation.slug.ljust(64, "0"),
        )  # fmt: skip
        db.session.add(people[organisation.slug])
    db.session.flush()
    assert events.default_role(meeting, people["voter"]) is ParticipantRole.VOTING_DELEGATE
    assert events.default_role(meeting, people["arrears"]) is ParticipantRole.OBSERVER
    assert quorum_forecasts([meeting])[meeting.id].voting_seats == 1


def test_voters_of_many_members_cost_a_fixed_number_of_statements(assembly):
    committee = Body(slug="steering-committee", name="Steering Committee")
    db.session.add(committee)
    for n in range(130):
        organisation = _organisation(f"member-{n}")
        _dues(organisation, 2026, DuesStatus.PAID if n % 10 else DuesStatus.OUTSTANDING)
        if n < 12:
            db.session.add(BodySeat(body=committee, organisation=organisation,
                                    role=SeatRole.MEMBER, term_start=date(2026, 1, 1)))  # fmt: skip
    db.session.flush()
    db.session.expire_all()
    assembly, committee = db.session.get(Body, assembly.id), db.session.get(Body, committee.id)
    with counted_statements() as statements:
        answer = members.voters_at([(assembly, MEETING), (committee, MEETING)])
    assert len(statements) == 2
    assert len(answer[assembly.id, MEETING]) == 117
    assert len(answer[committee.id, MEETING]) == 12


def test_dues_refused_for_a_year_to_come_a_negative_amount_or_a_waiver_without_reason():
    from planner.errors import Conflict, Invalid

    organisation = _organisation("member")
    next_year = datetime.now(UTC).year + 1
    for data, field in (
        ({"year": next_year, "status": DuesStatus.PAID}, "year"),
        ({"year": 2025, "status": DuesStatus.PAID, "amount": -1}, "amount"),
        ({"year": 2025, "status": DuesStatus.WAIVED}, "reason"),
        ({"year": 2025, "status": DuesStatus.WAIVED, "reason": "  "}, "reason"),
        ({"year": 2025, "status": DuesStatus.PAID, "currency": "usd"}, "currency"),
    ):
        with pytest.raises(Invalid) as refused:
            members.record_dues(organisation, data)
        assert field in refused.value.fields
    assert db.session.query(Dues).count() == 0
    members.record_dues(organisation, {"year": 2025, "status": DuesStatus.OUTSTANDING})
    members.record_dues(organisation, {"year": 2025, "status": DuesStatus.PAID, "amount": 5})
    assert [(d.year, d.status, d.amount) for d in db.session.query(Dues)] == [
        (2025, DuesStatus.PAID, 5)
    ]
    with pytest.raises(Conflict):
        members.record_dues(organisation, {"year": 2025, "status": DuesStatus.PAID}, replace=False)
