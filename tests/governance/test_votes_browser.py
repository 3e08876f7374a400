"""In Chromium: an organiser opens and runs a roll-call vote, then an electronic one that a
delegate casts from a phone-sized page in Korean while the projector counts ballots; every
votes page passes axe-core's serious and critical checks in English, French and Korean.
Screenshots land in /tmp/shots/votes/ to be looked at."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.extensions import db
from tests.support.browser import axe_violations, follow, sign_in
from tests.support.votes import HANOI, QUEZON, SEOUL, TOKYO, freeze, link, open_vote

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("app", ["sqlite"], indirect=True)]
ORGANISER = ("kim@secretariat.example", "organiser-password-1")
SHOTS = Path("/tmp/shots/votes")


def test_an_organiser_runs_a_roll_call_and_a_delegate_votes_on_a_phone_in_korean(
    chromium, live_server, api, voting
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    create_user(*ORGANISER, UserRole.ORGANISER)
    db.session.commit()
    event_id, members = voting["event_id"], voting["members"]
    freeze(api, event_id)
    tab = f"/meetings/{event_id}/votes"
    context = chromium.new_context(locale="en-GB", bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server, tab, ORGANISER)
    violations = axe_violations(page)
    page.select_option("#agenda_item_id", str(voting["item_id"]))
    page.fill("#question", "Do you approve the 2026 accounts?")
    page.check("input[name=method][value=roll-call]")
    page.check("input[name=rule][value=absolute]")
    page.screenshot(path=str(SHOTS / "open-form.png"), full_page=True)
    follow(page.get_by_role("button", name="Open the vote"))
    expect(page.locator("h1")).to_have_text("Do you approve the 2026 accounts?")
    violations += axe_violations(page)
    page.screenshot(path=str(SHOTS / "roll-call-open.png"), full_page=True)
    rows = page.locator("table.roll-call tbody tr")
    expect(rows).to_have_count(6)
    for answer in ("yes", "yes", "no", "abstain", "yes", "yes"):
        follow(page.locator(f"table.roll-call tbody tr button.answer-{answer}").first)
    expect(page.locator("table.roll-call tbody tr strong")).to_have_count(6)
    quezon = page.locator(f"#member-{members[QUEZON]}")
    expect(quezon).to_contain_text("represented by")
    expect(quezon).to_contain_text("yes")  # called after Tokyo, which holds its proxy
    follow(page.get_by_role("link", name="Close the vote"))
    violations += axe_violations(page)
    follow(page.get_by_role("button", name="Close the vote now"))
    expect(page.locator(".vote-outcome")).to_have_text("Adopted")
    expect(page.locator(".vote-counts")).to_have_text("yes: 4 · no: 1 · abstentions: 1")
    violations += axe_violations(page)
    page.screenshot(path=str(SHOTS / "roll-call-closed.png"), full_page=True)
    roll_call = page.url.removeprefix(live_server)

    # An electronic vote: the projector shows ballots received, never the running result.
    electronic = open_vote(api, voting, "electronic", secret=True)
    projector = context.new_page()
    projector.set_viewport_size({"width": 1920, "height": 1080})
    projector.goto(f"{live_server}/meetings/{event_id}/projector")
    received = projector.locator(".projector-received")
    expect(received).to_have_text("0 of 6 ballots received")

    phone = chromium.new_context(
        locale="ko-KR", viewport={"width": 390, "height": 844}, bypass_csp=True, is_mobile=True
    )
    delegate = phone.new_page()
    delegate.goto(f"{live_server}/rsvp/{link(voting['delegates'][TOKYO])}")
    follow(delegate.get_by_role("link", name="지금 투표하기"))
    expect(delegate.locator(".ballot-question")).to_have_text("Adopt the budget?")
    expect(delegate.locator("section.ballot")).to_have_count(2)  # Tokyo's own, Quezon's
    violations += axe_violations(delegate)
    delegate.screenshot(path=str(SHOTS / "ballot-ko.png"), full_page=True)
    fits = delegate.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, "the ballot page scrolls sideways on a phone"
    follow(delegate.locator(f"section.ballot:has(#member-{members[TOKYO]}) button.answer-yes"))
    expect(delegate.locator(".flash")).to_have_text("투표가 접수되었습니다. 감사합니다.")
    expect(delegate.locator(f"section.ballot:has(#member-{members[TOKYO]})")).to_contain_text(
        "투표 접수됨"
    )
    delegate.screenshot(path=str(SHOTS / "ballot-ko-received.png"), full_page=True)
    expect(received).to_have_text("1 of 6 ballots received", timeout=3000)
    projector.screenshot(path=str(SHOTS / "projector-open.png"))
    assert "yes" not in projector.locator(".projector-vote").inner_text().lower()
    close = api.post(f"/events/{event_id}/votes/{electronic['id']}/close")
    assert close.status_code == 200, close.json
    expect(projector.locator(".vote-outcome")).to_have_text("No quorum", timeout=3000)
    violations += axe_violations(projector)
    projector.screenshot(path=str(SHOTS / "projector-closed.png"))
    phone.close()
    context.close()

    # Every page in English, French and Korean (the ballot page with no vote open).
    ballot = f"/rsvp/{link(voting['delegates'][0])}/ballot"
    projector_path = f"/meetings/{event_id}/projector"
    paths = (roll_call, f"{roll_call}/close", f"{tab}/{electronic['id']}", projector_path, ballot)
    for locale in ("en-GB", "fr-FR", "ko-KR"):
        context = chromium.new_context(locale=locale, bypass_csp=True)
        page = context.new_page()
        sign_in(page, live_server, tab, ORGANISER)
        violations += axe_violations(page)
        page.screenshot(path=str(SHOTS / f"votes-{locale}.png"), full_page=True)
        for path in paths:
            page.goto(f"{live_server}{path}")
            violations += axe_violations(page)
        context.close()
    assert violations == []


def test_an_election_changes_the_committee_shown_in_the_directory(
    chromium, live_server, api, voting
):
    """Opened from the Votes tab, taken by roll-call, closed and confirmed: the Executive
    Committee's page in the directory lists the new Vice-President."""
    create_user(*ORGANISER, UserRole.ORGANISER)
    db.session.commit()
    event_id, members = voting["event_id"], voting["members"]
    freeze(api, event_id)
    context = chromium.new_context(locale="en-GB", bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server, "/bodies/executive-committee", ORGANISER)
    current = page.locator("table.seats.term-current")
    expect(current).not_to_contain_text("Seoul Metropolitan Government")
    page.goto(f"{live_server}/meetings/{event_id}/votes")
    page.select_option("#agenda_item_id", str(voting["item_id"]))
    page.fill("#question", "Election of a Vice-President")
    page.check("input[name=method][value=roll-call]")
    page.locator("details.election summary").click()
    page.fill("#seats", "1")
    page.select_option("#seat_role", "vice-president")
    page.select_option("#seat_body_id", str(voting["committee_id"]))
    page.select_option("#candidates", [str(members[SEOUL]), str(members[HANOI])])
    assert axe_violations(page) == []
    page.screenshot(path=str(SHOTS / "election-form.png"), full_page=True)
    follow(page.get_by_role("button", name="Open the vote"))
    rows = page.locator("table.roll-call tbody tr")
    expect(rows).to_have_count(6)
    for index in range(6):  # every member chooses Seoul
        row = rows.nth(index)
        row.get_by_label("Seoul Metropolitan Government").check()
        follow(row.get_by_role("button", name="Record"))
    follow(page.get_by_role("link", name="Close the vote"))
    follow(page.get_by_role("button", name="Close the vote now"))
    expect(page.locator(".vote-outcome")).to_have_text("Elected")
    follow(page.get_by_role("button", name="Confirm the election"))
    expect(page.locator("main")).to_contain_text("hold their seats on Executive Committee")
    assert axe_violations(page) == []
    page.screenshot(path=str(SHOTS / "election-confirmed.png"), full_page=True)
    page.goto(f"{live_server}/bodies/executive-committee")
    expect(current).to_contain_text("Seoul Metropolitan Government")
    expect(current.locator("tr", has_text="Seoul Metropolitan Government")).to_contain_text(
        "Vice-president"
    )
    page.screenshot(path=str(SHOTS / "committee-after-election.png"), full_page=True)
    context.close()
