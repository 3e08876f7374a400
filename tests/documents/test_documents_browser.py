"""The documents tab in Chromium: an organiser adds a paper, is refused a fake PDF beside its
field, uploads a new version; the tab and a delegate's RSVP page with its documents pass
axe-core's serious and critical checks in en, fr and ko, with and without errors showing."""

from __future__ import annotations

import pytest

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.documents.models import Document
from planner.extensions import db
from tests.support.browser import axe_violations, follow, sign_in
from tests.support.credentials import empty_storage
from tests.support.documents import committee, paper, rsvp_token, send_paper
from tests.support.letters import HTML

__all__ = ["committee"]

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("app", ["sqlite"], indirect=True)]

ORGANISER = ("papers@secretariat.example", "documents-organiser-1")


@pytest.fixture
def shelf(api, committee) -> dict:
    empty_storage()
    event_id = committee["event"]["id"]
    item = api.post(f"/events/{event_id}/agenda", {"title": "Finances"}).json
    send_paper(api, event_id, paper(), title="Programme")
    send_paper(api, event_id, paper(), title="Budget 2027", visibility="members",
               agenda_item_id=str(item["id"]))  # fmt: skip
    create_user(ORGANISER[0], ORGANISER[1], UserRole.ORGANISER)
    db.session.commit()
    return {"event_id": event_id, **committee}


def test_an_organiser_adds_documents_and_versions(chromium, live_server, shelf, tmp_path):
    page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, live_server, f"/meetings/{shelf['event_id']}/documents", ORGANISER)
    assert page.locator("h1").inner_text() == "Documents"
    fake = tmp_path / "report.pdf"
    fake.write_bytes(HTML)
    page.get_by_label("Title").fill("Annual report")
    page.get_by_label("Kind").select_option("report")
    page.get_by_label("PDF file").set_input_files(str(fake))
    follow(page.get_by_role("button", name="Add the document"))
    assert page.locator("#file").get_attribute("aria-invalid") == "true"
    assert "not a valid PDF file" in page.locator("#file-error").inner_text()
    page.screenshot(path=str(tmp_path / "documents-refused.png"), full_page=True)

    real = tmp_path / "annual-report.pdf"
    real.write_bytes(paper("Annual report"))
    page.get_by_label("PDF file").set_input_files(str(real))
    follow(page.get_by_role("button", name="Add the document"))
    assert "Annual report" in page.get_by_role("status").inner_text()
    db.session.expire_all()
    report = db.session.query(Document).filter_by(title="Annual report").one()
    page.locator(f"#file-{report.id}").set_input_files(str(real))
    page.locator(f"#language-{report.id}").fill("ko")
    follow(page.locator(f"#document-{report.id} form button"))
    assert page.locator(f"#document-{report.id} .languages li").count() == 2
    page.screenshot(path=str(tmp_path / "documents.png"), full_page=True)


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR", "ko-KR"])
def test_the_pages_have_no_serious_accessibility_violations(chromium, live_server, shelf, locale):
    context = chromium.new_context(locale=locale, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server, f"/meetings/{shelf['event_id']}/documents", ORGANISER)
    violations = axe_violations(page)
    follow(page.locator("#add-document button"))  # nothing filled in
    violations += axe_violations(page)
    page.goto(f"{live_server}/rsvp/{rsvp_token(shelf['participants'][0])}")
    assert page.locator("#documents").count() == 1
    violations += axe_violations(page)
    context.close()
    assert violations == []
