"""The projector in Chromium follows the door by itself; the quorum pages pass axe-core's
serious and critical checks in every language."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.events.models import Participation
from planner.extensions import db
from planner.governance.door.service import check_in_token
from tests.support.browser import axe_violations, sign_in
from tests.support.door import accredit, arrive

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("app", ["sqlite"], indirect=True)]
ORGANISER = ("kim@secretariat.example", "organiser-password-1")


@pytest.fixture
def accredited(app, assembly) -> dict:
    create_user(*ORGANISER, UserRole.ORGANISER)
    db.session.commit()
    for participant in assembly["participants"]:
        accredit(participant["id"])
    return assembly


def test_the_projector_shows_the_quorum_reached_within_two_seconds(
    chromium, live_server, accredited, api, tmp_path
):
    event_id, participants = accredited["event"]["id"], accredited["participants"]
    for participant in participants[:3]:
        arrive(participant["id"])
    context = chromium.new_context(locale="en-GB", viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    sign_in(page, live_server, f"/meetings/{event_id}/projector", ORGANISER)
    state = page.locator('[data-quorum="state"]')
    expect(state).to_have_text("No quorum: 1 more needed")
    token = check_in_token(db.session.get(Participation, participants[3]["id"]))
    assert api.post(f"/events/{event_id}/check-in", {"token": token}).status_code == 200
    expect(state).to_have_text("Quorum reached", timeout=2000)
    expect(page.locator('[data-quorum="present"]')).to_have_text("4")
    page.screenshot(path=str(tmp_path / "projector.png"))
    context.close()


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR", "ko-KR"])
def test_the_quorum_pages_have_no_serious_accessibility_violations(
    chromium, live_server, accredited, api, locale
):
    event_id = accredited["event"]["id"]
    arrive(accredited["participants"][0]["id"])
    members = [d["organisation_id"] for d in accredited["delegates"]]
    api.post(f"/events/{event_id}/proxies", {"giver_id": members[1], "holder_id": members[0]})
    roll = api.post(f"/events/{event_id}/rolls").json
    context = chromium.new_context(locale=locale, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server, f"/meetings/{event_id}/quorum", ORGANISER)
    violations = axe_violations(page)
    for path in (f"/meetings/{event_id}/projector", f"/meetings/{event_id}/rolls/{roll['id']}"):
        page.goto(f"{live_server}{path}")
        violations += axe_violations(page)
    context.close()
    assert violations == []
