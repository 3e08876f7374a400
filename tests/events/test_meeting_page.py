"""The organisers' meeting page: calendar links, the timetable with its clashes flagged, and
the participants, in a number of statements that does not grow with them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.extensions import db
from tests.conftest import SEOUL_MORNING, event_payload
from tests.support.queries import counted_statements

PASSWORD = "organiser-password-1"


@pytest.fixture
def signed_in(app):
    create_user("kim@secretariat.example", PASSWORD, UserRole.VIEWER)
    db.session.commit()
    client = app.test_client()
    client.post("/login", data={"email": "kim@secretariat.example", "password": PASSWORD})
    return client


def _session(api, event_id: int, title: str, hours: tuple[int, int], room=None, speakers=()):
    start = SEOUL_MORNING + timedelta(hours=hours[0])
    response = api.post(f"/events/{event_id}/sessions", {
        "title": title, "kind": "panel", "room_id": room, "speaker_ids": list(speakers),
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=hours[1] - hours[0])).isoformat(),
    })  # fmt: skip
    assert response.status_code == 201, response.json
    return response.json


def _invite(api, organisation, event_id: int, count: int, first: int = 0) -> None:
    for n in range(first, first + count):
        delegate = api.post("/delegates", {
            "full_name": f"Delegate {n}", "native_name": f"대표 {n}",
            "email": f"d{n}@seoul.example", "organisation_id": organisation["id"],
        }).json  # fmt: skip
        api.post(f"/events/{event_id}/participants", {"delegate_id": delegate["id"],
                                                        "role": "guest"})  # fmt: skip


def test_the_page_needs_a_login(app):
    response = app.test_client().get("/meetings/1")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_timetable_flags_a_room_booked_twice_and_a_speaker_in_two_places(
    api, signed_in, venue, delegate
):
    event = api.post("/events", event_payload(venue_id=venue["id"],
                                              title="Seminar <i>x</i>")).json  # fmt: skip
    hall, small = (room["id"] for room in venue["rooms"])
    _session(api, event["id"], "Opening", (0, 2), hall)
    _session(api, event["id"], "Press point", (1, 2), hall)
    _session(api, event["id"], "Panel A", (3, 4), hall, [delegate["id"]])
    _session(api, event["id"], "Panel B", (3, 5), small, [delegate["id"]])
    _session(api, event["id"], "Lunch", (5, 6), hall)
    html = signed_in.get(f"/meetings/{event['id']}").get_data(as_text=True)
    assert "Multipurpose Hall is booked twice: Opening and Press point." in html
    assert "Kim Min-jun speaks in two places at once: Panel A and Panel B." in html
    assert html.count("booked twice") == 1 and html.count("two places at once") == 1
    assert "Seminar &lt;i&gt;x&lt;/i&gt;" in html and "<i>x</i>" not in html
    assert f"webcal://planner.example/calendar/events/{event['id']}.ics" in html
    assert "김민준" in html


def test_the_page_costs_the_same_statements_for_3_or_30_participants(
    api, signed_in, organisation, venue
):
    event = api.post("/events", event_payload(venue_id=venue["id"])).json
    _session(api, event["id"], "Opening", (0, 1), venue["rooms"][0]["id"])
    _invite(api, organisation, event["id"], 3)
    signed_in.get(f"/meetings/{event['id']}")  # warm-up
    with counted_statements() as few:
        assert signed_in.get(f"/meetings/{event['id']}").status_code == 200
    _invite(api, organisation, event["id"], 27, first=3)
    with counted_statements() as many:
        page = signed_in.get(f"/meetings/{event['id']}")
    assert "Participants (30)" in page.get_data(as_text=True)
    assert len(many) == len(few), (few, many)


def test_an_unknown_meeting_is_a_404_page(signed_in):
    assert signed_in.get("/meetings/999999").status_code == 404
