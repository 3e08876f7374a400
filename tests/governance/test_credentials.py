"""Credentials through the API: designating a member's delegate and alternate, the Delegation
of Authority letter (uploaded by content, served to organisers only), the committee's
decision and the rejection e-mail, and every bad input refused naming its field with nothing
written."""

from __future__ import annotations

import email
from email import policy

import pytest
import sqlalchemy as sa

from planner.events.models import ParticipantStatus, Participation
from planner.extensions import db
from planner.governance.models import Credential
from planner.members.models import Delegate, DuesStatus, Organisation
from planner.notifications.models import MessageKind, OutboxMessage
from planner.uploads.models import Upload
from tests.conftest import row_count
from tests.support.api_helpers import assert_error
from tests.support.credentials import (
    designate,
    empty_storage,
    second_participant,
    send_letter,
    stored_files,
)
from tests.support.letters import (
    HTML,
    WINDOWS_EXECUTABLE,
    image_letter,
    padded_pdf,
    pdf_letter,
)
from tests.support.outbox import outbox

pytestmark = pytest.mark.storage


@pytest.fixture(autouse=True)
def _empty_storage(app):
    empty_storage()


def _role(participant: dict) -> str:
    return db.session.get(Participation, participant["id"]).role.value


def _written() -> dict[str, int]:
    return {
        "credentials": row_count(Credential),
        "uploads": row_count(Upload),
        "files": len(stored_files()),
        "messages": row_count(OutboxMessage),
    }


def test_designate_upload_approve(api, assembly):
    event_id = assembly["event"]["id"]
    alternate = second_participant(api, assembly, 0)
    response = designate(api, assembly, 0, alternate)
    assert response.status_code == 201, response.json
    credential = response.json
    assert (credential["state"], credential["letter_needed"], credential["has_letter"]) == (
        "missing", True, False,
    )  # fmt: skip
    assert (credential["delegate_name"], credential["alternate_name"]) == (
        "Kim Min-jun", "Second of 0",
    )  # fmt: skip
    assert (_role(assembly["participants"][0]), _role(alternate)) == (
        "voting-delegate", "alternate",
    )  # fmt: skip
    listed = api.get(f"/events/{event_id}/credentials").json
    assert listed["total"] == 6
    states = {item["organisation_name"]: item["state"] for item in listed["items"]}
    assert states["Seoul Metropolitan Government"] == "missing"
    assert list(states.values()).count(None) == 5  # no delegate designated yet

    letter = pdf_letter()
    uploaded = send_letter(api, event_id, credential["id"], letter, "위임장.pdf")
    assert uploaded.status_code == 200, uploaded.json
    assert (uploaded.json["state"], uploaded.json["has_letter"]) == ("pending", True)

    fetched = api.get(f"/events/{event_id}/credentials/{credential['id']}/letter")
    assert fetched.status_code == 200 and fetched.data == letter
    assert fetched.mimetype == "application/pdf"
    assert fetched.headers["Content-Disposition"].startswith("attachment;")
    assert "%EC%9C%84%EC%9E%84%EC%9E%A5.pdf" in fetched.headers["Content-Disposition"]
    assert fetched.headers["X-Content-Type-Options"] == "nosniff"
    assert fetched.headers["Cache-Control"] == "private, no-store"

    decided = api.post(
        f"/events/{event_id}/credentials/{credential['id']}/decision", {"decision": "approved"}
    )
    assert decided.status_code == 200, decided.json
    assert (decided.json["state"], decided.json["decided_at"] is not None) == ("approved", True)
    # Approved credentials take no other letter.
    again = send_letter(api, event_id, credential["id"], pdf_letter(), "other.pdf")
    assert_error(again, 409, field="letter")
    assert row_count(Upload) == 1 and len(stored_files()) == 1


def test_a_head_of_the_authority_needs_no_letter(api, assembly):
    db.session.get(Delegate, assembly["delegates"][1]["id"]).heads_authority = True
    db.session.commit()
    credential = designate(api, assembly, 1).json
    assert (credential["state"], credential["letter_needed"]) == ("pending", False)
    url = f"/events/{assembly['event']['id']}/credentials/{credential['id']}/decision"
    assert api.post(url, {"decision": "approved"}).json["state"] == "approved"


def test_approving_without_the_letter_is_refused(api, assembly):
    credential = designate(api, assembly, 0).json
    url = f"/events/{assembly['event']['id']}/credentials/{credential['id']}/decision"
    assert_error(api.post(url, {"decision": "approved"}), 422, field="decision")
    assert_error(api.post(url, {"decision": "pending"}), 422, field="decision")
    assert db.session.get(Credential, credential["id"]).decided_at is None


def test_a_rejection_is_mailed_to_the_delegate_in_their_language(api, assembly):
    """Seoul's delegate writes Korean; the reason is the committee's text, escaped."""
    event_id = assembly["event"]["id"]
    credential = designate(api, assembly, 0).json
    send_letter(api, event_id, credential["id"], image_letter("PNG"), "scan.png")
    url = f"/events/{event_id}/credentials/{credential['id']}/decision"
    assert_error(api.post(url, {"decision": "rejected"}), 422, field="reason")
    assert_error(api.post(url, {"decision": "rejected", "reason": "  "}), 422, field="reason")
    assert row_count(OutboxMessage) == 0

    reason = "Unsigned <script>alert(1)</script> & not on letterhead"
    rejected = api.post(url, {"decision": "rejected", "reason": reason})
    assert rejected.status_code == 200, rejected.json
    assert (rejected.json["state"], rejected.json["reason"]) == ("rejected", reason)

    [message] = outbox(MessageKind.CREDENTIALS)
    assert message.recipient == "delegate@seoul.example"
    mail = email.message_from_bytes(message.body, policy=policy.SMTP)
    assert mail["X-Planner-Message"] == "credentials"
    assert mail["X-Planner-Event"] == str(event_id)
    assert mail["Content-Language"] == "ko"
    assert str(mail["Subject"]) == "신임장 불승인: General Assembly 2027"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert reason in text
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; not" in html
    assert "/rsvp/" in text

    # A new letter takes the credentials back to the committee.
    again = send_letter(api, event_id, credential["id"], pdf_letter(), "signed.pdf")
    assert (again.json["state"], again.json["reason"]) == ("pending", None)


def test_changing_the_delegate_starts_over(api, assembly):
    event_id = assembly["event"]["id"]
    alternate = second_participant(api, assembly, 0)
    credential = designate(api, assembly, 0, alternate).json
    send_letter(api, event_id, credential["id"], pdf_letter(), "letter.pdf")
    url = f"/events/{event_id}/credentials/{credential['id']}"

    assert api.patch(url, {"alternate_id": None}).json["alternate_id"] is None
    assert _role(alternate) == "observer"
    assert api.get(url + "/letter").status_code == 200  # same delegate, same letter

    swapped = api.patch(url, {"delegate_id": alternate["id"]})
    assert swapped.status_code == 200, swapped.json
    assert (swapped.json["state"], swapped.json["has_letter"]) == ("missing", False)
    assert (_role(alternate), _role(assembly["participants"][0])) == (
        "voting-delegate", "observer",
    )  # fmt: skip


def test_bad_designations_are_refused_naming_the_field(api, assembly):
    event_id = assembly["event"]["id"]
    seoul, tokyo = (d["organisation_id"] for d in assembly["delegates"][:2])
    seoul_delegate, tokyo_delegate = (p["id"] for p in assembly["participants"][:2])
    declined = second_participant(api, assembly, 0)
    db.session.get(Participation, declined["id"]).status = ParticipantStatus.DECLINED
    # Lyon falls into arrears: no vote at this Assembly.
    lyon = db.session.get(Organisation, assembly["delegates"][4]["organisation_id"])
    lyon.dues[0].status = DuesStatus.OUTSTANDING
    db.session.commit()
    url = f"/events/{event_id}/credentials"
    before = _written()
    cases = [
        ({"organisation_id": lyon.id, "delegate_id": assembly["participants"][4]["id"]},
         422, "organisation_id"),
        ({"organisation_id": seoul, "delegate_id": tokyo_delegate}, 422, "delegate_id"),
        ({"organisation_id": seoul, "delegate_id": seoul_delegate,
          "alternate_id": tokyo_delegate}, 422, "alternate_id"),
        ({"organisation_id": seoul, "delegate_id": seoul_delegate,
          "alternate_id": seoul_delegate}, 422, "alternate_id"),
        ({"organisation_id": seoul, "delegate_id": declined["id"]}, 422, "delegate_id"),
        ({"organisation_id": seoul, "delegate_id": 999999}, 404, "delegate_id"),
        ({"organisation_id": 999999, "delegate_id": seoul_delegate}, 404, "organisation_id"),
        ({"organisation_id": seoul}, 422, "delegate_id"),
    ]  # fmt: skip
    for payload, status, field in cases:
        assert_error(api.post(url, payload), status, field=field)
        assert _written() == before, payload
    assert _role(assembly["participants"][1]) == "voting-delegate"

    # One set of credentials (one designated delegate) per member.
    assert designate(api, assembly, 0).status_code == 201
    second = second_participant(api, assembly, 0)
    refused = api.post(url, {"organisation_id": seoul, "delegate_id": second["id"]})
    assert_error(refused, 409, field="organisation_id")
    assert row_count(Credential) == 1 and _role(second) == "observer"
    assert tokyo not in {c.organisation_id for c in db.session.scalars(sa.select(Credential))}


@pytest.mark.parametrize(
    ("data", "name", "status"),
    [
        (WINDOWS_EXECUTABLE, "letter.pdf", 422),
        (HTML, "letter.pdf", 422),
        (b"", "letter.pdf", 422),
        (pdf_letter(), "../letter.pdf", 422),
        (pdf_letter(), "letter\r\n.pdf", 422),
        (pdf_letter() + b"%" * 3000, "big.pdf", 413),
    ],
)
def test_bad_letters_are_refused_naming_the_field(api, assembly, monkeypatch, data, name, status):
    credential = designate(api, assembly, 0).json
    monkeypatch.setitem(api.client.application.config, "UPLOAD_MAX_BYTES", 3000)
    before = _written()
    response = send_letter(api, assembly["event"]["id"], credential["id"], data, name)
    assert_error(response, status, field="letter")
    assert _written() == before
    assert db.session.get(Credential, credential["id"]).letter_id is None


def test_an_upload_route_takes_a_body_as_large_as_its_limit_not_more(api, assembly, monkeypatch):
    credential = designate(api, assembly, 0).json
    event_id = assembly["event"]["id"]
    monkeypatch.setitem(api.client.application.config, "UPLOAD_MAX_BYTES", 2 * 1024 * 1024)
    # Above the application's 1 MiB for other routes, within this one's.
    big = padded_pdf(1024 * 1024 + 10)
    assert send_letter(api, event_id, credential["id"], big, "big.pdf").status_code == 200
    huge = b"%PDF-" + b"0" * (3 * 1024 * 1024)
    assert_error(send_letter(api, event_id, credential["id"], huge, "huge.pdf"), 413)
    # No file at all.
    missing = api.post(f"/events/{event_id}/credentials/{credential['id']}/letter", data={},
                       content_type="multipart/form-data")  # fmt: skip
    assert_error(missing, 422, field="letter")


def test_the_letter_is_for_organisers_only(api, viewer_api, anonymous_api, assembly):
    event_id = assembly["event"]["id"]
    credential = designate(api, assembly, 0).json
    send_letter(api, event_id, credential["id"], pdf_letter(), "letter.pdf")
    url = f"/events/{event_id}/credentials/{credential['id']}/letter"
    assert_error(anonymous_api.get(url), 401)
    assert_error(viewer_api.get(url), 403)
    assert api.get(url).status_code == 200
    # Viewers read the states, never the file; they change nothing.
    listed = viewer_api.get(f"/events/{event_id}/credentials")
    assert listed.status_code == 200
    [seoul] = [item for item in listed.json["items"] if item["credential"]]
    assert seoul["credential"]["has_letter"] is True and "Seoul" in seoul["organisation_name"]
    assert_error(send_letter(viewer_api, event_id, credential["id"], pdf_letter(), "x.pdf"), 403)
    assert_error(viewer_api.post(url.replace("letter", "decision"), {"decision": "approved"}), 403)
    # Another meeting's path to the same credentials finds nothing.
    assert_error(api.get(f"/events/{event_id + 1000}/credentials/{credential['id']}/letter"), 404)


def test_the_list_costs_a_fixed_number_of_statements(api, assembly):
    from tests.support.queries import counted_statements

    event_id = assembly["event"]["id"]
    designate(api, assembly, 0)
    with counted_statements() as one:
        api.get(f"/events/{event_id}/credentials?per_page=1")
    for member in range(1, 6):
        designate(api, assembly, member)
    with counted_statements() as six:
        api.get(f"/events/{event_id}/credentials")
    assert len(six) == len(one)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Credential)) == 6


def test_the_forecast_counts_credentials_that_can_still_be_approved(api, assembly):
    """Rejected credentials take their member out of the forecast until a new letter comes;
    missing letters are counted; the cost stays fixed however many credentials."""
    from planner.events.models import Event
    from planner.governance.quorum.service import quorum_forecasts
    from tests.support.queries import counted_statements

    event_id = assembly["event"]["id"]
    for participant in assembly["participants"]:
        db.session.get(Participation, participant["id"]).status = ParticipantStatus.ACCEPTED
    db.session.commit()
    quorum = f"/events/{event_id}/quorum"
    assert (api.get(quorum).json["expected"], api.get(quorum).json["letters_missing"]) == (6, 0)

    made = [designate(api, assembly, member).json for member in range(4)]
    forecast = api.get(quorum).json
    assert (forecast["expected"], forecast["letters_missing"]) == (6, 4)
    send_letter(api, event_id, made[0]["id"], pdf_letter(), "a.pdf")
    send_letter(api, event_id, made[1]["id"], pdf_letter(), "b.pdf")
    decision = f"/events/{event_id}/credentials/{made[1]['id']}/decision"
    api.post(decision, {"decision": "rejected", "reason": "unsigned"})
    forecast = api.get(quorum).json
    assert (forecast["expected"], forecast["possible"], forecast["letters_missing"]) == (5, 5, 2)
    send_letter(api, event_id, made[1]["id"], pdf_letter(), "signed.pdf")  # back to pending
    assert api.get(quorum).json["expected"] == 6

    event = db.session.get(Event, event_id)
    with counted_statements() as few:
        quorum_forecasts([event])
    for member in (4, 5):
        designate(api, assembly, member)
    db.session.expire_all()
    event = db.session.get(Event, event_id)
    with counted_statements() as many:
        assert quorum_forecasts([event])[event_id].letters_missing == 4
    assert len(many) == len(few)


def test_a_removed_participant_speaks_for_no_one(api, assembly):
    """Removed after an invitation (kept as cancelled) or before one (deleted)."""
    from planner.db import utcnow

    event_id = assembly["event"]["id"]
    alternate = second_participant(api, assembly, 0)
    seoul = designate(api, assembly, 0, alternate).json
    tokyo = designate(api, assembly, 1).json
    for participant in (alternate, assembly["participants"][0]):
        db.session.get(Participation, participant["id"]).invited_at = utcnow()
    db.session.commit()
    participants = f"/events/{event_id}/participants"
    assert api.delete(f"{participants}/{alternate['id']}").status_code == 204
    assert api.get(f"/events/{event_id}/credentials/{seoul['id']}/letter").status_code == 404
    db.session.expire_all()
    assert db.session.get(Credential, seoul["id"]).alternate_id is None
    assert api.delete(f"{participants}/{assembly['participants'][0]['id']}").status_code == 204
    assert api.delete(f"{participants}/{assembly['participants'][1]['id']}").status_code == 204
    db.session.expire_all()
    assert db.session.get(Credential, seoul["id"]) is None
    assert db.session.get(Credential, tokyo["id"]) is None  # never invited: deleted outright
    states = {
        i["organisation_id"]: i["state"]
        for i in api.get(f"/events/{event_id}/credentials").json["items"]
    }
    assert states[assembly["delegates"][0]["organisation_id"]] is None


def test_the_pack_welcome_letter_says_where_the_credentials_stand(api, assembly):
    from tests.support.pack_fixtures import pdf_text

    event_id = assembly["event"]["id"]
    tokyo = assembly["participants"][1]
    pack = f"/events/{event_id}/participants/{tokyo['id']}/pack.pdf?lang=en"

    def welcome() -> str:
        return " ".join(pdf_text(api.get(pack).data).split())

    assert "have not reached us yet" in welcome()  # no delegate designated
    credential = designate(api, assembly, 1).json
    send_letter(api, event_id, credential["id"], pdf_letter(), "letter.pdf")
    assert "have been received and are awaiting" in welcome()
    api.post(f"/events/{event_id}/credentials/{credential['id']}/decision",
             {"decision": "approved"})  # fmt: skip
    assert "Your credentials as voting delegate have been accepted" in welcome()
