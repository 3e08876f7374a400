"""Organisers sign in and watch their meetings: login (throttling:
tests/auth/test_sign_in_throttle.py) and safe redirects, the dashboard's answers, quorum
forecast and failed e-mails, in statements that do not grow."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.events.models import ParticipantStatus
from planner.extensions import db
from planner.notifications.models import MessageKind, MessageStatus, OutboxMessage
from tests.conftest import make_app
from tests.support.dashboard import add_meeting, add_network
from tests.support.pages import post_login
from tests.support.queries import counted_statements

PASSWORD = "organiser-password-1"
FUTURE = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)


@pytest.fixture
def organiser(app):
    create_user("kim@secretariat.example", PASSWORD, UserRole.ORGANISER)
    db.session.commit()
    return "kim@secretariat.example"


def test_the_dashboard_asks_for_a_login_and_comes_back_after_it(app, organiser):
    client = app.test_client()
    response = client.get("/dashboard")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    signed_in = post_login(client, organiser, next_="?next=/dashboard")
    assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/dashboard"
    assert client.get("/dashboard").status_code == 200
    cookie = signed_in.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_a_login_never_redirects_to_another_site(app, organiser):
    response = post_login(app.test_client(), organiser, next_="?next=//evil.example/x")
    assert response.headers["Location"] == "/dashboard"


def test_sign_out(app, organiser):
    client = app.test_client()
    post_login(client, organiser)
    assert client.post("/logout").headers["Location"] == "/login"
    assert client.get("/dashboard").status_code == 302


@pytest.mark.parametrize(("base_url", "secure"), [("https://planner.example", True),
                                                   ("http://127.0.0.1:5000", False)])  # fmt: skip
def test_session_cookies_are_secure_behind_https(app, organiser, tmp_path, base_url, secure):
    served = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, PLANNER_BASE_URL=base_url)
    with served.app_context():
        response = post_login(served.test_client(), organiser)
    assert ("Secure" in response.headers["Set-Cookie"]) is secure


def test_the_dashboard_counts_answers_forecasts_quorum_and_lists_failed_mail(app, organiser):
    body, delegates = add_network(seats=5)
    accepted, tentative = ParticipantStatus.ACCEPTED, ParticipantStatus.TENTATIVE
    committee = add_meeting(1, body, delegates, [accepted, accepted, tentative,
                                              ParticipantStatus.DECLINED])  # fmt: skip
    add_meeting(2, None, delegates, [ParticipantStatus.INVITED] * 5)
    db.session.flush()
    db.session.add(OutboxMessage(
        idempotency_key="invitation:1:0", kind=MessageKind.INVITATION, event_id=committee.id,
        participation_id=committee.participations[3].id, recipient="d3@example.org",
        calendar_method="REQUEST", calendar_status="CONFIRMED", sequence=0,
        status=MessageStatus.FAILED, last_error="550 mailbox unavailable",
    ))  # fmt: skip
    db.session.commit()
    client = app.test_client()
    post_login(client, organiser)
    html = client.get("/dashboard").get_data(as_text=True)
    assert "Meeting 1 &lt;b&gt;bold&lt;/b&gt;" in html and "<b>bold</b>" not in html
    assert "accepted: <strong>2</strong>" in html and "tentative: <strong>1</strong>" in html
    assert "declined: <strong>1</strong>" in html and "no answer: <strong>5</strong>" in html
    # 5 voting seats: a majority is 3; 2 accepted (3 with the tentative one).
    assert "2 of 3 voting members needed have accepted (3 with tentative answers)" in html
    assert "not reached yet" in html
    assert "550 mailbox unavailable" in html and "d3@example.org" in html


def test_the_dashboard_costs_the_same_statements_for_3_or_20_meetings(app, organiser):
    body, delegates = add_network(seats=4)
    for n in range(3):
        add_meeting(n, body if n % 2 else None, delegates, [ParticipantStatus.ACCEPTED] * 4)
    db.session.commit()
    client = app.test_client()
    post_login(client, organiser)
    client.get("/dashboard")  # warm-up
    with counted_statements() as few:
        assert client.get("/dashboard").status_code == 200
    for n in range(3, 20):
        add_meeting(n, body if n % 2 else None, delegates, [ParticipantStatus.TENTATIVE] * 4)
    db.session.commit()
    with counted_statements() as many:
        assert client.get("/dashboard").status_code == 200
    assert len(many) == len(few), (few, many)
