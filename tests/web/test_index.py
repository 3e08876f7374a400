"""The landing page a newcomer opens after `make run`."""

from __future__ import annotations

import re
from datetime import timedelta

from planner.db import utcnow
from tests.conftest import event_payload


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
