"""An organiser in a real browser: finds delegates by their Hangul and their Latin names and adds
them, changes a role, reads a participant's e-mail history, and starts the bulk pack run, whose
progress bar a real two-process Celery worker (on Redis) fills to the end; then the zip, the
print PDF and the badge sheet download. The pages pass axe-core's serious and critical checks."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.events.models import ParticipantRole, Participation
from planner.extensions import db
from planner.packs import jobs
from tests.support.browser import axe_violations, follow, sign_in
from tests.support.pack_fixtures import MEMBERS

# What a browser adds is the same on either database: SQLite, as `make run` serves it (the
# same pages' test-client tests run on both).
pytestmark = [pytest.mark.browser, pytest.mark.parametrize("app", ["sqlite"], indirect=True)]
PASSWORD = "organiser-password-1"
ORGANISER = ("kim@secretariat.example", PASSWORD)
SHOTS = Path("/tmp/shots/participants")


@pytest.fixture
def newcomers(api, assembly) -> dict:
    """The published General Assembly, two delegates not taking part yet, and an organiser."""
    event_id = assembly["event"]["id"]
    assert api.post(f"/events/{event_id}/publish").status_code == 200
    busan = api.post("/organisations", {
        "slug": "busan", "name": "Busan Metropolitan City", "native_name": "부산광역시",
        "country": "KR", "timezone": "Asia/Seoul", "membership": "associate", "language": "ko",
    }).json  # fmt: skip
    manila = api.post("/organisations", {
        "slug": "manila", "name": "City of Manila", "country": "PH",
        "timezone": "Asia/Manila", "membership": "partner",
    }).json  # fmt: skip
    park = api.post("/delegates", {
        "full_name": "Park Seo-jun", "native_name": "박서준", "email": "seojun@busan.example",
        "organisation_id": busan["id"], "language": "ko", "needs_visa_letter": False,
    }).json  # fmt: skip
    santos = api.post("/delegates", {
        "full_name": "Maria Santos", "email": "maria@manila.example",
        "organisation_id": manila["id"], "dietary_needs": "Vegetarian",
    }).json  # fmt: skip
    create_user("kim@secretariat.example", PASSWORD, UserRole.ORGANISER)
    db.session.commit()
    return {"event_id": event_id, "park": park, "santos": santos, **assembly}


def _shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _add(page, search: str, delegate: dict, role: str) -> None:
    page.get_by_label("Find a delegate to add").fill(search)
    follow(page.get_by_role("search").get_by_role("button", name="Search"))
    page.locator(f"#add-role-{delegate['id']}").select_option(role)
    row = page.locator("table.found tr", has=page.locator(f"#add-role-{delegate['id']}"))
    follow(row.get_by_role("button", name="Add"))


def _participation(delegate_id: int) -> Participation:
    db.session.expire_all()
    return db.session.scalar(
        sa.select(Participation).where(Participation.delegate_id == delegate_id)
    )


def test_an_organiser_adds_delegates_changes_a_role_and_makes_the_packs(
    chromium, live_server, newcomers, pack_worker
):
    event_id, park, santos = newcomers["event_id"], newcomers["park"], newcomers["santos"]
    context = chromium.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server, f"/meetings/{event_id}/participants", ORGANISER)

    _add(page, "박서준", park, "observer")  # by the Hangul name
    assert "박서준 was added." in page.get_by_role("status").inner_text()
    assert _participation(park["id"]).role is ParticipantRole.OBSERVER
    _add(page, "maria SANTOS", santos, "guest")  # by the Latin name, in any case
    assert "Maria Santos was added." in page.get_by_role("status").inner_text()
    assert _participation(santos["id"]).role is ParticipantRole.GUEST
    page.get_by_label("Find a delegate to add").fill("")
    follow(page.get_by_role("search").get_by_role("button", name="Search"))
    table = page.locator("table.participants")
    assert "박서준" in table.inner_text() and "Maria Santos" in table.inner_text()
    _shoot(page, "participants-1280")

    # Kim Min-jun comes as an alternate instead.
    kim = newcomers["participants"][0]["id"]
    page.locator(f"#role-{kim}").select_option("alternate")
    follow(page.get_by_role("button", name="Save 김민준"))
    assert "김민준: role and status saved." in page.get_by_role("status").inner_text()
    assert _participation(newcomers["delegates"][0]["id"]).role is ParticipantRole.ALTERNATE

    # A voting role the organisation has no seat for is refused beside the field.
    page.locator(f"#role-{_participation(santos['id']).id}").select_option("voting-delegate")
    follow(page.get_by_role("button", name="Save Maria Santos"))
    assert "has no vote in this meeting's body" in page.get_by_role("alert").inner_text()
    _shoot(page, "participants-refused-1280")
    assert _participation(santos["id"]).role is ParticipantRole.GUEST

    # Everyone is invited, after the page says how many that is; the history shows it.
    follow(page.get_by_role("link", name="Invite all not yet invited…"))
    total = len(MEMBERS) + 2
    assert f"{total} participants have not been invited yet" in page.inner_text("main")
    _shoot(page, "invite-all-1280")
    follow(page.get_by_role("button", name=f"Send {total} invitations"))
    assert f"on their way to {total} participants" in page.get_by_role("status").inner_text()
    follow(page.get_by_role("link", name="History of 김민준"))
    assert page.locator("h1").inner_text().startswith("김민준")
    assert "invitation" in page.locator("table.history tbody").inner_text()
    _shoot(page, "history-1280")

    # The packs: the bar fills as the worker makes them, then the files are there.
    follow(page.get_by_role("link", name="Packs and badges"))
    page.get_by_role("button", name="Generate all packs").click()
    page.wait_for_url(f"{live_server}/meetings/{event_id}/packs?job=*")
    assert page.locator("progress").get_attribute("max") == str(total)
    page.wait_for_selector("ul.results", timeout=120_000)  # reloaded once the run is done
    assert page.locator("progress").evaluate("bar => [bar.value, bar.max]") == [total, total]
    assert f"{total} of {total} packs" in page.inner_text("main")
    _shoot(page, "packs-done-1280")
    for name in ("All packs (zip)", "Print PDF", "Badge sheet"):
        href = page.get_by_role("link", name=name, exact=True).get_attribute("href")
        response = page.request.get(f"{live_server}{href}")
        assert response.status == 200, (name, response.status)
        assert len(response.body()) > 1000

    page.set_viewport_size({"width": 390, "height": 844})
    _shoot(page, "packs-done-390")
    page.goto(f"{live_server}/meetings/{event_id}/participants?q=Park")
    _shoot(page, "participants-390")
    context.close()


@pytest.mark.parametrize("locale", ["en-GB", "ko-KR"])
def test_the_participants_history_and_packs_pages_pass_axe(
    chromium, live_server, api, newcomers, locale
):
    event_id = newcomers["event_id"]
    api.post(f"/events/{event_id}/invitations")
    job, _started = jobs.start_job(event_id, "a4")
    db.session.commit()
    for part in jobs.chunks(job.id):
        jobs.make_packs(job.id, part)
    jobs.make_badge_sheet(job.id)
    jobs.assemble(job.id)
    context = chromium.new_context(locale=locale, bypass_csp=True)
    page = context.new_page()
    lang = locale[:2]
    sign_in(page, live_server, f"/meetings/{event_id}/participants", ORGANISER)
    violations = {}
    pages = {
        "participants": f"/meetings/{event_id}/participants?q=a&lang={lang}",
        "history": f"/meetings/{event_id}/participants/{newcomers['participants'][0]['id']}"
        f"?lang={lang}",
        "packs": f"/meetings/{event_id}/packs?lang={lang}",
        "remove": f"/meetings/{event_id}/participants/{newcomers['participants'][1]['id']}"
        f"/remove?lang={lang}",
    }
    for name, path in pages.items():
        page.goto(f"{live_server}{path}")
        violations[name] = axe_violations(page)
    assert violations == {name: [] for name in pages}
    context.close()
