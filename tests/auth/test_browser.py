"""An admin manages accounts in a real browser: is refused deactivating the last admin (the
message in that account's row), makes an organiser a viewer, and the page passes axe-core's
serious and critical checks. Screenshots at desktop and phone widths are kept under
/tmp/shots/accounts/ for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.auth.models import UserRole
from planner.auth.service import create_user, user_by_email
from planner.extensions import db
from tests.conftest import PASSWORD
from tests.support.browser import axe_violations, follow, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("app", ["sqlite"], indirect=True)]
SHOTS = Path("/tmp/shots/accounts")
ADMIN = "admin@secretariat.example"


@pytest.fixture
def accounts(app) -> None:
    create_user(ADMIN, PASSWORD, UserRole.ADMIN)
    for email, role in [
        ("kim@secretariat.example", UserRole.ORGANISER),
        ("reader@secretariat.example", UserRole.VIEWER),
    ]:
        create_user(email, PASSWORD, role)
    db.session.commit()


def _row(page, email: str):
    return page.locator("table.accounts tbody tr", has_text=email)


DESKTOP = ({"width": 1280, "height": 800}, "en-GB")
PHONE = ({"width": 390, "height": 844}, "ko-KR")


@pytest.mark.parametrize("viewport, locale", [DESKTOP, PHONE])
def test_an_admin_changes_a_role_and_is_refused_removing_the_last_admin(
    chromium, live_server, accounts, viewport, locale
):
    context = chromium.new_context(locale=locale, viewport=viewport, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server, "/admin/users", (ADMIN, PASSWORD))
    follow(_row(page, ADMIN).locator("button[value=deactivate]"))
    assert page.locator("tr.row-errors [role=alert]").inner_text().count(ADMIN) == 1
    assert axe_violations(page) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"refused-{viewport['width']}.png"), full_page=True)

    row = _row(page, "kim@secretariat.example")
    row.locator("select").select_option("viewer")
    row.locator("button[value=role]").click()
    page.wait_for_url(f"{live_server}/admin/users")
    assert page.locator(".flash").count() == 1
    page.screenshot(path=str(SHOTS / f"changed-{viewport['width']}.png"), full_page=True)
    db.session.expire_all()
    assert user_by_email("kim@secretariat.example").role is UserRole.VIEWER
    assert user_by_email(ADMIN).active
    context.close()
