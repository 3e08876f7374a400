"""The Agenda tab in Chromium, under the page's own Content-Security-Policy: an organiser
orders the items by the Up button, by dragging and by the arrow keys on a handle; the page
passes axe-core's serious and critical checks in every language."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.events.models import Event
from planner.extensions import db
from planner.governance.agenda import queries, service
from tests.support.browser import axe_violations, follow, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("app", ["sqlite"], indirect=True)]
ORGANISER = ("kim@secretariat.example", "organiser-password-1")


@pytest.fixture
def agenda(app, meeting) -> dict[str, int]:
    create_user(*ORGANISER, UserRole.ORGANISER)
    event = db.session.get(Event, meeting["id"])
    items = {}
    for title, kind in (
        ("Opening", "procedural"),
        ("Reports", "report"),
        ("Elections", "election"),
    ):
        items[title] = service.add(event, {"title": title, "kind": kind}).id
    for title in ("Activity report", "Financial report"):
        items[title] = service.add(event, {"title": title, "parent_id": items["Reports"]}).id
    db.session.commit()
    return items


def _order(event_id: int) -> list[tuple[str, str]]:
    db.session.expire_all()
    return [(e.number, e.item.title) for e in queries.flat(queries.agenda(event_id))]


def _row(page, item_id: int):
    return page.locator(f"#item-{item_id} > .agenda-row")


def test_an_organiser_orders_the_agenda_by_button_by_dragging_and_by_keys(
    chromium, live_server, meeting, agenda, tmp_path
):
    event_id = meeting["id"]
    context = chromium.new_context(locale="en-GB")  # the CSP applies: the script is ours
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: "Content Security Policy" in message.text
            and errors.append(message.text))  # fmt: skip
    sign_in(page, live_server, f"/meetings/{event_id}/agenda", ORGANISER)

    follow(_row(page, agenda["Elections"]).get_by_role("button", name="Up item 3"))
    expect(page.locator("p.flash")).to_have_text("“Elections” is now item 2.")
    assert [t for _n, t in _order(event_id)][:3] == ["Opening", "Elections", "Reports"]

    # Drag "Reports" (now 3) by its handle onto the top half of "Opening": it goes first.
    handle = _row(page, agenda["Reports"]).locator("[data-drag-handle]")
    expect(handle).to_be_visible()
    with page.expect_navigation():
        handle.drag_to(_row(page, agenda["Opening"]), target_position={"x": 20, "y": 3})
    expect(page.locator("p.flash")).to_have_text("The new order is saved.")
    assert _order(event_id) == [
        ("1", "Reports"),
        ("1.1", "Activity report"),
        ("1.2", "Financial report"),
        ("2", "Opening"),
        ("3", "Elections"),
    ]
    numbers = page.locator(".agenda-number")
    expect(numbers).to_have_text(["1", "1.1", "1.2", "2", "3"])
    expect(page.locator(".agenda-title strong").first).to_have_text("Reports")

    # A sub-item moves within its item, from the keyboard; its handle has the focus again.
    sub = _row(page, agenda["Financial report"]).locator("[data-drag-handle]")
    sub.focus()
    with page.expect_navigation():
        page.keyboard.press("ArrowUp")
    assert _order(event_id)[1:3] == [("1.1", "Financial report"), ("1.2", "Activity report")]
    expect(_row(page, agenda["Financial report"]).locator("[data-drag-handle]")).to_be_focused()
    page.screenshot(path=str(tmp_path / "agenda.png"), full_page=True)
    context.close()
    assert errors == []  # no script refused by the Content-Security-Policy, no exception


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR", "ko-KR"])
def test_the_agenda_pages_have_no_serious_accessibility_violations(
    chromium, live_server, meeting, agenda, locale
):
    event_id = meeting["id"]
    context = chromium.new_context(locale=locale, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server, f"/meetings/{event_id}/agenda", ORGANISER)
    violations = axe_violations(page)
    page.goto(f"{live_server}/meetings/{event_id}/agenda/{agenda['Reports']}")
    violations += axe_violations(page)
    context.close()
    assert violations == []
