"""An organiser plans a meeting in a real browser: a form refused then accepted, two sessions
double-booking a room flagged on the meeting page, publishing through a page that lists who
will be told; user text stays text; the area's pages pass axe's serious and critical checks
and are photographed wide and on a phone (/tmp/shots/meetings/)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.events import service as events
from planner.events.models import Event, EventKind, EventStatus, ParticipantRole, Room, Venue
from planner.extensions import db
from planner.members.models import Delegate, Membership, Organisation
from tests.support.browser import axe_violations, follow, sign_in

# What a browser adds is the same on either database: SQLite, as `make run` serves it (the
# same pages' test-client tests run on both).
pytestmark = [pytest.mark.browser, pytest.mark.parametrize("app", ["sqlite"], indirect=True)]
PASSWORD = "organiser-password-1"
ORGANISER = ("kim@secretariat.example", PASSWORD)
SHOTS = Path("/tmp/shots/meetings")
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def network(app):
    """An organiser, a venue with two rooms, delegates of two cities, and a meeting whose title
    is a script."""
    create_user("kim@secretariat.example", PASSWORD, UserRole.ORGANISER)
    db.session.add(Venue(name="Seoul City Hall", native_name="서울특별시청", city="Seoul",
                         timezone="Asia/Seoul",
                         rooms=[Room(name="Multipurpose Hall"), Room(name="Room 2")]))  # fmt: skip
    for slug, name, native, person, native_person, language in [
        ("seoul", "Seoul Metropolitan Government", "서울특별시", "Kim Min-jun", "김민준", "ko"),
        ("bangkok", "Bangkok Metropolitan Administration", "กรุงเทพมหานคร", "Somchai Jaidee",
         "สมชาย ใจดี", "th"),
    ]:  # fmt: skip
        organisation = Organisation(slug=slug, name=name, native_name=native, country="KR",
                                    timezone="Asia/Seoul", membership=Membership.FULL)  # fmt: skip
        db.session.add(Delegate(full_name=person, native_name=native_person, language=language,
                                email=f"{slug}@example.org", organisation=organisation,
                                timezone="Asia/Seoul"))  # fmt: skip
    start = datetime(2027, 5, 20, 1, tzinfo=UTC)
    db.session.add(Event(kind=EventKind.WORKSHOP, title=SCRIPT, timezone="Asia/Seoul",
                         starts_at=start, ends_at=start.replace(hour=9)))  # fmt: skip
    db.session.commit()
    SHOTS.mkdir(parents=True, exist_ok=True)


def _invite_everyone(title: str) -> None:
    """Put the delegates on the meeting (the participants pages are another area's)."""
    db.session.expire_all()
    event = db.session.scalar(sa.select(Event).where(Event.title == title))
    for delegate in db.session.scalars(sa.select(Delegate)):
        events.add_participant(event, delegate.id, ParticipantRole.GUEST)
    db.session.commit()


def _add_session(page, title: str, start: str, end: str, shot: str | None = None) -> None:
    follow(page.get_by_role("link", name="Add a session"))
    page.get_by_label("Title").fill(title)
    page.get_by_label("Room").select_option(label="Multipurpose Hall")
    page.get_by_label("Speakers").select_option(label="김민준 (Kim Min-jun)")
    page.locator("#starts_at").fill(start)
    page.locator("#ends_at").fill(end)
    if shot:
        assert axe_violations(page) == []
        page.screenshot(path=str(SHOTS / shot), full_page=True)
    follow(page.get_by_role("button", name="Save the session"))


def test_an_organiser_plans_and_publishes_a_meeting(chromium, live_server, network):
    context = chromium.new_context(locale="en-GB", viewport={"width": 1280, "height": 900},
                                   bypass_csp=True)  # fmt: skip
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, live_server, "/meetings", ORGANISER)
    assert page.get_by_role("link", name=SCRIPT).is_visible()  # a script title is text
    assert axe_violations(page) == []
    page.screenshot(path=str(SHOTS / "list-1280.png"), full_page=True)

    follow(page.get_by_role("link", name="New meeting"))
    assert axe_violations(page) == []
    page.get_by_label("Title").fill("Executive Committee, 14th meeting")
    page.get_by_label("Kind").select_option("executive-committee")
    page.get_by_label("Venue").select_option(label="Seoul City Hall (Seoul)")
    page.get_by_label("Time zone").select_option("Asia/Bangkok")  # the labels follow at once
    assert page.get_by_label("Starts (Asia/Bangkok, UTC+07:00)").is_visible()
    page.get_by_label("Time zone").select_option("Asia/Seoul")
    page.get_by_label("Starts (Asia/Seoul, UTC+09:00)").fill("2027-05-11T10:00")
    page.get_by_label("Ends (Asia/Seoul, UTC+09:00)").fill("2027-05-11T09:00")
    follow(page.get_by_role("button", name="Save the meeting"))
    assert page.locator("#ends_at-error").inner_text() == "The end must be after the start."
    assert page.locator("#ends_at").get_attribute("aria-invalid") == "true"
    assert "The end must be after the start." in page.get_by_role("alert").inner_text()
    assert axe_violations(page) == []
    page.screenshot(path=str(SHOTS / "form-error-1280.png"), full_page=True)
    page.get_by_label("Ends (Asia/Seoul, UTC+09:00)").fill("2027-05-11T17:00")
    follow(page.get_by_role("button", name="Save the meeting"))
    assert page.locator("h1").inner_text().startswith("Executive Committee, 14th meeting")
    assert "2027-05-11 10:00 – 17:00 (Asia/Seoul, UTC+09:00)" in page.inner_text("main")

    _add_session(page, "Opening", "2027-05-11T10:00", "2027-05-11T11:00", "session-1280.png")
    _add_session(page, "Press point", "2027-05-11T10:30", "2027-05-11T11:30")
    warning = "Multipurpose Hall is booked twice: Opening and Press point."
    speaker = "Kim Min-jun speaks in two places at once: Opening and Press point."
    assert page.locator(".flash-warning").all_inner_texts() == [warning, speaker]
    assert warning in page.locator(".errors").inner_text()  # and in the timetable's check
    assert axe_violations(page) == []
    page.screenshot(path=str(SHOTS / "meeting-1280.png"), full_page=True)

    _invite_everyone("Executive Committee, 14th meeting")
    follow(page.get_by_role("link", name="Publish"))
    invitees = page.locator("table.people").inner_text()
    assert "김민준" in invitees and "Kim Min-jun" in invitees and "สมชาย ใจดี" in invitees
    assert "these 2 participants" in page.inner_text("main")
    assert axe_violations(page) == []
    page.screenshot(path=str(SHOTS / "publish-1280.png"), full_page=True)
    follow(page.get_by_role("button", name="Publish the meeting"))
    assert "2 invitations are on their way." in page.inner_text("main")
    assert page.locator("h1 .badge").inner_text() == "scheduled"
    follow(page.get_by_role("link", name="Cancel the meeting"))
    assert "2 invited participants will get the cancellation" in page.inner_text("main")
    assert axe_violations(page) == []
    page.screenshot(path=str(SHOTS / "cancel-1280.png"), full_page=True)
    db.session.expire_all()
    published = db.session.scalar(sa.select(Event).where(Event.title.startswith("Executive")))
    assert published.status is EventStatus.SCHEDULED

    page.goto(f"{live_server}/meetings/month?month=2027-05")
    assert page.locator("table.month caption").inner_text() == "Meetings in May 2027"
    assert page.get_by_role("link", name=SCRIPT).is_visible()
    assert axe_violations(page) == []
    page.screenshot(path=str(SHOTS / "month-1280.png"), full_page=True)
    assert dialogs == []
    context.close()


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR", "ko-KR"])
def test_the_pages_read_well_on_a_phone(chromium, live_server, network, locale):
    context = chromium.new_context(locale=locale, viewport={"width": 390, "height": 844},
                                   bypass_csp=True, is_mobile=True)  # fmt: skip
    page = context.new_page()
    sign_in(page, live_server, "/meetings", ORGANISER)
    violations = axe_violations(page)
    name = locale[:2]
    page.screenshot(path=str(SHOTS / f"list-390-{name}.png"), full_page=True)
    page.goto(f"{live_server}/meetings/month?month=2027-05")
    violations += axe_violations(page)
    assert page.locator("table.month thead").bounding_box()["height"] <= 1  # a list, no grid
    page.screenshot(path=str(SHOTS / f"month-390-{name}.png"), full_page=True)
    page.goto(f"{live_server}/meetings/new")
    violations += axe_violations(page)
    page.screenshot(path=str(SHOTS / f"form-390-{name}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert violations == []
    assert width <= 390  # nothing overflows sideways
