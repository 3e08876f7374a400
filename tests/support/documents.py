"""Meeting documents for tests: papers as a client uploads them (multipart/form-data), an
Executive Committee meeting where one participant's organisation holds no seat, and the
delegates' own links."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from werkzeug.datastructures import FileStorage

from planner.events.models import Participation
from planner.extensions import db
from planner.members.models import Body, BodySeat, SeatRole
from tests.conftest import SEOUL_MORNING, event_payload
from tests.support.credentials import multipart
from tests.support.letters import pdf_letter


def paper(text: str = "Annual report") -> bytes:
    """A small real PDF whose page reads ``text``."""
    return pdf_letter(text)


def send_paper(api, event_id: int, data: bytes, name: str = "report.pdf", **fields):
    """POST a new document: ``data`` as its file, ``fields`` beside it."""
    form = {"title": "Annual report", "visibility": "participants", **fields}
    body, content_type = multipart({"file": FileStorage(io.BytesIO(data), name), **form})
    return api.post(f"/events/{event_id}/documents", data=body, content_type=content_type)


def send_version(api, event_id: int, document_id: int, data: bytes, language: str = "en",
                 name: str = "report.pdf"):  # fmt: skip
    body, content_type = multipart(
        {"file": FileStorage(io.BytesIO(data), name), "language": language}
    )
    path = f"/events/{event_id}/documents/{document_id}/versions"
    return api.post(path, data=body, content_type=content_type)


def rsvp_token(participant: dict) -> str:
    return db.session.get(Participation, participant["id"]).rsvp_token


@pytest.fixture
def committee(api, assembly) -> dict:
    """A published Executive Committee meeting, its invitations sent: Seoul, Tokyo and Hanoi
    hold seats, Bangkok (an observer seat) and Lyon (none) come as observers."""
    body = Body(slug="executive-committee", name="Executive Committee")
    db.session.add(body)
    for index, role in ((0, SeatRole.MEMBER), (1, SeatRole.MEMBER), (2, SeatRole.MEMBER),
                        (3, SeatRole.OBSERVER)):  # fmt: skip
        db.session.add(BodySeat(
            body=body, organisation_id=assembly["delegates"][index]["organisation_id"],
            role=role, term_start=date(2026, 1, 1),
        ))  # fmt: skip
    db.session.commit()
    start = SEOUL_MORNING + timedelta(days=30)
    event = api.post("/events", event_payload(
        kind="executive-committee", title="Executive Committee", body="executive-committee",
        starts_at=start.isoformat(), ends_at=(start + timedelta(hours=4)).isoformat(),
    )).json  # fmt: skip
    participants = []
    for index in range(5):
        response = api.post(f"/events/{event['id']}/participants", {
            "delegate_id": assembly["delegates"][index]["id"],
            "role": "voting-delegate" if index < 3 else "observer",
        })  # fmt: skip
        assert response.status_code == 201, response.json
        participants.append(response.json)
    assert api.post(f"/events/{event['id']}/publish").status_code == 200
    assert api.post(f"/events/{event['id']}/invitations").status_code == 202
    return {"event": event, "participants": participants, "delegates": assembly["delegates"]}
