"""The shared meeting: published at 10:00 in Seoul with a timetable and three delegates abroad
(a root plugin, so any test may ask for ``meeting``), and helpers around its delegates."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from planner.db import utcnow
from planner.events.models import Participation
from planner.extensions import db
from tests.conftest import event_payload

SEOUL_TEN = datetime(2027, 5, 11, 10, 0).isoformat() + "+09:00"  # 01:00Z
TITLE = "Assembly; plenary, day 1 — 총회 🏙️ \\ back"


def person(api, organisation_id: int, name: str, native: str, email: str, tz: str) -> dict:
    response = api.post("/delegates", {
        "full_name": name, "native_name": native, "email": email,
        "organisation_id": organisation_id, "timezone": tz,
    })  # fmt: skip
    assert response.status_code == 201, response.json
    return response.json


@pytest.fixture
def meeting(api, venue, organisation) -> dict:
    """A published meeting at 10:00 in Seoul with a timetable and three delegates abroad."""
    start = datetime.fromisoformat(SEOUL_TEN)
    event = api.post("/events", event_payload(
        title=TITLE, venue_id=venue["id"], starts_at=SEOUL_TEN,
        ends_at=(start + timedelta(hours=8)).isoformat(), description="Agenda, budget; votes",
    )).json  # fmt: skip
    room = venue["rooms"][0]["id"]
    for hour, title in ((0, "Opening"), (2, "Business session")):
        response = api.post(f"/events/{event['id']}/sessions", {
            "title": title, "kind": "plenary", "room_id": room,
            "starts_at": (start + timedelta(hours=hour)).isoformat(),
            "ends_at": (start + timedelta(hours=hour + 1)).isoformat(),
        })  # fmt: skip
        assert response.status_code == 201, response.json
    people = [
        person(api, organisation["id"], "Somchai Jaidee", "สมชาย ใจดี", "somchai@bkk.example",
               "Asia/Bangkok"),
        person(api, organisation["id"], "Élodie Rousseau", "Élodie Rousseau",
               "elodie@lyon.example", "Europe/Paris"),
        person(api, organisation["id"], "Keola Kahale", "Keola Kahale", "keola@hnl.example",
               "Pacific/Honolulu"),
    ]  # fmt: skip
    event["participants"] = [
        api.post(f"/events/{event['id']}/participants",
                 {"delegate_id": p["id"], "role": role}).json
        for p, role in zip(people, ("speaker", "observer", "guest"), strict=True)
    ]  # fmt: skip
    event["delegates"] = people
    assert api.post(f"/events/{event['id']}/publish").status_code == 200
    return event


def remove_after_invitation(api, event: dict, participant: dict) -> None:
    """Remove a participant who was sent an invitation (so they keep a CANCEL, not nothing)."""
    db.session.execute(
        sa.update(Participation)
        .where(Participation.id == participant["id"])
        .values(invited_at=utcnow())
    )
    db.session.commit()
    response = api.delete(f"/events/{event['id']}/participants/{participant['id']}")
    assert response.status_code == 204


def feed_path(api, delegate: dict) -> str:
    url = api.get(f"/delegates/{delegate['id']}").json["calendar_url"]
    return url.removeprefix("https://planner.example")
