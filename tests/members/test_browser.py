"""An organiser works with the directory in a real browser, on the demo network (131 members,
252 delegates): searches by a Hangul and a Latin name, filters by country, opens an
organisation and a body, and adds a seat after a refused first try. The directory's pages
pass axe-core's serious and critical checks; screenshots at desktop and phone widths are kept
under /tmp/shots/directory/ for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from planner.demo.loader import DEMO_ORGANISER, load_demo
from planner.extensions import db
from planner.members.models import Body, BodySeat, Delegate, Organisation
from tests.support.browser import axe_violations, follow, sign_in

# What a browser adds is the same on either database: SQLite, as `make run` serves it (the
# same pages' test-client tests run on both).
pytestmark = [pytest.mark.browser, pytest.mark.parametrize("app", ["sqlite"], indirect=True)]
SHOTS = Path("/tmp/shots/directory")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo(app) -> None:
    load_demo()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _listed(page) -> list[str]:
    return page.locator("table.directory tbody th > a .latin").all_inner_texts()


def _employers(name: str) -> list[str]:
    """The names of the organisations of the delegates so named, sorted."""
    employing = sa.select(Delegate.organisation_id).where(
        sa.or_(Delegate.native_name.contains(name), Delegate.full_name.contains(name))
    )
    return sorted(
        db.session.scalars(sa.select(Organisation.name).where(Organisation.id.in_(employing)))
    )


def _outsider() -> Organisation:
    """A full member without a seat on the Executive Committee."""
    seated = (
        sa.select(BodySeat.organisation_id)
        .join(Body, Body.id == BodySeat.body_id)
        .where(Body.slug == "executive-committee")
    )
    return db.session.scalars(
        sa.select(Organisation)
        .where(Organisation.id.not_in(seated), Organisation.membership == "full")
        .order_by(Organisation.name)
    ).first()


def test_an_organiser_searches_opens_an_organisation_and_adds_a_seat(chromium, live_server, demo):
    outsider = _outsider()
    context = chromium.new_context(locale="en-GB", viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, live_server, "/members", DEMO_ORGANISER)
    assert "131 of 131 organisations" in page.get_by_role("status").inner_text()
    _shot(page, "members-desktop")

    search = page.get_by_label("Name, city or delegate")
    search.fill("김민준")  # a delegate's Hangul name
    follow(page.get_by_role("button", name="Search"))
    assert sorted(_listed(page)) == _employers(
        "김민준"
    ) and "Seoul Metropolitan Government" in _listed(page)
    assert search.input_value() == "김민준"

    search.fill("Yamada")  # a delegate's Latin name
    follow(page.get_by_role("button", name="Search"))
    assert sorted(_listed(page)) == _employers("Yamada") == ["Kyoto City"]

    search.fill("")
    page.get_by_label("Country").select_option("JP")
    follow(page.get_by_role("button", name="Search"))
    assert "country=JP" in page.url
    japanese = _listed(page)
    assert japanese and "City of Yokohama" in japanese
    assert page.get_by_label("Country").input_value() == "JP"
    _shot(page, "members-filtered-desktop")

    follow(page.get_by_role("link", name="City of Yokohama"))
    assert "City of Yokohama" in page.locator("h1").inner_text()
    assert page.get_by_role("heading", name="Delegates").is_visible()
    _shot(page, "organisation-desktop")

    follow(page.get_by_role("link", name="Executive Committee").first)
    assert "Executive Committee" in page.locator("h1").inner_text()
    current = page.locator("h2", has_text="Current seats").inner_text()

    form = page.locator("form.directory-form[action*='/seats']")
    form.get_by_label("Organisation").select_option(str(outsider.id))
    form.get_by_label("Role").select_option("member")
    form.get_by_label("Term starts").fill("2030-01-01")
    form.get_by_label("Term ends (optional)").fill("2029-12-31")
    follow(form.get_by_role("button", name="Add the seat"))
    alert = page.get_by_role("alert")
    assert "The term cannot end before it starts." in alert.inner_text()
    end = page.locator("#term_end")
    assert end.get_attribute("aria-invalid") == "true"
    assert "before it starts" in page.locator("#term_end-error").inner_text()
    assert page.locator("#organisation_id").input_value() == str(outsider.id)  # kept
    _shot(page, "body-seat-refused-desktop")

    end.fill("")
    page.locator("#term_start").fill(page.evaluate("new Date().toISOString().slice(0, 10)"))
    follow(form.get_by_role("button", name="Add the seat"))
    flash = page.locator(".flash").inner_text()
    assert f"{outsider.name} now holds a seat on Executive Committee as Member." in flash
    assert page.locator("h2", has_text="Current seats").inner_text() != current
    _shot(page, "body-desktop")
    context.close()


def test_the_directory_reads_well_on_a_phone(chromium, live_server, demo):
    context = chromium.new_context(locale="ko-KR", viewport=PHONE)
    page = context.new_page()
    sign_in(page, live_server, "/members?country=KR", DEMO_ORGANISER)
    _shot(page, "members-phone-ko")
    follow(page.locator("table.directory tbody a").first)
    _shot(page, "organisation-phone-ko")
    page.goto(f"{live_server}/bodies")
    _shot(page, "bodies-phone-ko")
    page.goto(f"{live_server}/bodies/executive-committee")
    _shot(page, "body-phone-ko")
    overflowing = page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    assert not overflowing  # wide tables scroll inside their box, not the page
    context.close()


@pytest.mark.parametrize("locale", ["en-GB", "ko-KR"])
def test_directory_pages_have_no_serious_accessibility_violations(
    chromium, live_server, demo, locale
):
    context = chromium.new_context(locale=locale, bypass_csp=True, viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, live_server, "/members", DEMO_ORGANISER)
    violations = axe_violations(page)
    follow(page.locator("table.directory tbody a").first)
    violations += axe_violations(page)
    page.goto(f"{live_server}/bodies")
    violations += axe_violations(page)
    page.goto(f"{live_server}/bodies/executive-committee")
    violations += axe_violations(page)
    # The seat form sent empty: refused, errors shown.
    follow(page.locator("form.directory-form[action*='/seats'] button[type=submit]"))
    violations += axe_violations(page)
    follow(page.locator("a.button.small").first)  # the confirmation before ending a term
    violations += axe_violations(page)
    if locale == "en-GB":
        _shot(page, "end-seat-desktop")
    context.close()
    assert violations == []
