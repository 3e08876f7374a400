"""Signing in and out of the pages: where a login may send the browser, sessions that end
when they should (sign-out, password change, deactivation) and are renewed at sign-in."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.extensions import db
from tests.conftest import PASSWORD

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
