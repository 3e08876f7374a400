"""The Minutes tab: organisers write the summary and each item's text with a plain form; a
text too long comes back beside its field with nothing written; viewers and approved minutes
are read-only; anonymous readers are sent to sign in."""

from __future__ import annotations

from planner.auth.models import UserRole
from planner.extensions import db
from planner.governance.models import AgendaItem, Minutes
from tests.conftest import row_count
from tests.support.minutes import MARKUP, later_meeting
from tests.support.pages import signed_in_client


def _page(event_id: int) -> str:
    return f"/meetings/{event_id}/minutes"


def test_organisers_write_the_draft_with_a_plain_form(app, minuted):
    client = signed_in_client(app, UserRole.ORGANISER)
    page = client.get(_page(minuted["event_id"]))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'aria-current="page">Minutes</a>' in html
    assert f'name="item_{minuted["opening_id"]}"' in html and "2.1. Welcome address" in html
    assert "minutes.pdf?lang=ko" in html and "Draft" in html
    assert "서울특별시" in html and "GA/" in html
    sent = client.post(_page(minuted["event_id"]), data={
        "summary": "Calm.", f"item_{minuted['opening_id']}": MARKUP,
    })  # fmt: skip
    assert sent.status_code == 303
    db.session.expire_all()
    assert db.session.get(AgendaItem, minuted["opening_id"]).minutes_text == MARKUP
    again = client.get(_page(minuted["event_id"])).get_data(as_text=True)
    assert "&lt;b&gt;not bold&lt;/b&gt;" in again and "<b>not bold</b>" not in again


def test_a_text_too_long_is_shown_beside_its_field_and_nothing_is_written(app, minuted):
    client = signed_in_client(app, UserRole.ORGANISER)
    field = f"item_{minuted['opening_id']}"
    sent = client.post(_page(minuted["event_id"]), data={"summary": "Calm.",
                                                         field: "x" * 20_001})  # fmt: skip
    html = sent.get_data(as_text=True)
    assert sent.status_code == 422
    assert f'id="{field}-error"' in html
    assert row_count(Minutes) == 0


def test_viewers_and_approved_minutes_are_read_only(app, api, minuted):
    viewer = signed_in_client(app, UserRole.VIEWER)
    html = viewer.get(_page(minuted["event_id"])).get_data(as_text=True)
    assert "<textarea" not in html and "Minutes" in html
    assert viewer.post(_page(minuted["event_id"]), data={"summary": "No."}).status_code == 403
    later = later_meeting(api)
    approve = api.post(f"/events/{minuted['event_id']}/minutes/approve",
                       {"vote_id": later["vote_id"]})  # fmt: skip
    assert approve.status_code == 200
    organiser = signed_in_client(app, UserRole.ORGANISER)
    html = organiser.get(_page(minuted["event_id"])).get_data(as_text=True)
    assert "<textarea" not in html and "Assembly +180, version 1" in html
    refused = organiser.post(_page(minuted["event_id"]), data={"summary": "Rewritten."})
    assert refused.status_code == 409
    assert "can no longer change" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.query(Minutes).one().summary is None


def test_anonymous_readers_are_sent_to_sign_in(app, minuted):
    response = app.test_client().get(_page(minuted["event_id"]))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_organisers_record_the_approval_by_a_later_meetings_vote(app, api, minuted):
    event_id = minuted["event_id"]
    client = signed_in_client(app, UserRole.ORGANISER)
    html = client.get(_page(event_id)).get_data(as_text=True)
    assert "No adopted vote of a later meeting can approve these minutes yet." in html
    # Adopted votes of an Assembly held before this one, and of one held after it.
    earlier = later_meeting(api, days=-180)["vote_id"]
    later = later_meeting(api, days=180)["vote_id"]
    html = client.get(_page(event_id)).get_data(as_text=True)
    assert f'<option value="{later}">' in html and f'<option value="{earlier}">' not in html
    # A vote that cannot approve them (sent all the same) is refused beside the field.
    refused = client.post(_page(event_id) + "/approve", data={"vote_id": earlier})
    assert refused.status_code == 422 and 'id="vote_id-error"' in refused.get_data(as_text=True)
    assert db.session.query(Minutes).filter(Minutes.approved_at.isnot(None)).count() == 0
    viewer = signed_in_client(app, UserRole.VIEWER)
    assert viewer.post(_page(event_id) + "/approve", data={"vote_id": later}).status_code == 403
    approved = client.post(_page(event_id) + "/approve", data={"vote_id": later})
    assert approved.status_code == 303
    html = client.get(_page(event_id)).get_data(as_text=True)
    assert "Approved on" in html and "version 1" in html
    assert "Record the approval" not in html and "Save the minutes" not in html
