"""An organiser signs in in the browser and reads the dashboard and a meeting; these pages pass
axe-core's serious and critical checks in every language."""

from __future__ import annotations

import pytest

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.events.models import ParticipantStatus
from planner.extensions import db
from tests.support.browser import axe_violations, follow, sign_in
from tests.support.dashboard import add_meeting, add_network

# What a browser adds is the same on either database: SQLite, as `make run` serves it (the
# same pages' test-client tests run on both).
pytestmark = [pytest.mark.browser, pytest.mark.parametrize("app", ["sqlite"], indirect=True)]
PASSWORD = "organiser-password-1"
ORGANISER = ("kim@secretariat.example", PASSWORD)


@pytest.fixture
def meetings(app):
    create_user("kim@secretariat.example", PASSWORD, UserRole.ORGANISER)
    body, delegates = add_network(seats=5)
    statuses = [ParticipantStatus.ACCEPTED] * 3 + [ParticipantStatus.DECLINED]
    add_meeting(1, body, delegates, statuses)
    add_meeting(2, None, delegates, [ParticipantStatus.INVITED] * 5)
    db.session.commit()


def test_an_organiser_signs_in_and_sees_the_quorum_forecast(
    chromium, live_server, meetings, tmp_path
):
    context = chromium.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server}/dashboard")
    assert "/login" in page.url  # asked to sign in first
    page.locator("#email").fill("kim@secretariat.example")
    page.locator("#password").fill("not the password")
    follow(page.get_by_role("button", name="Sign in"))
    assert "Wrong e-mail or password." in page.get_by_role("alert").inner_text()
    sign_in(page, live_server, "/dashboard", ORGANISER)
    table = page.locator("table.dashboard")
    assert "Meeting 1 <b>bold</b>" in table.inner_text()
    assert "reached" in table.inner_text()  # 3 of 3 needed
    page.screenshot(path=str(tmp_path / "dashboard-en.png"), full_page=True)
    follow(page.get_by_role("link", name="Meeting 1 <b>bold</b>"))
    assert page.locator("h1").inner_text().startswith("Meeting 1 <b>bold</b>")
    assert (
        page.get_by_role("link", name="Google Calendar")
        .get_attribute("href")
        .startswith("https://calendar.google.com/")
    )
    page.screenshot(path=str(tmp_path / "meeting-en.png"), full_page=True)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server}/login")
    context.close()


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR", "ko-KR"])
def test_login_dashboard_and_meeting_have_no_serious_accessibility_violations(
    chromium,
    live_server,
    meetings,
    locale,
):
    context = chromium.new_context(locale=locale, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    violations = axe_violations(page)
    sign_in(page, live_server, "/dashboard", ORGANISER)
    violations += axe_violations(page)
    follow(page.locator("table.dashboard a").first)
    violations += axe_violations(page)
    context.close()
    assert violations == []
