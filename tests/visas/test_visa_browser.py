"""Visa letters in Chromium: a delegate gives their passport data on a phone in Korean, an
organiser approves and the delegate downloads the letter; every new page passes axe-core's
serious and critical checks in en, fr and ko, with and without errors showing."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.extensions import db
from planner.visas.models import VisaLetter, VisaLetterState
from tests.support.browser import axe_violations, follow, sign_in
from tests.support.visas import PASSPORT, issued_letter, rsvp_token

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("app", ["sqlite"], indirect=True)]

ORGANISER = ("visas@secretariat.example", "visa-letters-desk-1")
HANOI = 2


@pytest.fixture
def organiser(app) -> tuple[str, str]:
    create_user(ORGANISER[0], ORGANISER[1], UserRole.ORGANISER)
    db.session.commit()
    return ORGANISER


def _fill(page, **changes) -> None:
    values = {**PASSPORT, **changes}
    for name in ("passport_name", "passport_number", "passport_expires_on", "born_on",
                 "consulate"):  # fmt: skip
        page.locator(f"#{name}").fill(values[name])
    page.locator("#nationality").select_option(values["nationality"])


def test_a_delegate_applies_on_a_phone_in_korean(chromium, live_server, visa_meeting, tmp_path):
    token = rsvp_token(visa_meeting["participants"][HANOI])
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="ko-KR")
    page = context.new_page()
    page.goto(f"{live_server}/rsvp/{token}")
    assert page.locator("html").get_attribute("lang") == "ko"
    follow(page.locator(f"a[href='/rsvp/{token}/visa']"))
    assert page.locator("#nationality option[value='VN']").inner_text() == "베트남"
    _fill(page, passport_expires_on="2027-05-01")  # before the meeting ends
    page.locator("#in_korean").check()
    follow(page.locator("form.visa-form button[type=submit]"))
    assert page.locator("#passport_expires_on").get_attribute("aria-invalid") == "true"
    assert "2027-05-12" in page.locator("#passport_expires_on-error").inner_text()
    page.screenshot(path=str(tmp_path / "visa-refused-ko.png"), full_page=True)
    assert db.session.query(VisaLetter).count() == 0
    _fill(page)
    follow(page.locator("form.visa-form button[type=submit]"))
    assert page.get_by_role("status").count() == 1
    page.screenshot(path=str(tmp_path / "visa-received-ko.png"), full_page=True)
    # Nothing wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
    db.session.expire_all()
    letter = db.session.query(VisaLetter).one()
    assert letter.passport_number == "C1234567" and letter.in_korean
    assert letter.state is VisaLetterState.SUBMITTED


def test_an_organiser_approves_and_the_delegate_downloads(
    chromium, live_server, visa_meeting, organiser, tmp_path
):
    hanoi = visa_meeting["participants"][HANOI]
    token = rsvp_token(hanoi)
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    delegate = context.new_page()
    delegate.goto(f"{live_server}/rsvp/{token}/visa")
    _fill(delegate)
    follow(delegate.locator("form.visa-form button[type=submit]"))

    desk = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    event_id = visa_meeting["event_id"]
    sign_in(page, live_server, f"/meetings/{event_id}/visa-letters", organiser)
    assert page.locator("nav.tabs [aria-current=page]").inner_text() == "Visa letters"
    assert "C1234567" in page.locator("table.visa-letters").inner_text()
    follow(page.get_by_role("button", name="Approve"))
    number = db.session.query(VisaLetter).one().number
    assert f"Letter {number} issued" in page.get_by_role("status").inner_text()
    page.screenshot(path=str(tmp_path / "queue.png"), full_page=True)
    desk.close()

    delegate.goto(f"{live_server}/rsvp/{token}/visa")
    with delegate.expect_download() as waiting:
        delegate.get_by_role("link", name="Download your visa invitation letter (PDF)").click()
    saved = tmp_path / "letter.pdf"
    waiting.value.save_as(saved)
    with pdfplumber.open(io.BytesIO(saved.read_bytes())) as document:
        text = document.pages[0].extract_text()
    assert number in text and PASSPORT["passport_name"] in text
    context.close()


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR", "ko-KR"])
def test_the_pages_have_no_serious_accessibility_violations(
    chromium, live_server, visa_meeting, organiser, locale
):
    participants, event_id = visa_meeting["participants"], visa_meeting["event_id"]
    revoked = issued_letter(participants[0])
    revoked.state, revoked.revoked_at = VisaLetterState.REVOKED, revoked.issued_at
    valid = issued_letter(participants[1], in_korean=True)
    db.session.commit()
    references = [valid.check_token, revoked.check_token, "not-a-reference"]
    context = chromium.new_context(locale=locale, bypass_csp=True)
    page = context.new_page()
    violations = []
    token = rsvp_token(participants[HANOI])
    page.goto(f"{live_server}/rsvp/{token}/visa")
    violations += axe_violations(page)
    follow(page.locator("form.visa-form button[type=submit]"))  # nothing filled in
    violations += axe_violations(page)
    _fill(page)
    follow(page.locator("form.visa-form button[type=submit]"))
    violations += axe_violations(page)
    page.goto(f"{live_server}/rsvp/{rsvp_token(participants[1])}/visa")  # issued
    violations += axe_violations(page)
    for reference in references:
        page.goto(f"{live_server}/visa-letters/{reference}")
        violations += axe_violations(page)
    sign_in(page, live_server, f"/meetings/{event_id}/visa-letters", organiser)
    violations += axe_violations(page)
    waiting = db.session.query(VisaLetter).filter_by(state=VisaLetterState.SUBMITTED).one()
    follow(page.locator(f"#message-{waiting.id} ~ button"))  # no message: refused
    violations += axe_violations(page)
    context.close()
    assert violations == []
