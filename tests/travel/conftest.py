"""A meeting with two hotel blocks, and helpers that give a participant's travel."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

SEOUL = ZoneInfo("Asia/Seoul")


def seoul(day: int, hour: int, minute: int = 0) -> str:
    """A moment of May 2027 in Seoul, as the API takes it."""
    return datetime(2027, 5, day, hour, minute, tzinfo=SEOUL).isoformat()


def put_travel(api, event_id: int, participant_id: int, **fields):
    return api.request("PUT", f"/events/{event_id}/participants/{participant_id}/travel", fields)


@pytest.fixture
def hotels(api, meeting) -> list[dict]:
    """Two blocks for the meeting (10-12 May 2027 in Seoul)."""
    blocks = []
    for name, native, rooms in (
        ("Lotte Hotel Seoul", "롯데호텔 서울", 40),
        ("Koreana Hotel", "코리아나호텔", 25),
    ):
        response = api.post(f"/events/{meeting['id']}/hotels", {
            "name": name, "native_name": native, "address": "Jung-gu, Seoul", "rooms": rooms,
            "check_in": "2027-05-10", "check_out": "2027-05-12",
        })  # fmt: skip
        assert response.status_code == 201, response.json
        blocks.append(response.json)
    return blocks
