"""Documents in print: the delegate pack lists those the delegate may read, with their links,
and the papers PDF joins them in the delegate's language (English where a paper has none in
it) with a bookmark for each, under its agenda item."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from planner.documents.models import Document
from planner.extensions import db
from planner.uploads import service as uploads
from tests.support.credentials import empty_storage
from tests.support.documents import committee, paper, rsvp_token, send_paper, send_version
from tests.support.pack_fixtures import pdf_text

__all__ = ["committee"]
pytestmark = pytest.mark.storage


@pytest.fixture(autouse=True)
def _empty_storage(app):
    empty_storage()


@pytest.fixture
def papers(api, committee) -> dict:
    """A programme for all (English, Korean), a budget under agenda item 1 for members only
    (English only)."""
    event_id = committee["event"]["id"]
    item = api.post(f"/events/{event_id}/agenda", {"title": "Finances"}).json
    programme = send_paper(api, event_id, paper("Programme in English"), title="Programme").json
    send_version(api, event_id, programme["id"], paper("Programme in Korean"), "ko")
    send_paper(api, event_id, paper("Budget figures"), title="Budget 2027",
               visibility="members", agenda_item_id=str(item["id"]))  # fmt: skip
    return committee


def _outline(pdf: bytes) -> list[tuple[int, str]]:
    """(level, title) of each bookmark, as pdfplumber (pdfminer) reads them."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [(level, title) for level, title, *_rest in document.doc.get_outlines()]


def test_the_pack_lists_what_the_delegate_may_read_with_links(app, papers):
    people, client = papers["participants"], app.test_client()
    member = client.get(f"/rsvp/{rsvp_token(people[1])}/pack.pdf?lang=en")
    assert member.status_code == 200
    text = pdf_text(member.data)
    assert "Meeting documents" in text and "Programme" in text and "Budget 2027" in text
    assert f"/rsvp/{rsvp_token(people[1])}/documents/" in text.replace("\n", "")
    observer = pdf_text(client.get(f"/rsvp/{rsvp_token(people[4])}/pack.pdf?lang=en").data)
    assert "Programme" in observer and "Budget 2027" not in observer


def test_the_papers_pdf_has_bookmarks_in_the_delegates_language(app, papers):
    people, client = papers["participants"], app.test_client()
    korean = client.get(f"/rsvp/{rsvp_token(people[0])}/papers.pdf")  # Seoul reads Korean
    assert korean.status_code == 200 and korean.mimetype == "application/pdf"
    assert korean.headers["Cache-Control"] == "private, no-store"
    assert _outline(korean.data) == [(1, "Programme"), (1, "1. Finances"), (2, "Budget 2027")]
    text = pdf_text(korean.data)
    assert "Programme in Korean" in text and "Budget figures" in text
    # Hanoi reads French: no French version, so English.
    french = pdf_text(client.get(f"/rsvp/{rsvp_token(people[2])}/papers.pdf").data)
    assert "Programme in English" in french
    # An observer's papers hold no members-only budget.
    observer = client.get(f"/rsvp/{rsvp_token(people[4])}/papers.pdf")
    assert _outline(observer.data) == [(1, "Programme")]
    assert "Budget figures" not in pdf_text(observer.data)


def test_organisers_get_every_paper_and_viewers_too(api, viewer_api, anonymous_api, papers):
    path = f"/events/{papers['event']['id']}/documents/papers.pdf?lang=ko"
    whole = api.get(path)
    assert whole.status_code == 200 and len(_outline(whole.data)) == 3
    assert viewer_api.get(path).status_code == 200
    assert anonymous_api.get(path).status_code == 401


def test_no_papers_without_documents(app, api, committee):
    people = committee["participants"]
    assert app.test_client().get(f"/rsvp/{rsvp_token(people[0])}/papers.pdf").status_code == 404
    assert api.get(f"/events/{committee['event']['id']}/documents/papers.pdf").status_code == 404


def test_a_damaged_paper_is_left_out_and_titles_keep_their_script(app, api, committee):
    """A stored file damaged after its checks (a disk, a restore) does not cost the delegate
    the other papers; bookmarks are Unicode (a Korean title reads back as typed)."""
    event_id, people = committee["event"]["id"], committee["participants"]
    send_paper(api, event_id, paper("Minutes"), title="회의록 (Minutes)")
    broken = send_paper(api, event_id, paper("Report"), title="Report").json
    upload = db.session.get(Document, broken["id"]).versions[0].upload
    uploads.storage().write(upload.key, b"%PDF-1.7\n% cut short")
    joined = app.test_client().get(f"/rsvp/{rsvp_token(people[0])}/papers.pdf")
    assert joined.status_code == 200
    assert _outline(joined.data) == [(1, "회의록 (Minutes)")]
    assert "Minutes" in pdf_text(joined.data) and "Report" not in pdf_text(joined.data)
