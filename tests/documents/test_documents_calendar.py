"""Invitations attach the documents their recipient may read (RFC 5545 ATTACH, a link through
the recipient's own link, FMTTYPE application/pdf), and calendar parsers read them."""

from __future__ import annotations

import re

import icalendar
import pytest

from tests.support.credentials import empty_storage
from tests.support.documents import committee, paper, rsvp_token, send_paper

__all__ = ["committee"]


@pytest.fixture(autouse=True)
def _empty_storage(app):
    empty_storage()


def _attachments(api, event_id: int, participant: dict) -> list[tuple[str, str]]:
    text = api.get(f"/events/{event_id}/participants/{participant['id']}/invite.ics").data
    assert b"\r\n" in text and not re.search(rb"[^\r]\n", text)
    vevent = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    found = vevent.get("attach", [])
    found = found if isinstance(found, list) else [found]
    return [(str(a), a.params["FMTTYPE"]) for a in found]


def test_an_invitation_attaches_the_documents_its_reader_may_read(api, committee):
    event_id, people = committee["event"]["id"], committee["participants"]
    programme = send_paper(api, event_id, paper(), title="Programme").json
    budget = send_paper(api, event_id, paper(), title="Budget", visibility="members").json
    link = "https://planner.example/rsvp/{}/documents/{}"
    member = _attachments(api, event_id, people[0])
    assert member == [
        (link.format(rsvp_token(people[0]), programme["id"]), "application/pdf"),
        (link.format(rsvp_token(people[0]), budget["id"]), "application/pdf"),
    ]
    observer = _attachments(api, event_id, people[4])
    assert observer == [(link.format(rsvp_token(people[4]), programme["id"]), "application/pdf")]
