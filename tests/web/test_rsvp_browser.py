"""A delegate opens their invitation link in a Korean browser and accepts; the page passes
axe-core's serious and critical checks; a scripted title stays text."""

from __future__ import annotations

import pytest

from planner.events.models import ParticipantStatus, Participation
from planner.extensions import db
from tests.support.browser import axe_violations, follow

# What a browser adds is the same on either database: SQLite, as `make run` serves it (the
# same pages' test-client tests run on both).
pytestmark = [pytest.mark.browser, pytest.mark.parametrize("app", ["sqlite"], indirect=True)]


def test_a_korean_delegate_accepts_in_the_browser(chromium, live_server, invitation, tmp_path):
    context = chromium.new_context(locale="ko-KR", viewport={"width": 412, "height": 915})
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{live_server}/rsvp/{invitation.rsvp_token}")
    assert page.locator("html").get_attribute("lang") == "ko"
    # The title is shown as the organiser typed it, and never runs.
    assert "<script>alert(1)</script>" in page.locator("h1").inner_text()
    page.get_by_label("참석합니다").check()
    page.get_by_label("식이 요구 사항").fill("채식")
    page.get_by_role("button", name="회신 보내기").click()
    page.wait_for_url(f"{live_server}/rsvp/{invitation.rsvp_token}")
    assert "회신이 저장되었습니다" in page.get_by_role("status").inner_text()
    assert page.get_by_label("참석합니다").is_checked()
    page.screenshot(path=str(tmp_path / "rsvp-ko.png"), full_page=True)
    context.close()
    assert dialogs == []
    db.session.expire_all()
    participation = db.session.get(Participation, invitation.id)
    assert participation.status is ParticipantStatus.ACCEPTED
    assert participation.delegate.dietary_needs == "채식"


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR", "ko-KR"])
def test_the_rsvp_page_has_no_serious_accessibility_violations(
    chromium,
    live_server,
    invitation,
    locale,
):
    context = chromium.new_context(locale=locale, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server}/rsvp/{invitation.rsvp_token}")
    violations = axe_violations(page)
    # And with the form's errors showing.
    follow(page.get_by_role("button").last)
    violations += axe_violations(page)
    context.close()
    assert violations == []
