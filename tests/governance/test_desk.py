"""The check-in desk's page and the endpoints its script posts to (through Flask's test
client; the browser tests drive the page itself): organisers only, JSON answers whatever
happens, the CSRF token required, the API's checks and answers. The meeting page links to it."""

from __future__ import annotations

import sqlalchemy as sa

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.events.models import ParticipantStatus, Participation
from planner.extensions import db
from planner.governance.door.service import check_in_token
from planner.governance.models import DoorScan
from tests.conftest import event_payload, make_app, row_count
from tests.support.api_helpers import assert_error
from tests.support.pages import PASSWORD, csrf_token, signed_in_client


def _desk(assembly) -> str:
    return f"/meetings/{assembly['event']['id']}/desk"


def _code(assembly, index: int = 0) -> str:
    return check_in_token(db.session.get(Participation, assembly["participants"][index]["id"]))


def test_only_organisers_use_the_desk(app, assembly):
    path, code = _desk(assembly), _code(assembly)
    anonymous = app.test_client()
    assert anonymous.get(path).status_code == 302  # to the login page
    assert_error(anonymous.post(path + "/check-in", json={"token": code}), 401)
    viewer = signed_in_client(app, UserRole.VIEWER)
    assert viewer.get(path).status_code == 403
    for direction in ("in", "out"):
        assert_error(viewer.post(f"{path}/check-{direction}", json={"token": code}), 403)
    assert row_count(DoorScan) == 0
    organiser = signed_in_client(app, UserRole.ORGANISER)
    page = organiser.get(path)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/static/vendor/jsQR.js" in html and "/static/desk.js" in html
    assert code not in html  # no check-in code, no RSVP link on the page
    answer = organiser.post(path + "/check-in", json={"token": code, "scan_id": "s-1"})
    assert answer.status_code == 200 and answer.json["outcome"] == "admitted"
    assert organiser.get("/meetings/999999/desk").status_code == 404


def test_the_desk_answers_like_the_api_and_names_the_refused_field(app, assembly, venue, api):
    path = _desk(assembly)
    organiser = signed_in_client(app, UserRole.ORGANISER)
    declined = db.session.get(Participation, assembly["participants"][1]["id"])
    declined.status = ParticipantStatus.DECLINED
    db.session.commit()
    # Not expected: an answer with the person's names (the API says 409), nothing written.
    answer = organiser.post(path + "/check-in", json={"token": _code(assembly, 1)}).json
    assert (answer["outcome"], answer["native_name"]) == ("not-expected", "山田 太郎")
    assert row_count(DoorScan) == 0
    other = api.post("/events", event_payload(venue_id=venue["id"])).json
    assert_error(
        organiser.post(f"/meetings/{other['id']}/desk/check-in", json={"token": _code(assembly)}),
        422,
        field="token",
    )
    for body, field in [({"token": "1.2.abc"}, "token"), ({}, "token"),
                        ({"token": _code(assembly), "scan_id": "x" * 65}, "scan_id")]:  # fmt: skip
        assert_error(organiser.post(path + "/check-out", json=body), 422, field=field)
    assert_error(organiser.post(path + "/check-in", data="not json"), 422, field="token")
    assert row_count(DoorScan) == 0


def test_the_desk_needs_the_pages_csrf_token(app, assembly, tmp_path):
    guarded = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, WTF_CSRF_ENABLED=True)
    client = guarded.test_client()
    create_user("desk@secretariat.example", PASSWORD, UserRole.ORGANISER)
    db.session.commit()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    signed = client.post(
        "/login",
        data={"email": "desk@secretariat.example", "password": PASSWORD, "csrf_token": token},
    )
    assert signed.status_code == 302
    path = _desk(assembly)
    page = client.get(path).get_data(as_text=True)
    csrf = page.split('data-csrf="')[1].split('"')[0]
    body = {"token": _code(assembly)}
    error = assert_error(client.post(path + "/check-in", json=body), 400)
    assert error["code"] == "csrf"
    assert row_count(DoorScan) == 0
    answer = client.post(path + "/check-in", json=body, headers={"X-CSRFToken": csrf})
    assert answer.status_code == 200 and answer.json["outcome"] == "admitted"


def test_the_meeting_pages_link_to_the_desk_of_a_body_meeting(app, assembly, api, venue):
    organiser = signed_in_client(app, UserRole.ORGANISER)
    event_id = assembly["event"]["id"]
    for page in (f"/meetings/{event_id}", f"/meetings/{event_id}/participants"):
        assert f'href="/meetings/{event_id}/desk"' in organiser.get(page).get_data(as_text=True)
    seminar = api.post("/events", event_payload(venue_id=venue["id"])).json
    html = organiser.get(f"/meetings/{seminar['id']}").get_data(as_text=True)
    assert "/desk" not in html
    viewer = signed_in_client(app, UserRole.VIEWER)
    assert "/desk" not in viewer.get(f"/meetings/{event_id}").get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DoorScan)) == 0
