"""A General Assembly ready to vote, for the votes' tests: six members accredited, five in
the room, the sixth (Quezon) represented by Tokyo's proxy, the roll frozen, and an agenda
item (written straight to the table: the agenda has its own pages)."""

from __future__ import annotations

from datetime import date

import pytest

from planner.events.models import Participation
from planner.extensions import db
from planner.governance.models import AgendaItem, AgendaItemKind
from planner.members.models import Body, BodySeat, SeatRole
from tests.support.door import accredit, arrive

SEOUL, TOKYO, HANOI, BANGKOK, LYON, QUEZON = range(6)


def agenda_item(event_id: int, position: int = 1) -> int:
    item = AgendaItem(event_id=event_id, position=position, title=f"Resolution {position}",
                      kind=AgendaItemKind.RESOLUTION)  # fmt: skip
    db.session.add(item)
    db.session.commit()
    return item.id


def link(participation_id: int) -> str:
    return db.session.get(Participation, participation_id).rsvp_token


@pytest.fixture
def voting(api, assembly) -> dict:
    event_id = assembly["event"]["id"]
    members = [d["organisation_id"] for d in assembly["delegates"]]
    delegates = [p["id"] for p in assembly["participants"]]
    for participant in delegates:
        accredit(participant)
    for participant in delegates[:QUEZON]:
        arrive(participant)
    proxy = api.post(
        f"/events/{event_id}/proxies", {"giver_id": members[QUEZON], "holder_id": members[TOKYO]}
    )
    assert proxy.status_code == 201, proxy.json
    # The Executive Committee: Bangkok presides, Lyon is Vice-President, Hanoi a member.
    committee = Body(slug="executive-committee", name="Executive Committee")
    for index, role in ((BANGKOK, SeatRole.PRESIDENT), (LYON, SeatRole.VICE_PRESIDENT),
                        (HANOI, SeatRole.MEMBER)):  # fmt: skip
        committee.seats.append(
            BodySeat(organisation_id=members[index], role=role, term_start=date(2026, 1, 1))
        )
    db.session.add(committee)
    db.session.commit()
    return {"event_id": event_id, "members": members, "delegates": delegates,
            "item_id": agenda_item(event_id), "committee_id": committee.id}  # fmt: skip


def freeze(api, event_id: int) -> dict:
    roll = api.post(f"/events/{event_id}/rolls")
    assert roll.status_code == 201, roll.json
    return roll.json


def open_vote(api, voting: dict, method: str, **extra) -> dict:
    response = api.post(
        f"/events/{voting['event_id']}/votes",
        {"agenda_item_id": voting["item_id"], "question": "Adopt the budget?", "method": method,
         **extra},
    )  # fmt: skip
    assert response.status_code == 201, response.json
    return response.json
