"""A delegate invited to a published meeting: the RSVP pages' fixture."""

from __future__ import annotations

import pytest

from planner.events.models import Participation
from planner.extensions import db
from tests.conftest import event_payload


@pytest.fixture
def invitation(api, organisation, venue) -> Participation:
    """A published seminar in Seoul, a delegate who lives in Bangkok invited to it."""
    delegate = api.post("/delegates", {
        "full_name": "Somchai Jaidee", "native_name": "สมชาย ใจดี",
        "email": "somchai@bangkok.example", "organisation_id": organisation["id"],
        "language": "en", "timezone": "Asia/Bangkok",
    }).json  # fmt: skip
    event = api.post("/events", event_payload(
        title="Seminar <script>alert(1)</script> on cities", venue_id=venue["id"],
    )).json  # fmt: skip
    api.post(f"/events/{event['id']}/publish")
    participant = api.post(
        f"/events/{event['id']}/participants", {"delegate_id": delegate["id"], "role": "guest"}
    ).json
    return db.session.get(Participation, participant["id"])
