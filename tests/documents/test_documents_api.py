"""A meeting's documents through the API: uploads and their history, files as downloads with
their caching, every bad upload refused with nothing written, and who may read what (an
organiser, a viewer, nobody; delegates through their own links, public documents for all)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from planner.documents.models import Document, DocumentNotice, DocumentVersion
from planner.events.models import ParticipantStatus, Participation
from planner.extensions import db
from planner.uploads.models import Upload
from tests.conftest import row_count
from tests.support.credentials import empty_storage, stored_files
from tests.support.documents import committee, paper, rsvp_token, send_paper, send_version
from tests.support.letters import HTML, padded_pdf

__all__ = ["committee"]  # the fixture, used by name


pytestmark = pytest.mark.storage


@pytest.fixture(autouse=True)
def _empty_storage(app):
    empty_storage()


def _documents(event: dict) -> str:
    return f"/events/{event['id']}/documents"


def test_versions_keep_their_history_and_the_newest_is_shown(api, committee):
    event = committee["event"]
    first_en, french_pdf, second_en = paper("Budget 2027"), paper("Budget (fr)"), paper("rev. 2")
    created = send_paper(api, event["id"], first_en, "budget.pdf",
                         title="Budget 2027", kind="budget")  # fmt: skip
    assert created.status_code == 201, created.json
    document = created.json
    assert (document["kind"], document["visibility"]) == ("budget", "participants")
    assert [v["language"] for v in document["languages"]] == ["en"]

    assert send_version(api, event["id"], document["id"], french_pdf, "fr").status_code == 201
    second = send_version(api, event["id"], document["id"], second_en, "en")
    assert second.status_code == 201, second.json
    history = api.get(f"{_documents(event)}/{document['id']}").json
    assert [(v["language"], v["number"]) for v in history["versions"]] == [
        ("en", 2), ("en", 1), ("fr", 1),
    ]  # fmt: skip
    assert {(v["language"], v["number"]) for v in history["languages"]} == {("en", 2), ("fr", 1)}

    listed = api.get(_documents(event)).json
    assert listed["total"] == 1 and listed["items"][0]["title"] == "Budget 2027"
    newest = api.get(f"{_documents(event)}/{document['id']}/file")
    assert newest.status_code == 200 and newest.data == second_en
    assert newest.headers["Content-Disposition"].startswith("attachment;")
    assert newest.headers["Content-Type"] == "application/pdf"
    assert newest.headers["Cache-Control"] == "private, no-cache"
    again = api.get(f"{_documents(event)}/{document['id']}/file",
                    headers={"If-None-Match": newest.headers["ETag"]})  # fmt: skip
    assert again.status_code == 304
    french = api.get(f"{_documents(event)}/{document['id']}/file?lang=fr")
    assert french.data == french_pdf
    first = next(v for v in history["versions"] if (v["language"], v["number"]) == ("en", 1))
    old = api.client.get(first["file_url"], headers={"Authorization": f"Bearer {api.token}"})
    assert old.data == first_en and "immutable" in old.headers["Cache-Control"]


def test_a_document_belongs_to_an_agenda_item_of_its_own_meeting(api, committee, assembly):
    event = committee["event"]
    item = api.post(f"/events/{event['id']}/agenda", {"title": "Budget"}).json
    other = api.post(f"/events/{assembly['event']['id']}/agenda", {"title": "Elsewhere"}).json
    on_item = send_paper(api, event["id"], paper(), agenda_item_id=str(item["id"]))
    assert on_item.status_code == 201 and on_item.json["agenda_item_id"] == item["id"]
    refused = send_paper(api, event["id"], paper(), agenda_item_id=str(other["id"]))
    assert refused.status_code == 422 and "agenda_item_id" in refused.json["error"]["fields"]
    moved = api.patch(f"{_documents(event)}/{on_item.json['id']}", {"agenda_item_id": None})
    assert moved.status_code == 200 and moved.json["agenda_item_id"] is None


@pytest.mark.parametrize(
    ("data", "name", "fields", "field"),
    [
        (HTML, "report.pdf", {}, "file"),  # a "PDF" that is not one
        (b"%PDF-1.7 nothing else", "report.pdf", {}, "file"),
        (paper(), "report.html", {}, "file"),  # a PDF under another name
        (b"", "report.pdf", {}, "file"),  # empty
        (paper(), "../../etc/report.pdf", {}, "file"),  # path parts
        (paper(), "re\x1bport.pdf", {}, "file"),  # a control character
        (paper(), "\u202efdp.exe", {}, "file"),  # a right-to-left override
        (paper(), "report.pdf", {"title": ""}, "title"),
        (paper(), "report.pdf", {"visibility": "everyone"}, "visibility"),
        (paper(), "report.pdf", {"language": "English!"}, "language"),
        (paper(), "report.pdf", {"kind": "novel"}, "kind"),
    ],
)
def test_a_bad_upload_is_refused_with_nothing_written(api, event, data, name, fields, field):
    response = send_paper(api, event["id"], data, name, **fields)
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"], response.json
    assert (row_count(Document), row_count(DocumentVersion), row_count(Upload)) == (0, 0, 0)
    assert stored_files() == []


def test_an_oversized_paper_is_refused_by_its_own_limit(api, event, monkeypatch):
    monkeypatch.setitem(api.client.application.config, "PAPERS_MAX_BYTES", 5000)
    monkeypatch.setitem(api.client.application.config, "UPLOAD_MAX_BYTES", 50_000)
    response = send_paper(api, event["id"], padded_pdf(6000))
    assert response.status_code == 413 and response.json["error"]["code"] == "payload_too_large"
    assert (row_count(Document), row_count(Upload), stored_files()) == (0, 0, [])
    # Within the papers' limit: taken.
    assert send_paper(api, event["id"], padded_pdf(4000)).status_code == 201


def test_members_only_needs_a_meeting_of_a_body(api, event):
    response = send_paper(api, event["id"], paper(), visibility="members")
    assert response.status_code == 422 and "visibility" in response.json["error"]["fields"]
    assert row_count(Document) == 0


def test_viewers_read_every_document_but_upload_none(api, viewer_api, anonymous_api, committee):
    event = committee["event"]
    pdf = paper()
    document = send_paper(api, event["id"], pdf, visibility="members").json
    assert viewer_api.get(_documents(event)).json["total"] == 1
    download = viewer_api.get(f"{_documents(event)}/{document['id']}/file")
    assert download.status_code == 200 and download.data == pdf
    assert send_paper(viewer_api, event["id"], paper()).status_code == 403
    assert send_version(viewer_api, event["id"], document["id"], paper()).status_code == 403
    renamed = viewer_api.patch(f"{_documents(event)}/{document['id']}", {"title": "x"})
    assert renamed.status_code == 403
    assert anonymous_api.get(_documents(event)).status_code == 401
    assert anonymous_api.get(f"{_documents(event)}/{document['id']}/file").status_code == 401
    assert row_count(DocumentVersion) == 1


def test_delegates_read_what_the_visibility_allows(app, api, committee, assembly):
    event, people = committee["event"], committee["participants"]
    for_all = send_paper(api, event["id"], paper("All"), title="For all").json
    for_members = send_paper(api, event["id"], paper("Members"), title="Members only",
                             visibility="members").json  # fmt: skip
    client = app.test_client()

    def status(participant: dict, document: dict) -> int:
        url = f"/rsvp/{rsvp_token(participant)}/documents/{document['id']}"
        return client.get(url).status_code

    member, observer_seat, not_a_member = people[0], people[3], people[4]
    assert (status(member, for_all), status(member, for_members)) == (200, 200)
    assert (status(observer_seat, for_all), status(observer_seat, for_members)) == (200, 404)
    assert (status(not_a_member, for_all), status(not_a_member, for_members)) == (200, 404)
    # Another delegate: on another meeting, their link opens none of this one's documents.
    elsewhere = assembly["participants"][5]
    assert status(elsewhere, for_all) == 404
    # A removed delegate's link opens nothing any more.
    db.session.get(Participation, member["id"]).status = ParticipantStatus.CANCELLED
    db.session.commit()
    assert status(member, for_all) == 404
    # The public route serves public documents only.
    assert client.get(f"/documents/{for_all['id']}").status_code == 404
    response = client.get(f"/rsvp/{rsvp_token(people[1])}/documents/{for_all['id']}")
    assert response.headers["Cache-Control"] == "private, no-cache"


def test_public_documents_are_public_once_the_meeting_is(api, event, committee):
    draft = send_paper(api, event["id"], paper(), visibility="public").json
    pdf = paper("Open")
    public = send_paper(api, committee["event"]["id"], pdf, visibility="public").json
    client = api.client.application.test_client()
    assert client.get(f"/documents/{draft['id']}").status_code == 404  # its meeting is a draft
    response = client.get(f"/documents/{public['id']}")
    assert response.status_code == 200 and response.data == pdf
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_delegate_gets_their_language_else_english(app, api, committee):
    event, people = committee["event"], committee["participants"]
    english, korean_pdf = paper("English"), paper("Korean")
    document = send_paper(api, event["id"], english).json
    send_version(api, event["id"], document["id"], korean_pdf, "ko")
    client = app.test_client()
    korean, french = people[0], people[2]  # Seoul writes in Korean, Hanoi in French
    url = "/rsvp/{}/documents/" + str(document["id"])
    assert client.get(url.format(rsvp_token(korean))).data == korean_pdf
    assert client.get(url.format(rsvp_token(french))).data == english
    assert client.get(url.format(rsvp_token(french)) + "?lang=ko").data == korean_pdf


def test_readers_of_a_new_document_get_a_notice(api, committee):
    event, people = committee["event"], committee["participants"]
    send_paper(api, event["id"], paper(), visibility="members")
    noticed = set(db.session.scalars(sa.select(DocumentNotice.participation_id)))
    assert noticed == {people[0]["id"], people[1]["id"], people[2]["id"]}
