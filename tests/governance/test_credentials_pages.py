"""The credentials queue page (organisers act, viewers read) and the designated delegate's
letter on their RSVP page; who may reach a letter, route by route."""

from __future__ import annotations

import io

import pytest

from planner.auth.models import UserRole
from planner.events.models import Participation
from planner.extensions import db
from planner.governance.models import Credential, CredentialDecision
from planner.notifications.models import MessageKind
from planner.uploads.models import Upload
from tests.conftest import make_app, row_count
from tests.support.credentials import (
    designate,
    empty_storage,
    multipart,
    second_participant,
    send_letter,
    stored_files,
)
from tests.support.letters import HTML, image_letter, pdf_letter
from tests.support.outbox import outbox
from tests.support.pages import csrf_token, signed_in_client
from tests.support.s3 import storage_settings


@pytest.fixture(autouse=True)
def _empty_storage(app):
    empty_storage()


def _queue(event_id: int) -> str:
    return f"/meetings/{event_id}/credentials"


def _token(participant: dict) -> str:
    return db.session.get(Participation, participant["id"]).rsvp_token


def _post_file(client, url: str, data: bytes, name: str, **fields):
    from werkzeug.datastructures import FileStorage

    body, content_type = multipart({"letter": FileStorage(io.BytesIO(data), name), **fields})
    return client.post(url, data=body, content_type=content_type)


def test_the_queue_takes_an_organiser_through_every_state(app, api, assembly):
    event_id = assembly["event"]["id"]
    client = signed_in_client(app, UserRole.ORGANISER)
    page = client.get(_queue(event_id))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<strong>6</strong> missing" in html and "6 letters are missing" not in html
    assert 'aria-current="page">Credentials</a>' in html

    seoul = assembly["participants"][0]
    alternate = second_participant(api, assembly, 0)
    designated = client.post(_queue(event_id), data={
        "organisation_id": assembly["delegates"][0]["organisation_id"],
        "delegate_id": seoul["id"], "alternate_id": alternate["id"],
    })  # fmt: skip
    assert designated.status_code == 303, designated.get_data(as_text=True)
    credential = db.session.query(Credential).one()
    assert credential.alternate_id == alternate["id"]
    html = client.get(_queue(event_id)).get_data(as_text=True)
    assert "1 letter is missing." in html and f"letter-{credential.id}" in html

    base = f"{_queue(event_id)}/{credential.id}"
    refused = _post_file(client, f"{base}/letter", HTML, "letter.pdf")
    assert refused.status_code == 422
    assert "not a valid PDF, JPEG, PNG file" in refused.get_data(as_text=True)
    assert row_count(Upload) == 0 and stored_files() == []
    letter = pdf_letter()
    assert _post_file(client, f"{base}/letter", letter, "letter.pdf").status_code == 303
    html = client.get(_queue(event_id)).get_data(as_text=True)
    assert f"/api/v1/events/{event_id}/credentials/{credential.id}/letter" in html
    fetched = client.get(f"/api/v1/events/{event_id}/credentials/{credential.id}/letter")
    assert fetched.data == letter

    no_reason = client.post(f"{base}/decision", data={"decision": "rejected", "reason": " "})
    assert no_reason.status_code == 422
    assert "say why the credentials are rejected" in no_reason.get_data(as_text=True)
    rejected = client.post(f"{base}/decision",
                           data={"decision": "rejected", "reason": "Not signed"})  # fmt: skip
    assert rejected.status_code == 303
    assert len(outbox(MessageKind.CREDENTIALS)) == 1
    html = client.get(_queue(event_id)).get_data(as_text=True)
    assert "Reason: Not signed" in html and "New letter of" in html

    _post_file(client, f"{base}/letter", image_letter("JPEG"), "scan.jpg")
    assert client.post(f"{base}/decision", data={"decision": "approved"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(Credential, credential.id).decision is CredentialDecision.APPROVED


def test_a_file_over_the_limit_is_refused_on_the_form(app, api, assembly, monkeypatch):
    credential = designate(api, assembly, 0).json
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 2000)
    client = signed_in_client(app, UserRole.ORGANISER)
    url = f"{_queue(assembly['event']['id'])}/{credential['id']}/letter"
    within_body = _post_file(client, url, pdf_letter() + b"%" * 3000, "big.pdf")
    assert within_body.status_code == 413
    assert "larger than 2000 bytes" in within_body.get_data(as_text=True)
    over_body = _post_file(client, url, b"%PDF-" + b"0" * 100_000, "huge.pdf")
    assert over_body.status_code == 413
    assert "larger than 2000 bytes" in over_body.get_data(as_text=True)
    assert row_count(Upload) == 0 and stored_files() == []


def test_viewers_see_states_never_letters(app, api, assembly):
    event_id = assembly["event"]["id"]
    credential = designate(api, assembly, 0).json
    send_letter(api, event_id, credential["id"], pdf_letter(), "letter.pdf")
    viewer = signed_in_client(app, UserRole.VIEWER)
    html = viewer.get(_queue(event_id)).get_data(as_text=True)
    assert "letter received" in html and "/letter" not in html
    assert 'name="letter"' not in html and 'name="decision"' not in html
    base = f"{_queue(event_id)}/{credential['id']}"
    assert viewer.post(f"{base}/decision", data={"decision": "approved"}).status_code == 403
    assert _post_file(viewer, f"{base}/letter", pdf_letter(), "x.pdf").status_code == 403


def test_every_letter_route_by_who_asks(app, api, viewer_api, anonymous_api, assembly):
    """The API's download and upload, the queue's upload and the RSVP upload, asked with no
    login, as a viewer, through another delegate's RSVP link, and as an organiser."""
    event_id = assembly["event"]["id"]
    seoul = designate(api, assembly, 0).json
    tokyo = designate(api, assembly, 1).json
    letter = pdf_letter("Seoul's letter")
    send_letter(api, event_id, seoul["id"], letter, "seoul.pdf")
    download = f"/events/{event_id}/credentials/{seoul['id']}/letter"
    page_upload = f"{_queue(event_id)}/{seoul['id']}/letter"
    anonymous = app.test_client()
    viewer = signed_in_client(app, UserRole.VIEWER)
    tokyo_link = f"/rsvp/{_token(assembly['participants'][1])}"
    observer_link = f"/rsvp/{_token(second_participant(api, assembly, 0))}"

    # No login.
    assert anonymous_api.get(download).status_code == 401
    assert anonymous.get(f"/api/v1{download}").status_code == 401
    assert (
        send_letter(anonymous_api, event_id, seoul["id"], pdf_letter(), "x.pdf").status_code == 401
    )
    assert _post_file(anonymous, page_upload, pdf_letter(), "x.pdf").status_code == 302  # login
    # A viewer, by token and signed in.
    assert viewer_api.get(download).status_code == 403
    assert viewer.get(f"/api/v1{download}").status_code == 403
    assert _post_file(viewer, page_upload, pdf_letter(), "x.pdf").status_code == 403
    # Another delegate's RSVP link: their page never shows Seoul's letter, and their upload
    # goes to their own credentials only; a participant who is no designated delegate has none.
    tokyo_page = anonymous.get(tokyo_link).get_data(as_text=True)
    assert "seoul.pdf" not in tokyo_page and "/credentials/" not in tokyo_page
    assert anonymous.get(f"{tokyo_link}/letter").status_code == 405
    assert (
        _post_file(anonymous, f"{tokyo_link}/letter", pdf_letter(), "tokyo.pdf").status_code == 303
    )
    assert (
        _post_file(anonymous, f"{observer_link}/letter", pdf_letter(), "x.pdf").status_code == 404
    )
    db.session.expire_all()
    assert db.session.get(Credential, tokyo["id"]).letter.filename == "tokyo.pdf"
    assert db.session.get(Credential, seoul["id"]).letter.filename == "seoul.pdf"
    assert row_count(Upload) == 2
    # The organiser.
    assert api.get(download).data == letter
    organiser = signed_in_client(app, UserRole.ORGANISER)
    assert organiser.get(f"/api/v1{download}").data == letter


def test_the_delegate_uploads_their_letter_from_their_rsvp_page(app, api, assembly):
    credential = designate(api, assembly, 2).json  # Hanoi's delegate reads French
    link = f"/rsvp/{_token(assembly['participants'][2])}"
    client = app.test_client()
    html = client.get(link, headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert 'id="credentials"' in html and 'enctype="multipart/form-data"' in html

    refused = _post_file(client, f"{link}/letter", b"MZ\x90\x00" + bytes(60), "lettre.pdf")
    assert refused.status_code == 422
    refused_html = refused.get_data(as_text=True)
    assert (
        'aria-invalid="true"' in refused_html and "not a valid PDF, JPEG, PNG file" in refused_html
    )
    assert row_count(Upload) == 0 and stored_files() == []

    sent = _post_file(client, f"{link}/letter", image_letter("PNG"), "lettre.png")
    assert sent.status_code == 303 and sent.headers["Location"].endswith("#credentials")
    db.session.expire_all()
    assert db.session.get(Credential, credential["id"]).letter.content_type == "image/png"
    assert "Your Delegation of Authority letter is in" in client.get(link).get_data(as_text=True)

    api.post(f"/events/{assembly['event']['id']}/credentials/{credential['id']}/decision",
             {"decision": "approved"})  # fmt: skip
    approved = client.get(link).get_data(as_text=True)
    assert "has approved your credentials" in approved and 'name="letter"' not in approved
    assert _post_file(client, f"{link}/letter", pdf_letter(), "again.pdf").status_code == 409


def test_the_rsvp_letter_form_needs_its_csrf_token(app, api, assembly, tmp_path):
    designate(api, assembly, 0)
    guarded = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, WTF_CSRF_ENABLED=True,
                       **storage_settings(app))  # fmt: skip
    link = f"/rsvp/{_token(assembly['participants'][0])}"
    with guarded.app_context():
        client = guarded.test_client()
        refused = _post_file(client, f"{link}/letter", pdf_letter(), "letter.pdf")
        assert refused.status_code == 422
        assert "The form expired" in refused.get_data(as_text=True)
        assert row_count(Upload) == 0
        token = csrf_token(client.get(link).get_data(as_text=True))
        sent = _post_file(client, f"{link}/letter", pdf_letter(), "letter.pdf", csrf_token=token)
        assert sent.status_code == 303
    assert row_count(Upload) == 1


def test_the_dashboard_says_how_many_letters_are_missing(app, api, assembly):
    api.post(f"/events/{assembly['event']['id']}/publish")
    designate(api, assembly, 0)
    designate(api, assembly, 1)
    html = signed_in_client(app, UserRole.ORGANISER).get("/dashboard").get_data(as_text=True)
    assert "2 Delegation of Authority letters missing" in html
    assert f"/meetings/{assembly['event']['id']}/credentials#missing" in html
