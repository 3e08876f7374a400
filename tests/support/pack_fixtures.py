"""A General Assembly whose delegates write their names in five scripts (packs, badges), and
helpers that start a pack run, fetch a pack and read a PDF's text."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pdfplumber
import pytest

from planner.extensions import db
from planner.members.models import Body, BodySeat, Dues, DuesStatus, SeatRole
from tests.conftest import SEOUL_MORNING, event_payload

INJECTION = "<b>Bold</b> & <font name='x'>"

MEMBERS = [
    # slug, name, native name, country, timezone, language, delegate (Latin, native)
    ("seoul", "Seoul Metropolitan Government", "서울특별시", "KR", "Asia/Seoul", "ko",
     "Kim Min-jun", "김민준"),
    ("tokyo", "Tokyo Metropolitan Government", "東京都", "JP", "Asia/Tokyo", "en",
     "Yamada Taro", "山田 太郎"),
    ("hanoi", "Hanoi People's Committee", "Ủy ban Nhân dân Hà Nội", "VN", "Asia/Bangkok", "fr",
     "Nguyen Thi Minh Khai", "Nguyễn Thị Minh Khai"),
    ("bangkok", "Bangkok Metropolitan Administration", "กรุงเทพมหานคร", "TH", "Asia/Bangkok",
     "en", "Somchai Jaidee", "สมชาย ใจดี"),
    ("lyon", "Métropole de Lyon", "Métropole de Lyon", "FR", "Europe/Paris", "fr",
     "Zoë Lefèvre-Dupré", None),
    ("quezon", "Quezon City", "Lungsod Quezon", "PH", "Asia/Manila", "en",
     INJECTION, None),
]  # fmt: skip


@pytest.fixture
def assembly(api, venue) -> dict:
    """A General Assembly with a session each day and six delegates writing in five scripts."""
    body = Body(slug="general-assembly", name="General Assembly")
    db.session.add(body)
    people = []
    for slug, name, native, country, zone, language, latin, own in MEMBERS:
        organisation = api.post("/organisations", {
            "slug": slug, "name": name, "native_name": native, "country": country,
            "city": name.split()[0], "timezone": zone, "membership": "full",
            "language": {"JP": "ja", "KR": "ko", "VN": "vi", "TH": "th"}.get(country),
        }).json  # fmt: skip
        db.session.add(
            BodySeat(body=body, organisation_id=organisation["id"], role=SeatRole.MEMBER,
                     term_start=date(2026, 1, 1))
        )  # fmt: skip
        # The General Assembly votes by good standing: dues paid for the year before it.
        db.session.add(
            Dues(organisation_id=organisation["id"], year=SEOUL_MORNING.year - 1,
                 status=DuesStatus.PAID, amount=1000, currency="USD")
        )  # fmt: skip
        delegate = api.post("/delegates", {
            "full_name": latin, "native_name": own, "email": f"delegate@{slug}.example",
            "organisation_id": organisation["id"], "language": language, "timezone": zone,
        }).json  # fmt: skip
        people.append(delegate)
    db.session.commit()
    event = api.post("/events", event_payload(
        kind="general-assembly", title="General Assembly 2027", body="general-assembly",
        venue_id=venue["id"], ends_at=(SEOUL_MORNING + timedelta(days=1, hours=8)).isoformat(),
    )).json  # fmt: skip
    assert "id" in event, event
    room = venue["rooms"][0]["id"]
    for day in range(2):
        start = SEOUL_MORNING + timedelta(days=day)
        response = api.post(f"/events/{event['id']}/sessions", {
            "title": f"Plenary day {day + 1}", "kind": "plenary", "room_id": room,
            "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=3)).isoformat(),
        })  # fmt: skip
        assert response.status_code == 201, response.json
    participants = []
    for delegate in people:
        response = api.post(
            f"/events/{event['id']}/participants",
            {"delegate_id": delegate["id"], "role": "voting-delegate"},
        )
        assert response.status_code == 201, response.json
        participants.append(response.json)
    return {"event": event, "delegates": people, "participants": participants}


def start_pack_run(api, event_id: int) -> dict:
    """Start a bulk pack run for the meeting; its job as the API answers it."""
    response = api.post(f"/events/{event_id}/packs")
    assert response.status_code == 202, response.json
    assert response.headers["Location"].endswith(f"/api/v1/jobs/{response.json['id']}")
    return response.json


def pdf_text(pdf: bytes) -> str:
    """The text of every page, as pdfplumber reads it."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def pack_pdf(api, assembly, index: int = 0, query: str = ""):
    """The pack of the assembly's ``index``-th participant, through the organisers' API."""
    event_id = assembly["event"]["id"]
    participant = assembly["participants"][index]["id"]
    return api.get(f"/events/{event_id}/participants/{participant}/pack.pdf{query}")
