"""The RSVP page a delegate's invitation links to: the meeting in both their times, the answer
with their needs, CSRF, closing at the deadline, a removed delegate's dead link, escaping,
languages and the security headers."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from planner.db import utcnow
from planner.events.models import Event, ParticipantStatus, Participation
from planner.extensions import db
from planner.members.models import Delegate
from tests.conftest import make_app
from tests.support.pages import csrf_token


def test_the_page_shows_the_meeting_in_the_meetings_and_the_delegates_time(app, invitation):
    response = app.test_client().get(f"/rsvp/{invitation.rsvp_token}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "2027-05-11 10:00 (Asia/Seoul) · 2027-05-11 08:00 (Asia/Bangkok)" in html
    assert "Seoul City Hall" in html
    assert "สมชาย ใจดี" in html
    assert "Voting delegate" not in html and "Guest" in html
    # The title is text, never markup.
    assert "<script>alert(1)</script>" not in html
    assert "Seminar &lt;script&gt;alert(1)&lt;/script&gt; on cities" in html
    # Subscribe links and the pack, through the delegate's own secrets.
    delegate = invitation.delegate
    assert f"webcal://planner.example/calendar/delegates/{delegate.calendar_token}.ics" in html
    assert f"/rsvp/{invitation.rsvp_token}/pack.pdf" in html


def test_accepting_with_needs_saves_them_and_the_answer_can_change(app, invitation):
    client = app.test_client()
    url = f"/rsvp/{invitation.rsvp_token}"
    response = client.post(url, data={
        "answer": "accepted", "dietary_needs": "Halal", "accessibility_needs": "",
        "needs_visa_letter": "y",
    })  # fmt: skip
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    db.session.expire_all()
    participation = db.session.get(Participation, invitation.id)
    assert participation.status is ParticipantStatus.ACCEPTED
    assert participation.responded_at is not None
    delegate = db.session.get(Delegate, participation.delegate_id)
    assert (delegate.dietary_needs, delegate.accessibility_needs) == ("Halal", None)
    assert delegate.needs_visa_letter is True
    page = client.get(url).get_data(as_text=True)
    assert "your answer is saved" in page
    assert re.search(r'<input checked[^>]*value="accepted"', page)
    client.post(url, data={"answer": "declined"})
    db.session.expire_all()
    assert db.session.get(Participation, invitation.id).status is ParticipantStatus.DECLINED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"answer": "maybe"}, "Not a valid choice"),
        ({}, "Choose one of the answers."),
        ({"answer": "accepted", "dietary_needs": "x" * 501}, "must be at most 500 characters"),
    ],
)
def test_bad_answers_are_refused_on_the_form_and_nothing_changes(app, invitation, data, message):
    response = app.test_client().post(f"/rsvp/{invitation.rsvp_token}", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    participation = db.session.get(Participation, invitation.id)
    assert participation.status is ParticipantStatus.INVITED
    assert db.session.get(Delegate, participation.delegate_id).dietary_needs is None


def test_a_form_without_its_csrf_token_is_refused(app, invitation, tmp_path):
    guarded = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, WTF_CSRF_ENABLED=True)
    with guarded.app_context():
        client = guarded.test_client()
        url = f"/rsvp/{invitation.rsvp_token}"
        refused = client.post(url, data={"answer": "accepted"})
        assert refused.status_code == 400
        token = csrf_token(client.get(url).get_data(as_text=True))
        accepted = client.post(url, data={"answer": "accepted", "csrf_token": token})
        assert accepted.status_code == 302
    db.session.expire_all()
    assert db.session.get(Participation, invitation.id).status is ParticipantStatus.ACCEPTED


def test_answers_close_at_the_registration_deadline(app, invitation):
    event = db.session.get(Event, invitation.event_id)
    event.registration_deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()
    client = app.test_client()
    url = f"/rsvp/{invitation.rsvp_token}"
    assert "Answers to this meeting are closed." in client.get(url).get_data(as_text=True)
    refused = client.post(url, data={"answer": "accepted"})
    assert refused.status_code == 422
    assert "Answers to this meeting are closed." in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Participation, invitation.id).status is ParticipantStatus.INVITED


def test_a_removed_delegates_link_stops_working(app, api, invitation):
    token = invitation.rsvp_token
    invitation.invited_at = utcnow()
    db.session.commit()
    api.delete(f"/events/{invitation.event_id}/participants/{invitation.id}")
    response = app.test_client().get(f"/rsvp/{token}")
    assert response.status_code == 404
    assert "This invitation link is not valid" in response.get_data(as_text=True)
    assert app.test_client().post(f"/rsvp/{token}", data={"answer": "accepted"}).status_code == 404


def test_the_language_follows_the_browser_then_the_readers_choice(app, invitation):
    client = app.test_client()
    url = f"/rsvp/{invitation.rsvp_token}"
    korean = client.get(url, headers={"Accept-Language": "ko-KR,ko;q=0.9"})
    assert '<html lang="ko">' in korean.get_data(as_text=True)
    assert "참석합니다" in korean.get_data(as_text=True)
    chosen = client.get(f"{url}?lang=fr", headers={"Accept-Language": "ko"})
    assert "Set-Cookie" in chosen.headers and "lang=fr" in chosen.headers["Set-Cookie"]
    remembered = client.get(url, headers={"Accept-Language": "ko"}).get_data(as_text=True)
    assert '<html lang="fr">' in remembered and "Je participerai" in remembered


def test_pages_carry_a_strict_content_security_policy(app, invitation):
    response = app.test_client().get(f"/rsvp/{invitation.rsvp_token}")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    html = response.get_data(as_text=True)
    assert "<script" not in html.replace("&lt;script", "") and "<style" not in html
    assert ' style="' not in html


def test_a_pack_link_refused_says_why_on_a_page_of_the_site(app, invitation):
    """A refusal behind a delegate's pack link (a paper size the packs do not come in, a link
    that finds nothing) is a page with the site's look, not a bare line of text."""
    client = app.test_client()
    refused = client.get(f"/rsvp/{invitation.rsvp_token}/pack.pdf?paper=folio")
    assert refused.status_code == 422 and refused.mimetype == "text/html"
    html = refused.get_data(as_text=True)
    assert "Not possible" in html and "unknown paper size" in html and "<nav" in html
    unknown = client.get(f"/rsvp/{invitation.rsvp_token}x/pack.pdf")
    assert unknown.status_code == 404 and unknown.mimetype == "text/html"
    assert "There is nothing at this address." in unknown.get_data(as_text=True)
