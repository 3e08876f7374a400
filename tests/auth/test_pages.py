"""Signing in and out of the pages: where a login may send the browser, sessions that end
when they should (sign-out, password change, deactivation) and are renewed at sign-in."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.extensions import db
from tests.conftest import PASSWORD, make_app

EMAIL = "kim@secretariat.example"


@pytest.fixture
def organiser(app):
    create_user(EMAIL, PASSWORD, UserRole.ORGANISER)
    db.session.commit()
    return EMAIL


def _sign_in(client, next_: str | None = None):
    query = {} if next_ is None else {"next": next_}
    return client.post("/login", query_string=query, data={"email": EMAIL, "password": PASSWORD})


# Where a login goes next ----------------------------------------------------------------------

HOSTILE_NEXT = [
    "/\t/evil.example",
    "/%09/evil.example",
    "\t//evil.example",
    "/\r\n/evil.example",
    "/\nSet-Cookie: x=1",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "https://evil.example/",
    "HTTPS://evil.example/",
    "javascript:alert(1)",
    " javascript:alert(1)",
    "/\u3000/evil.example",  # ideographic space
    "/\u00a0/evil.example",  # no-break space
    "/\u2028/evil.example",  # line separator
    "/\x00/evil.example",
    "/\x7f/evil.example",
    "evil.example",
    "/" + "a" * 20_000,
]


def _browser_would_stay(location: str) -> bool:
    """What a browser does with the Location: it drops tabs and newlines and reads a
    backslash as a slash; the result must be a path on this host."""
    cleaned = "".join(c for c in location if c not in "\t\r\n").replace("\\", "/")
    parts = urlsplit(cleaned)
    return not parts.scheme and not parts.netloc and cleaned.startswith("/")


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_a_login_sends_only_to_a_path_on_this_site(app, organiser, target):
    response = _sign_in(app.test_client(), target)
    if "\x00" in target:  # no URL may hold a NUL (planner.input_guard): refused outright
        assert response.status_code == 400
        return
    assert response.status_code == 302
    location = response.headers["Location"]
    assert _browser_would_stay(location), location
    assert location == "/dashboard" or location.startswith("/")
    assert len(location) < 4096


@pytest.mark.parametrize(
    "target", ["/meetings/3/participants?status=invited", "/%2F%2Fevil", "/members#x"]
)
def test_a_login_goes_back_to_the_page_that_asked_for_it(app, organiser, target):
    location = _sign_in(app.test_client(), target).headers["Location"]
    assert location == target


# Sessions -------------------------------------------------------------------------------------


def _session_cookie(client) -> str:
    cookie = client.get_cookie("session")
    return cookie.value if cookie else ""


def _saved_session(client):
    """A copy of the browser's cookie, as someone who saved it would keep it."""
    return _session_cookie(client)


def _with_cookie(app, value: str):
    client = app.test_client()
    client.set_cookie("session", value)
    return client


def _opens_dashboard(client) -> bool:
    response = client.get("/dashboard")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def test_a_saved_cookie_no_longer_opens_the_pages_after_sign_out(app, organiser):
    client = app.test_client()
    _sign_in(client)
    saved = _saved_session(client)
    assert _opens_dashboard(_with_cookie(app, saved))
    assert client.post("/logout").headers["Location"] == "/login"
    assert not _opens_dashboard(client)
    replayed = _with_cookie(app, saved)
    response = replayed.get("/dashboard")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    # Nor does the API take it in place of a token.
    assert replayed.get("/api/v1/events").status_code == 401


def test_sign_in_starts_a_new_session(app, organiser):
    client = app.test_client()
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    before = _session_cookie(client)
    _sign_in(client)
    after = _session_cookie(client)
    assert after and after != before
    with client.session_transaction() as session:
        assert "planted" not in session


@pytest.mark.parametrize("change", ["password", "deactivation"])
def test_a_password_change_or_deactivation_ends_every_session(app, organiser, change):
    from planner.auth import service

    client = app.test_client()
    _sign_in(client)
    saved = _saved_session(client)
    user = service.user_by_email(EMAIL)
    if change == "password":
        service.set_password(user, "a brand new password")
    else:
        service.deactivate_user(user)
    db.session.commit()
    assert not _opens_dashboard(client)
    assert not _opens_dashboard(_with_cookie(app, saved))


def test_a_session_lasts_hours_not_a_month(app, organiser):
    assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=8)
    client = app.test_client()
    response = _sign_in(client)
    expires = client.get_cookie("session").expires
    assert expires is not None
    assert timedelta(hours=7) < expires - datetime.now(UTC) <= timedelta(hours=8)
    assert response.status_code == 302


def test_a_session_older_than_its_lifetime_is_refused(tmp_path):
    database = f"sqlite:///{tmp_path / 'short.db'}"
    app = make_app(database, tmp_path, PERMANENT_SESSION_LIFETIME=timedelta(seconds=1))
    with app.app_context():
        db.create_all()
        create_user(EMAIL, PASSWORD, UserRole.ORGANISER)
        db.session.commit()
        client = app.test_client()
        _sign_in(client)
        assert _opens_dashboard(client)
        time.sleep(2.1)
        assert not _opens_dashboard(client)
        db.engine.dispose()
