"""A General Assembly with a record to write minutes from (``minuted``): an agenda with a
sub-item, a show of hands that adopted a resolution, a roll-call election for one Executive
Committee seat, and a later Assembly whose adopted vote may approve its minutes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from planner.db import utcnow
from planner.extensions import db
from planner.governance.models import VoteOutcome
from tests.conftest import SEOUL_MORNING, event_payload
from tests.support.decisions import closed_vote
from tests.support.votes import BANGKOK, HANOI, LYON, SEOUL, TOKYO, freeze

#: An item's text that must print literally (markup) in the PDF and the page.
MARKUP = "<b>not bold</b> & <font name='x'>"


def close(api, event_id: int, vote_id: int) -> dict:
    response = api.post(f"/events/{event_id}/votes/{vote_id}/close")
    assert response.status_code == 200, response.json
    return response.json


@pytest.fixture
def minuted(api, voting) -> dict:
    event_id, members = voting["event_id"], voting["members"]
    agenda = f"/events/{event_id}/agenda"
    opening = api.post(agenda, {"title": "Opening", "kind": "procedural"}).json
    welcome = api.post(agenda, {"title": "Welcome address", "parent_id": opening["id"]}).json
    election_item = api.post(agenda, {"title": "Elections", "kind": "election"}).json
    freeze(api, event_id)
    hands = api.post(f"/events/{event_id}/votes", {
        "agenda_item_id": voting["item_id"], "question": "Adopt the 2028 budget?",
        "method": "show-of-hands",
    }).json  # fmt: skip
    counts = {"yes": 4, "no": 1, "abstain": 1}
    counted = api.request("PUT", f"/events/{event_id}/votes/{hands['id']}/counts", counts)
    assert counted.status_code == 200, counted.json
    close(api, event_id, hands["id"])
    election = api.post(f"/events/{event_id}/votes", {
        "agenda_item_id": election_item["id"], "question": "Elect a member of the committee",
        "method": "roll-call", "seats": 1, "seat_role": "member",
        "seat_body_id": voting["committee_id"],
        "candidates": [{"organisation_id": members[SEOUL]},
                       {"organisation_id": members[TOKYO]}],
    }).json  # fmt: skip
    seoul, tokyo = (c["id"] for c in election["candidates"])
    for member, choice in ((SEOUL, seoul), (TOKYO, seoul), (HANOI, tokyo), (BANGKOK, seoul),
                           (LYON, tokyo)):  # fmt: skip
        answer = {"organisation_id": members[member], "candidate_ids": [choice]}
        response = api.post(f"/events/{event_id}/votes/{election['id']}/members", answer)
        assert response.status_code in (200, 201, 204), response.json
    close(api, event_id, election["id"])
    return {**voting, "opening_id": opening["id"], "welcome_id": welcome["id"],
            "election_item_id": election_item["id"], "hands_id": hands["id"],
            "election_id": election["id"]}  # fmt: skip


def later_meeting(api, days: int = 180, outcome: VoteOutcome = VoteOutcome.ADOPTED) -> dict:
    """Another Assembly ``days`` after the first (negative: before it), with a vote closed
    with ``outcome`` on the approval of the minutes."""
    starts = SEOUL_MORNING + timedelta(days=days)
    event = api.post("/events", event_payload(
        kind="general-assembly", title=f"Assembly {days:+d}", body="general-assembly",
        starts_at=starts.isoformat(), ends_at=(starts + timedelta(hours=6)).isoformat(),
    )).json  # fmt: skip
    assert "id" in event, event
    vote = closed_vote(event["id"], "Approval of the minutes", outcome, utcnow(), None)
    db.session.commit()
    return {"event_id": event["id"], "vote_id": vote.id}
