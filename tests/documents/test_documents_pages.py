"""The documents tab (organisers upload, viewers read, nobody else) and the documents on a
delegate's RSVP page: only those they may read, each through their own link."""

from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.documents.models import Document, DocumentVersion
from planner.extensions import db
from planner.uploads.models import Upload
from tests.conftest import PASSWORD, make_app, row_count
from tests.support.credentials import empty_storage, multipart, stored_files
from tests.support.documents import committee, paper, rsvp_token, send_paper
from tests.support.letters import HTML
from tests.support.pages import csrf_token, signed_in_client
from tests.support.s3 import storage_settings

__all__ = ["committee"]


@pytest.fixture(autouse=True)
def _empty_storage(app):
    empty_storage()


def _page(event: dict) -> str:
    return f"/meetings/{event['id']}/documents"


def _post(client, url: str, data: bytes, name: str, **fields):
    body, content_type = multipart({"file": FileStorage(io.BytesIO(data), name), **fields})
    return client.post(url, data=body, content_type=content_type)


def test_an_organiser_adds_a_document_and_a_new_version(app, committee):
    event = committee["event"]
    client = signed_in_client(app, UserRole.ORGANISER)
    page = client.get(_page(event))
    assert page.status_code == 200 and 'id="add-document"' in page.text
    assert 'aria-current="page">Documents<' in page.text
    fields = {"title": "Draft resolution 1", "kind": "draft-resolution",
              "visibility": "members", "language": "en", "agenda_item_id": ""}  # fmt: skip
    added = _post(client, _page(event), paper(), "resolution.pdf", **fields)
    assert added.status_code == 303, added.text
    document = db.session.query(Document).one()
    assert (document.title, document.kind.value, document.visibility.value) == (
        "Draft resolution 1", "draft-resolution", "members",
    )  # fmt: skip
    page = client.get(_page(event)).text
    assert "Draft resolution 1" in page and "members of the body" in page
    version_url = f"{_page(event)}/{document.id}/versions"
    again = _post(client, version_url, paper(), "resolution-fr.pdf", language="fr")
    assert again.status_code == 303
    languages = sorted(v.language for v in db.session.query(DocumentVersion))
    assert languages == ["en", "fr"]
    download = client.get(f"{version_url}/{document.versions[0].id}")
    assert download.status_code == 200 and download.mimetype == "application/pdf"


def test_the_page_refuses_a_fake_pdf_and_writes_nothing(app, committee):
    event = committee["event"]
    client = signed_in_client(app, UserRole.ORGANISER)
    refused = _post(client, _page(event), HTML, "report.pdf", title="Report",
                    kind="report", visibility="participants", language="en",
                    agenda_item_id="")  # fmt: skip
    assert refused.status_code == 422
    assert "not a valid PDF file" in refused.text and 'role="alert"' in refused.text
    assert (row_count(Document), row_count(Upload), stored_files()) == (0, 0, [])


def test_viewers_read_the_tab_without_its_forms_and_nobody_else_reaches_it(app, api, committee):
    event = committee["event"]
    document = send_paper(api, event["id"], paper(), visibility="members").json
    viewer = signed_in_client(app, UserRole.VIEWER)
    page = viewer.get(_page(event))
    assert page.status_code == 200 and "Annual report" in page.text
    assert 'id="add-document"' not in page.text and "version-form" not in page.text
    version = document["languages"][0]["id"]
    assert viewer.get(f"{_page(event)}/{document['id']}/versions/{version}").status_code == 200
    assert _post(viewer, _page(event), paper(), "x.pdf", title="x").status_code == 403
    nobody = app.test_client()
    assert nobody.get(_page(event)).status_code == 302
    assert nobody.get(f"{_page(event)}/{document['id']}/versions/{version}").status_code == 302


def test_the_rsvp_page_lists_what_the_delegate_may_read(app, api, committee):
    event, people = committee["event"], committee["participants"]
    item = api.post(f"/events/{event['id']}/agenda", {"title": "Finances"}).json
    send_paper(api, event["id"], paper(), title="Programme")
    send_paper(api, event["id"], paper(), title="Secret budget", visibility="members",
               agenda_item_id=str(item["id"]))  # fmt: skip
    client = app.test_client()
    member = client.get(f"/rsvp/{rsvp_token(people[0])}").text
    assert "Programme" in member and "Secret budget" in member and "Item 1: Finances" in member
    assert f"/rsvp/{rsvp_token(people[0])}/documents/" in member
    observer = client.get(f"/rsvp/{rsvp_token(people[4])}").text
    assert "Programme" in observer and "Secret budget" not in observer


def test_the_upload_forms_need_their_csrf_token(app, committee, tmp_path):
    event = committee["event"]
    guarded = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, WTF_CSRF_ENABLED=True,
                       **storage_settings(app))  # fmt: skip
    create_user("guarded@secretariat.example", PASSWORD, UserRole.ORGANISER)
    db.session.commit()
    fields = {"title": "Report", "kind": "report", "visibility": "participants",
              "language": "en", "agenda_item_id": ""}  # fmt: skip
    # Each request in its own app context (a shared one would keep the login's CSRF check).
    client = guarded.test_client()
    login = {"email": "guarded@secretariat.example", "password": PASSWORD,
             "csrf_token": csrf_token(client.get("/login").text)}  # fmt: skip
    assert client.post("/login", data=login).status_code == 302
    refused = _post(client, _page(event), paper(), "report.pdf", **fields)
    assert refused.status_code == 422 and "The form expired" in refused.text
    assert row_count(Upload) == 0
    token = csrf_token(client.get(_page(event)).text)
    sent = _post(client, _page(event), paper(), "report.pdf", csrf_token=token, **fields)
    assert sent.status_code == 303
    assert row_count(Document) == 1
