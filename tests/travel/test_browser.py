"""A Korean delegate gives their arrival from a phone in Chromium; the travel pages pass
axe-core's serious and critical checks in English, French and Korean."""

from __future__ import annotations

import pytest

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.events.models import Participation
from planner.extensions import db
from planner.travel.models import Airport, Travel
from tests.support.browser import axe_violations, follow, sign_in
from tests.travel.conftest import put_travel, seoul

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("app", ["sqlite"], indirect=True)]
ORGANISER = ("kim@secretariat.example", "organiser-password-1")
PHONE = {"width": 390, "height": 844}


def _token(participant: dict) -> str:
    return db.session.get(Participation, participant["id"]).rsvp_token


def test_a_korean_delegate_gives_their_arrival_from_a_phone(
    chromium, live_server, meeting, hotels, tmp_path
):
    participant = meeting["participants"][0]
    context = chromium.new_context(locale="ko-KR", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server}/rsvp/{_token(participant)}")
    follow(page.get_by_role("link", name="도착, 호텔 및 공항 픽업"))
    assert page.locator("html").get_attribute("lang") == "ko"
    page.get_by_label("도착 날짜").fill("2027-05-10")
    page.get_by_label("도착 시각").fill("14:05")
    page.get_by_label("도착 항공편").fill("ke 652")
    page.get_by_label("도착 공항").select_option("ICN")
    page.get_by_label("도착 시 공항 픽업을 요청합니다").check()
    # A departure before the arrival is refused beside its field.
    page.get_by_label("출발 날짜").fill("2027-05-09")
    page.get_by_label("출발 시각").fill("19:30")
    page.get_by_label("호텔", exact=True).select_option(label="Lotte Hotel Seoul")
    follow(page.get_by_role("button", name="여행 정보 저장"))
    assert "출발은 도착 이후여야 합니다" in page.get_by_role("alert").inner_text()
    assert db.session.query(Travel).count() == 0
    page.get_by_label("출발 날짜").fill("2027-05-12")
    follow(page.get_by_role("button", name="여행 정보 저장"))
    assert "여행 정보가 저장되었습니다" in page.get_by_role("status").inner_text()
    # Nothing wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(tmp_path / "travel-ko.png"), full_page=True)
    context.close()
    travel = db.session.query(Travel).one()
    assert (travel.arrival_flight, travel.arrival_airport) == ("KE652", Airport.ICN)
    assert travel.arrival_at.isoformat() == "2027-05-10T05:05:00+00:00"
    assert (travel.needs_pickup, travel.hotel_block_id) == (True, hotels[0]["id"])


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR", "ko-KR"])
def test_the_travel_pages_have_no_serious_accessibility_violations(
    chromium, live_server, api, meeting, hotels, locale
):
    create_user(*ORGANISER, UserRole.ORGANISER)
    db.session.commit()
    for hour, participant in enumerate(meeting["participants"]):
        put_travel(api, meeting["id"], participant["id"], arrival_at=seoul(10, 14 + hour),
                   arrival_flight=f"KE{650 + hour}", arrival_airport="ICN", needs_pickup=True,
                   hotel_block_id=hotels[hour % 2]["id"], departure_at=seoul(12, 19))  # fmt: skip
    context = chromium.new_context(locale=locale, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server}/rsvp/{_token(meeting['participants'][0])}/travel")
    violations = axe_violations(page)
    page.locator("#arrival_flight").fill("not a flight")
    follow(page.locator("main form button[type=submit]"))  # with the form's errors showing
    violations += axe_violations(page)
    url = f"/meetings/{meeting['id']}/arrivals"
    sign_in(page, live_server, url, ORGANISER)
    violations += axe_violations(page)
    page.goto(f"{live_server}/meetings/{meeting['id']}/rooming")
    violations += axe_violations(page)
    follow(page.locator("main form.rsvp button[type=submit]"))  # the hotel form's errors
    violations += axe_violations(page)
    page.goto(f"{live_server}/dashboard")
    violations += axe_violations(page)
    context.close()
    assert violations == []
