"""Visa invitation letters from the delegate's page to the verification page: the
application and its refusals, the organisers' decisions (API and queue), the numbered PDF read
back, the QR code followed, who may reach what, e-mails without passport data, erasure."""

from __future__ import annotations

import email
import email.policy
import io
import logging
from datetime import timedelta

import pdfplumber
import pytest
from click.testing import CliRunner

from planner.auth.models import UserRole
from planner.cli import planner_cli
from planner.db import utcnow
from planner.events.models import Event
from planner.extensions import db
from planner.notifications.models import VISA_KINDS, MessageKind
from planner.notifications.service import render
from planner.visas.models import VisaLetter, VisaLetterState
from tests.conftest import row_count
from tests.support.outbox import outbox
from tests.support.pages import signed_in_client
from tests.support.qr import qr_codes_in
from tests.support.visas import PASSPORT, apply, issued_letter, rsvp_token

HANOI = 2  # the assembly's Hanoi delegate


def _letters(api, event_id: int) -> list[dict]:
    response = api.get(f"/events/{event_id}/visa-letters")
    assert response.status_code == 200, response.json
    return response.json["items"]


def _text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def test_a_delegate_applies_and_an_organiser_issues_the_letter(app, api, visa_meeting):
    event_id, hanoi = visa_meeting["event_id"], visa_meeting["participants"][HANOI]
    client = app.test_client()
    token = rsvp_token(hanoi)
    rsvp = client.get(f"/rsvp/{token}").get_data(as_text=True)
    assert f"/rsvp/{token}/visa" in rsvp  # linked from the RSVP page
    assert client.get(f"/rsvp/{token}/visa").status_code == 200
    sent = apply(client, hanoi, passport_number="c 123-4567", in_korean="y")
    assert sent.status_code == 303
    page = client.get(f"/rsvp/{token}/visa").get_data(as_text=True)
    assert "C1234567" not in page and "1984-02-17" not in page  # never shown back
    [letter] = _letters(api, event_id)
    assert letter["state"] == "submitted" and letter["passport_number"] == "C1234567"
    assert letter["in_korean"] is True and letter["number"] is None

    approved = api.post(f"/events/{event_id}/visa-letters/{letter['id']}/approve")
    assert approved.status_code == 200, approved.json
    year = utcnow().astimezone(db.session.get(Event, event_id).zone).year
    assert approved.json["number"] == f"VL-{year}-0001"
    again = api.post(f"/events/{event_id}/visa-letters/{letter['id']}/approve")
    assert again.status_code == 409
    [mail] = outbox(MessageKind.VISA_ISSUED)
    assert mail.detail == approved.json["number"]

    pdf = client.get(f"/rsvp/{token}/visa-letter.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = _text(pdf.data)
    assert _text(api.get(approved.json["letter_url"].removeprefix("/api/v1")).data) == text
    assert PASSPORT["passport_name"] in text and approved.json["number"] in text
    assert "Embassy of the Republic of Korea in Hanoi" in text and "초청" in text  # Korean page
    [code, korean_code] = qr_codes_in(pdf.data)
    assert code == korean_code and code.startswith("https://planner.example/visa-letters/")
    assert str(approved.json["number"]) not in code.rpartition("/")[2]
    verification = client.get(code.removeprefix("https://planner.example"))
    shown = verification.get_data(as_text=True)
    assert verification.status_code == 200
    assert approved.json["number"] in shown and PASSPORT["passport_name"] in shown
    assert "Valid" in shown and "C1234567" not in shown and "Hanoi" not in shown

    revoked = api.post(
        f"/events/{event_id}/visa-letters/{letter['id']}/revoke", {"reason": "Trip cancelled"}
    )
    assert revoked.status_code == 200 and revoked.json["state"] == "revoked"
    assert "Revoked" in client.get(code.removeprefix("https://planner.example")).get_data(
        as_text=True
    )
    assert client.get(f"/rsvp/{token}/visa-letter.pdf").status_code == 404
    # A new application replaces the revoked letter; the old number stays the old one's.
    assert apply(client, hanoi).status_code == 303
    newest = _letters(api, event_id)[0]
    assert newest["replaces_id"] == letter["id"] and newest["state"] == "submitted"
    second = api.post(f"/events/{event_id}/visa-letters/{newest['id']}/approve").json
    assert second["number"] == f"VL-{year}-0002"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"passport_expires_on": "2027-05-11"}, "passport_expires_on"),  # the meeting ends 05-12
        ({"born_on": (utcnow() + timedelta(days=2)).date().isoformat()}, "born_on"),
        ({"nationality": "QQ"}, "nationality"),
        ({"nationality": "EU"}, "nationality"),
        ({"passport_number": "ab"}, "passport_number"),
        ({"consulate": None}, "consulate"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    app, visa_meeting, changes, field
):
    hanoi = visa_meeting["participants"][HANOI]
    sent = apply(app.test_client(), hanoi, **changes)
    assert sent.status_code == 422
    html = sent.get_data(as_text=True)
    assert f'id="{field}-error"' in html and f'href="#{field}"' in html
    assert row_count(VisaLetter) == 0


def test_the_refusals_say_why(app, visa_meeting):
    hanoi = visa_meeting["participants"][HANOI]
    client = app.test_client()
    expired = apply(client, hanoi, passport_expires_on="2027-05-11").get_data(as_text=True)
    assert "the passport expires before the meeting ends (2027-05-12)" in expired
    unknown = apply(client, hanoi, nationality="QQ").get_data(as_text=True)
    assert "not a known country code" in unknown
    future = apply(client, hanoi, born_on="2999-01-01").get_data(as_text=True)
    assert "a date of birth cannot be in the future" in future


def test_correction_requests_reach_the_delegate_without_passport_data(app, api, visa_meeting):
    event_id, hanoi = visa_meeting["event_id"], visa_meeting["participants"][HANOI]
    client = app.test_client()
    apply(client, hanoi, in_korean="y")
    [letter] = _letters(api, event_id)
    base = f"/events/{event_id}/visa-letters/{letter['id']}"
    assert api.post(f"{base}/correction", {"message": ""}).status_code == 422
    asked = api.post(f"{base}/correction", {"message": "The passport number has 9 characters."})
    assert asked.status_code == 200 and asked.json["state"] == "correction"
    assert api.post(f"{base}/approve").status_code == 409  # not until it is corrected
    page = client.get(f"/rsvp/{rsvp_token(hanoi)}/visa").get_data(as_text=True)
    assert "The passport number has 9 characters." in page
    assert apply(client, hanoi, passport_number="C12345678").status_code == 303
    assert _letters(api, event_id)[0]["state"] == "submitted"
    api.post(f"{base}/approve")
    api.post(f"{base}/revoke", {})
    messages = [render(message) for message in outbox() if message.kind in VISA_KINDS]
    assert {m.kind for m in messages} == set(VISA_KINDS)
    for message in messages:
        parsed = email.message_from_bytes(message.body, policy=email.policy.default)
        body = str(parsed) + "".join(part.get_content() for part in parsed.walk()
                                     if part.get_content_maintype() == "text")  # fmt: skip
        assert "C12345678" not in body and "C1234567" not in body and "1984" not in body
        assert f"/rsvp/{rsvp_token(hanoi)}/visa" in body
        assert f"X-Planner-Message: {message.kind.value}" in body


def test_who_sees_passport_data_and_letters(app, api, viewer_api, anonymous_api, visa_meeting):
    event_id, participants = visa_meeting["event_id"], visa_meeting["participants"]
    letter = issued_letter(participants[HANOI])
    one = f"/events/{event_id}/visa-letters/{letter.id}"
    # The viewer reads the list without passport data, and cannot act or download.
    listed = viewer_api.get(f"/events/{event_id}/visa-letters").json["items"]
    assert listed[0]["number"] == letter.number and listed[0]["passport_number"] is None
    assert "C1234567" not in viewer_api.get(one).get_data(as_text=True)
    assert viewer_api.get(f"{one}/letter.pdf").status_code == 403
    assert viewer_api.post(f"{one}/revoke", {}).status_code == 403
    assert anonymous_api.get(f"/events/{event_id}/visa-letters").status_code == 401
    assert anonymous_api.get(f"{one}/letter.pdf").status_code == 401
    viewer = signed_in_client(app, UserRole.VIEWER)
    queue = viewer.get(f"/meetings/{event_id}/visa-letters")
    assert queue.status_code == 200 and letter.number in queue.get_data(as_text=True)
    assert "C1234567" not in queue.get_data(as_text=True)
    assert viewer.post(f"/meetings/{event_id}/visa-letters/{letter.id}/revoke").status_code == 403
    organiser = signed_in_client(app, UserRole.ORGANISER)
    assert "C1234567" in organiser.get(f"/meetings/{event_id}/visa-letters").get_data(as_text=True)
    nobody = app.test_client()
    assert nobody.get(f"/meetings/{event_id}/visa-letters").status_code == 302
    # Another delegate's link reaches only their own (absent) letter.
    other = rsvp_token(participants[0])
    assert nobody.get(f"/rsvp/{other}/visa-letter.pdf").status_code == 404
    assert "C1234567" not in nobody.get(f"/rsvp/{other}/visa").get_data(as_text=True)
    # A removed delegate's link opens nothing.
    token = rsvp_token(participants[HANOI])
    assert api.delete(
        f"/events/{event_id}/participants/{participants[HANOI]['id']}"
    ).status_code in (
        200,
        204,
    )
    assert nobody.get(f"/rsvp/{token}/visa").status_code == 404
    assert nobody.get(f"/rsvp/{token}/visa-letter.pdf").status_code == 404
    # A made-up verification reference finds nothing.
    assert nobody.get("/visa-letters/not-a-reference").status_code == 404


def test_a_delegate_who_did_not_ask_cannot_apply(app, visa_meeting):
    participant = visa_meeting["participants"][0]
    db.session.get(Event, visa_meeting["event_id"])
    from planner.events.models import Participation

    db.session.get(Participation, participant["id"]).delegate.needs_visa_letter = False
    db.session.commit()
    client = app.test_client()
    token = rsvp_token(participant)
    assert f'/rsvp/{token}/visa"' not in client.get(f"/rsvp/{token}").get_data(as_text=True)
    assert apply(client, participant).status_code == 422
    assert row_count(VisaLetter) == 0


def test_passport_data_is_erased_after_the_meeting_and_never_logged(app, api, visa_meeting, caplog):
    caplog.set_level(logging.DEBUG)
    event_id, hanoi = visa_meeting["event_id"], visa_meeting["participants"][HANOI]
    letter = issued_letter(hanoi)
    number, reference = letter.number, letter.check_token
    runner = CliRunner()
    with app.app_context():
        result = runner.invoke(planner_cli, ["erase-visa-data"], obj=None)
    assert result.exit_code == 0, result.output
    assert "0 " in result.output  # the meeting has not ended yet
    event = db.session.get(Event, event_id)
    event.starts_at -= timedelta(days=400)
    event.ends_at -= timedelta(days=400)
    db.session.commit()
    result = runner.invoke(planner_cli, ["erase-visa-data"])
    assert result.exit_code == 0 and "1 " in result.output, result.output
    db.session.expire_all()
    erased = db.session.get(VisaLetter, letter.id)
    assert erased.passport_number is None and erased.born_on is None and erased.erased_at
    assert erased.number == number  # the register keeps its numbers
    listed = api.get(f"/events/{event_id}/visa-letters/{letter.id}").json
    assert listed["passport_name"] is None and listed["erased_at"] is not None
    assert api.get(f"/events/{event_id}/visa-letters/{letter.id}/letter.pdf").status_code == 410
    shown = app.test_client().get(f"/visa-letters/{reference}").get_data(as_text=True)
    assert number in shown and PASSPORT["passport_name"] not in shown
    assert "C1234567" not in caplog.text and PASSPORT["passport_name"] not in caplog.text


def test_numbers_run_on_per_year_without_gaps(app, visa_meeting):
    numbers = [issued_letter(p).sequence for p in visa_meeting["participants"][:3]]
    assert numbers == [1, 2, 3]
    assert all(letter.state is VisaLetterState.APPROVED for letter in db.session.query(VisaLetter))


def test_passport_data_stays_out_of_feeds_packs_and_other_answers(app, api, visa_meeting):
    event_id, hanoi = visa_meeting["event_id"], visa_meeting["participants"][HANOI]
    issued_letter(hanoi)
    delegate = api.get(f"/delegates/{hanoi['delegate_id']}").json
    feed = app.test_client().get(delegate["calendar_url"].removeprefix("https://planner.example"))
    pack = api.get(f"/events/{event_id}/participants/{hanoi['id']}/pack.pdf")
    assert feed.status_code == 200 and pack.status_code == 200
    answers = [
        feed.get_data(as_text=True),
        _text(pack.data),
        api.get(f"/events/{event_id}/participants").get_data(as_text=True),
        api.get(f"/events/{event_id}/messages").get_data(as_text=True),
        str(delegate),
    ]
    for answer in answers:
        assert PASSPORT["passport_number"] not in answer
        assert PASSPORT["born_on"] not in answer and "February 17, 1984" not in answer


def test_an_issued_letter_is_not_changed_from_the_delegates_page(app, visa_meeting):
    hanoi = visa_meeting["participants"][HANOI]
    letter = issued_letter(hanoi)
    refused = apply(app.test_client(), hanoi, passport_number="X9999999")
    assert refused.status_code == 422
    assert "ask the secretariat to revoke it" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(VisaLetter, letter.id).passport_number == PASSPORT["passport_number"]
    assert row_count(VisaLetter) == 1
