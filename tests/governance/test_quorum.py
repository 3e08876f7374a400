"""The quorum forecast: voting seats of the meeting's body on its first local day, against the
voting delegates who accepted (or answered tentative)."""

from __future__ import annotations

from datetime import date

import pytest

from planner.events.models import Event, ParticipantStatus, Participation
from planner.extensions import db
from planner.governance.quorum.service import quorum_needed
from planner.members.models import Body, DuesStatus, OrganisationStatus, QuorumRule
from tests.conftest import event_payload
from tests.support.api_helpers import assert_error


@pytest.mark.parametrize(
    ("rule", "seats", "needed"),
    [
        (QuorumRule.MAJORITY, 6, 4), (QuorumRule.MAJORITY, 7, 4), (QuorumRule.MAJORITY, 0, 1),
        (QuorumRule.TWO_THIRDS, 6, 4), (QuorumRule.TWO_THIRDS, 7, 5),
        (QuorumRule.ONE_THIRD, 6, 2), (QuorumRule.ONE_THIRD, 7, 3),
    ],
)  # fmt: skip
def test_what_each_rule_needs(rule, seats, needed):
    assert quorum_needed(rule, seats) == needed


def test_the_forecast_follows_answers_seats_terms_and_standing(api, assembly):
    """Six full members seated on the General Assembly, each with a voting delegate."""
    event_id = assembly["event"]["id"]
    forecast = api.get(f"/events/{event_id}/quorum").json
    assert forecast == {"rule": "majority", "voting_seats": 6, "needed": 4, "expected": 0,
                        "possible": 0, "reached": False, "letters_missing": 0, "present": 0,
                        "represented": 0, "counted": 0, "quorate": False}  # fmt: skip
    participations = [db.session.get(Participation, p["id"]) for p in assembly["participants"]]
    for participation, status in zip(
        participations, ["accepted"] * 3 + ["tentative", "declined", "invited"], strict=True
    ):
        participation.status = ParticipantStatus(status)
    db.session.commit()
    forecast = api.get(f"/events/{event_id}/quorum").json
    assert (forecast["expected"], forecast["possible"], forecast["reached"]) == (3, 4, False)
    # A suspended member loses its vote; a member in arrears for the year before too (the
    # General Assembly votes by good standing; seats play no part in it).
    participations[4].delegate.organisation.status = OrganisationStatus.SUSPENDED
    participations[5].delegate.organisation.dues[0].status = DuesStatus.OUTSTANDING
    seats = db.session.get(Body, db.session.get(Event, event_id).body_id).seats
    seats[3].term_end = date(2026, 12, 31)  # no effect on this body's votes
    db.session.commit()
    forecast = api.get(f"/events/{event_id}/quorum").json
    assert (forecast["voting_seats"], forecast["needed"], forecast["reached"]) == (4, 3, True)


def test_a_meeting_without_a_body_has_no_quorum(api):
    seminar = api.post("/events", event_payload()).json
    assert_error(api.get(f"/events/{seminar['id']}/quorum"), 422)
    assert_error(api.get("/events/999999/quorum"), 404)
