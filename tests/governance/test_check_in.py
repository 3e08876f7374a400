"""Check-in at the door: the QR codes on the badge sheet and on a pack's badge page check their
holders in (once; a second scan says so), while a forged code or a removed participant's is
refused. Check-in codes as secrets (rotation, binding to their meeting):
tests/security/test_secret_links.py."""

from __future__ import annotations

import io

from pypdf import PdfReader

from planner.db import utcnow
from planner.events.models import Participation
from planner.extensions import db
from planner.packs import service
from tests.support.api_helpers import assert_error
from tests.support.pack_fixtures import INJECTION, MEMBERS, pack_pdf, pdf_text
from tests.support.qr import qr_codes_in


def test_badge_sheet_qr_codes_check_their_holders_in(api, assembly):
    response = api.get(f"/events/{assembly['event']['id']}/badges.pdf")
    assert response.status_code == 200 and response.content_type == "application/pdf"
    tokens = qr_codes_in(response.data, page=1)
    assert len(tokens) == len(MEMBERS)
    by_participant = {}
    for token in tokens:
        first = api.post(f"/events/{assembly['event']['id']}/check-in", {"token": token})
        assert first.status_code == 200, first.json
        assert first.json["first_scan"] is True
        by_participant[first.json["participant_id"]] = first.json
    assert set(by_participant) == {p["id"] for p in assembly["participants"]}
    again = api.post(f"/events/{assembly['event']['id']}/check-in", {"token": tokens[0]}).json
    assert again["first_scan"] is False
    assert again["checked_in_at"] == by_participant[again["participant_id"]]["checked_in_at"]
    # The sheet runs in badge order: country (by English name), organisation, family name.
    order = [
        p.participation_id
        for p in service.meeting_packs(assembly["event"]["id"]).meeting.participants
    ]
    countries = [db.session.get(Participation, pid).delegate.organisation.country for pid in order]
    assert countries == ["FR", "JP", "PH", "KR", "TH", "VN"]  # Korea: "South Korea"
    text = pdf_text(response.data)
    latin = [db.session.get(Participation, pid).delegate.full_name for pid in order]
    positions = [text.index(name) for name in latin if name != INJECTION]
    assert positions == sorted(positions)


def test_the_packs_badge_page_carries_the_same_check_in_code(api, assembly):
    pdf = pack_pdf(api, assembly).data
    last = len(PdfReader(io.BytesIO(pdf)).pages)
    (token,) = qr_codes_in(pdf, page=last)
    assert (
        api.post(f"/events/{assembly['event']['id']}/check-in", {"token": token}).json[
            "participant_id"
        ]
        == (assembly["participants"][0]["id"])
    )


def test_a_forged_or_altered_check_in_code_is_refused(api, assembly):
    participant = assembly["participants"][0]["id"]
    assert_error(
        api.post(f"/events/{assembly['event']['id']}/check-in", {"token": f"{participant}.forged"}),
        422,
        field="token",
    )
    assert_error(
        api.post(f"/events/{assembly['event']['id']}/check-in", {"token": ""}), 422, field="token"
    )
    assert_error(api.post(f"/events/{assembly['event']['id']}/check-in", {}), 422, field="token")
    assert db.session.get(Participation, participant).checked_in_at is None


def test_a_removed_participant_is_not_checked_in(api, assembly):
    event_id, participant = assembly["event"]["id"], assembly["participants"][0]["id"]
    (with_badge,) = qr_codes_in(pack_pdf(api, assembly).data, page=7)
    db.session.get(Participation, participant).invited_at = utcnow()  # so removal cancels
    db.session.commit()
    assert api.delete(f"/events/{event_id}/participants/{participant}").status_code == 204
    assert db.session.get(Participation, participant) is not None
    assert_error(
        api.post(f"/events/{assembly['event']['id']}/check-in", {"token": with_badge}), 409
    )
    assert db.session.get(Participation, participant).checked_in_at is None
