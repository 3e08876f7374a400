"""The credentials queue and the delegate's letter form in Chromium: an organiser works the
queue, a delegate uploads from their page; both pages pass axe-core's serious and critical
checks in en, fr and ko, with and without their errors showing."""

from __future__ import annotations

import pytest

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.events.models import Participation
from planner.extensions import db
from planner.governance.models import Credential, CredentialDecision
from planner.members.models import Delegate
from tests.support.browser import axe_violations, follow, sign_in
from tests.support.credentials import designate, second_participant, send_letter
from tests.support.letters import HTML, image_letter, pdf_letter

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("app", ["sqlite"], indirect=True)]

ORGANISER = ("committee@secretariat.example", "credentials-committee-1")


@pytest.fixture
def queue(api, assembly) -> dict:
    """Credentials in every state: Seoul pending (with an alternate), Tokyo's mayor approved
    without a letter, Hanoi rejected, Bangkok missing its letter, two members undesignated."""
    event_id = assembly["event"]["id"]
    api.post(f"/events/{event_id}/publish")
    db.session.get(Delegate, assembly["delegates"][1]["id"]).heads_authority = True
    db.session.commit()
    made = {}
    for member in range(4):
        alternate = second_participant(api, assembly, member) if member == 0 else None
        made[member] = designate(api, assembly, member, alternate).json
    send_letter(api, event_id, made[0]["id"], pdf_letter(), "seoul-delegation.pdf")
    send_letter(api, event_id, made[2]["id"], image_letter("JPEG"), "hanoi.jpg")
    decision = f"/events/{event_id}/credentials/{{}}/decision"
    api.post(decision.format(made[1]["id"]), {"decision": "approved"})
    reason = "The letter is not signed by the mayor."
    api.post(decision.format(made[2]["id"]), {"decision": "rejected", "reason": reason})
    create_user(ORGANISER[0], ORGANISER[1], UserRole.ORGANISER)
    db.session.commit()
    return {"event_id": event_id, "credentials": made, **assembly}


def test_an_organiser_works_the_queue(chromium, live_server, queue, tmp_path):
    event_id = queue["event_id"]
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server, f"/meetings/{event_id}/credentials", ORGANISER)
    assert page.locator("h1").inner_text() == "Credentials"
    page.screenshot(path=str(tmp_path / "queue.png"), full_page=True)

    bangkok = queue["credentials"][3]["id"]
    letter = tmp_path / "bangkok.pdf"
    letter.write_bytes(pdf_letter())
    page.locator(f"#letter-{bangkok}").set_input_files(str(letter))
    follow(page.locator(f"#letter-{bangkok} ~ button"))
    assert (
        "Letter of Bangkok Metropolitan Administration received."
        in page.get_by_role("status").inner_text()
    )
    seoul = queue["credentials"][0]["id"]
    follow(page.locator(f"#reason-{seoul} ~ button"))  # no reason: refused beside the field
    assert page.locator(f"#reason-{seoul}").get_attribute("aria-invalid") == "true"
    page.screenshot(path=str(tmp_path / "queue-refused.png"), full_page=True)
    page.locator(f"#reason-{seoul}").fill("Signed by the deputy, not the mayor")
    follow(page.locator(f"#reason-{seoul} ~ button"))
    db.session.expire_all()
    assert db.session.get(Credential, seoul).decision is CredentialDecision.REJECTED

    phone = chromium.new_context(viewport={"width": 412, "height": 915},
                                 storage_state=context.storage_state())  # fmt: skip
    small = phone.new_page()
    small.goto(f"{live_server}/meetings/{event_id}/credentials")
    small.screenshot(path=str(tmp_path / "queue-phone.png"), full_page=True)
    # Nothing wider than the screen: the tables fold into cards on a phone.
    assert small.evaluate("document.documentElement.scrollWidth") <= 412
    phone.close()
    context.close()


def test_a_delegate_uploads_their_letter(chromium, live_server, queue, tmp_path):
    bangkok = queue["participants"][3]
    token = db.session.get(Participation, bangkok["id"]).rsvp_token
    context = chromium.new_context(viewport={"width": 412, "height": 915})
    page = context.new_page()
    page.goto(f"{live_server}/rsvp/{token}")
    page.screenshot(path=str(tmp_path / "rsvp-letter.png"), full_page=True)
    fake = tmp_path / "letter.pdf"
    fake.write_bytes(HTML)
    page.get_by_label("Delegation of Authority letter (PDF, JPEG or PNG)").set_input_files(
        str(fake)
    )
    follow(page.get_by_role("button", name="Upload my letter"))
    assert "not a valid PDF, JPEG, PNG file" in page.locator("#letter-error").inner_text()
    page.screenshot(path=str(tmp_path / "rsvp-letter-refused.png"), full_page=True)
    scan = tmp_path / "scan.png"
    scan.write_bytes(image_letter("PNG"))
    page.get_by_label("Delegation of Authority letter (PDF, JPEG or PNG)").set_input_files(
        str(scan)
    )
    page.get_by_role("button", name="Upload my letter").click()
    page.wait_for_url(f"{live_server}/rsvp/{token}#credentials")
    assert "your letter is received" in page.get_by_role("status").inner_text()
    context.close()
    db.session.expire_all()
    assert db.session.get(Credential, queue["credentials"][3]["id"]).letter.filename == "scan.png"


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR", "ko-KR"])
def test_the_pages_have_no_serious_accessibility_violations(chromium, live_server, queue, locale):
    context = chromium.new_context(locale=locale, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server, f"/meetings/{queue['event_id']}/credentials", ORGANISER)
    violations = axe_violations(page)
    follow(page.locator(f"#reason-{queue['credentials'][0]['id']} ~ button"))
    violations += axe_violations(page)
    token = db.session.get(Participation, queue["participants"][3]["id"]).rsvp_token
    page.goto(f"{live_server}/rsvp/{token}")
    violations += axe_violations(page)
    follow(page.locator("form.letter-form button"))  # no file chosen
    violations += axe_violations(page)
    context.close()
    assert violations == []
