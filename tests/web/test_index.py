"""The landing page a newcomer opens after `make run`."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.db import utcnow
from planner.extensions import db
from tests.conftest import PASSWORD, event_payload


def test_landing_page_lists_published_meetings_with_titles_escaped(app, api, organisation):
    start = utcnow() + timedelta(days=10)
    shown = api.post(
        "/events",
        event_payload(
            title="<script>alert('x')</script> 총회 & more",
            starts_at=start.isoformat(),
            ends_at=(start + timedelta(hours=3)).isoformat(),
        ),
    ).json
    api.post(f"/events/{shown['id']}/publish")
    api.post(
        "/events",
        event_payload(
            title="Draft meeting",
            starts_at=start.isoformat(),
            ends_at=(start + timedelta(hours=3)).isoformat(),
        ),
    )
    confidential = api.post(
        "/events",
        event_payload(
            title="Closed-door dinner",
            confidential=True,
            starts_at=start.isoformat(),
            ends_at=(start + timedelta(hours=3)).isoformat(),
        ),
    ).json
    api.post(f"/events/{confidential['id']}/publish")

    page = app.test_client().get("/").get_data(as_text=True)

    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; 총회 &amp; more" in page
    assert "<script>alert" not in page
    assert "Draft meeting" not in page and "Closed-door dinner" not in page
    assert re.search(r"<strong>1</strong>\s*full members", page)


def test_pages_fall_back_on_the_packs_fonts_for_scripts_the_reader_lacks(app):
    """Every font app.css names is served (a kiosk at the registration desk may have no Hangul
    or Thai font); nothing else in the fonts folder is."""
    client = app.test_client()
    css = client.get("/static/app.css").get_data(as_text=True)
    files = re.findall(r'url\("\.\./fonts/([^"]+)"\)', css)
    assert {"ipaexg.ttf", "NotoSansThai-Regular.ttf", "NotoSansKhmer-Regular.ttf"} <= set(files)
    for name in files:
        response = client.get(f"/fonts/{name}")
        assert response.status_code == 200 and response.content_type == "font/ttf", name
        assert response.data[:4] == b"\x00\x01\x00\x00"  # a TrueType outline font
    assert client.get("/fonts/LICENSES.md").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/meetings/999999",
        "/meetings/999999/edit",
        "/meetings/999999/sessions/new",
        "/meetings/999999/participants",
        "/meetings/999999/packs",
        "/members/999999",
        "/bodies/no-such-body",
        "/bodies/no-such-body/seats/1/end",
    ],
)
def test_every_area_answers_something_missing_with_the_same_page(app, path):
    create_user("lee@secretariat.example", PASSWORD, UserRole.ORGANISER)
    db.session.commit()
    client = app.test_client()
    client.post("/login", data={"email": "lee@secretariat.example", "password": PASSWORD})
    response = client.get(path)
    assert response.status_code == 404 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "There is nothing at this address." in html and "<nav" in html
