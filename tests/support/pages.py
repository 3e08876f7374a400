"""Driving the organisers' pages with Flask's test client: a signed-in client, the login form,
the meeting form as a browser sends it and the CSRF token a page carries."""

from __future__ import annotations

import re

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.extensions import db

PASSWORD = "organiser-password-1"


def signed_in_client(app, role: UserRole):
    """A test client signed in through the login page as a new account of ``role``."""
    email = f"{role.value}@secretariat.example"
    create_user(email, PASSWORD, role)
    db.session.commit()
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return client


def post_login(client, email: str, password: str = PASSWORD, next_: str = ""):
    """Send the login form (``next_`` is the query string, e.g. ``?next=/dashboard``)."""
    return client.post(f"/login{next_}", data={"email": email, "password": password})


def meeting_form(**overrides) -> dict:
    """The meeting form as a browser sends it: 10:00–17:00 on 11 May 2027, Seoul time."""
    data = {
        "title": "Seminar on resilient cities",
        "kind": "seminar",
        "timezone": "Asia/Seoul",
        "starts_at": "2027-05-11T10:00",
        "ends_at": "2027-05-11T17:00",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def csrf_token(html: str) -> str:
    """The CSRF token of the (first) form in a page."""
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
