"""The import page in Chromium: an organiser uploads an XLSX with two bad rows, sees them
refused in the preview, fixes the file and imports it; the page (form, preview, refusals,
the import done) and the directory's download links pass axe-core's serious and critical
checks in en, fr and ko."""

from __future__ import annotations

import pytest

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.extensions import db
from planner.members.models import Delegate
from tests.conftest import row_count
from tests.sheets.files import DELEGATE_HEADINGS, delegate_rows, xlsx
from tests.support.browser import axe_violations, follow, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("app", ["sqlite"], indirect=True)]

ORGANISER = ("importer@secretariat.example", "spreadsheet-importer-1")
GOOD = delegate_rows(3)
BAD = [
    ["kim@seoul.example", "Kim Min-jun", "김민준", "atlantis", "no"],  # no such organisation
    ["lee@seoul.example", "Lee Seo-yeon", "이서연", "seoul", "perhaps"],  # not yes or no
]


@pytest.fixture
def organiser(organisation):
    create_user(ORGANISER[0], ORGANISER[1], UserRole.ORGANISER)
    db.session.commit()


def _preview(page, path) -> None:
    page.locator("#kind").select_option("delegates")
    page.locator("#file").set_input_files(str(path))
    follow(page.locator("main form button[type=submit]").first)


def test_an_organiser_fixes_two_bad_rows_and_imports(chromium, live_server, organiser, tmp_path):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server, "/members/import", ORGANISER)
    broken = tmp_path / "delegates.xlsx"
    broken.write_bytes(xlsx([DELEGATE_HEADINGS, *GOOD, *BAD]))
    _preview(page, broken)
    assert page.locator("tr.import-refused").count() == 2
    assert page.locator("tr.import-create").count() == 3
    assert "atlantis" in page.locator("#row-5").inner_text()
    assert "yes or no" in page.locator("#row-6").inner_text()
    assert page.locator("[role=alert]").is_visible()
    assert page.get_by_role("button", name="Import these rows").count() == 0
    assert row_count(Delegate) == 0

    fixed = tmp_path / "delegates-fixed.xlsx"
    repaired = [[*BAD[0][:3], "seoul", "no"], [*BAD[1][:4], "yes"]]
    fixed.write_bytes(xlsx([DELEGATE_HEADINGS, *GOOD, *repaired]))
    _preview(page, fixed)
    assert page.locator("tr.import-refused").count() == 0
    follow(page.get_by_role("button", name="Import these rows"))
    assert "5 created" in page.locator("main").inner_text()
    db.session.expire_all()
    assert row_count(Delegate) == 5
    context.close()


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR", "ko-KR"])
def test_the_pages_have_no_serious_accessibility_violations(
    chromium, live_server, organiser, tmp_path, locale
):
    context = chromium.new_context(locale=locale, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server, "/members/import", ORGANISER)
    violations = axe_violations(page)
    broken = tmp_path / "delegates.xlsx"
    broken.write_bytes(xlsx([DELEGATE_HEADINGS, *GOOD, *BAD]))
    _preview(page, broken)
    violations += axe_violations(page)
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx([DELEGATE_HEADINGS, *GOOD]))
    _preview(page, good)
    violations += axe_violations(page)
    follow(page.locator("form[action$='/confirm'] button"))
    violations += axe_violations(page)
    page.goto(f"{live_server}/members")
    violations += axe_violations(page)
    context.close()
    assert violations == []
