"""Secret links and check-in codes (issue 11, item 6): rotation, a new secret when a removed
delegate comes back, only hashes in the database, check-in codes bound to their meeting and to
a nonce that rotation renews, and ids that SQLite never hands out twice."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.events.models import Participation
from planner.extensions import db
from planner.governance.door.service import check_in_token
from tests.conftest import PASSWORD, ApiClient, event_payload, make_app
from tests.support.api_helpers import assert_error


@pytest.fixture
def participant(api, delegate, venue) -> dict:
    event = api.post("/events", event_payload(venue_id=venue["id"])).json
    assert api.post(f"/events/{event['id']}/publish").status_code == 200
    added = api.post(
        f"/events/{event['id']}/participants", {"delegate_id": delegate["id"], "role": "guest"}
    )
    assert added.status_code == 201, added.json
    return {**added.json, "event_id": event["id"]}


def _path(url: str) -> str:
    return url.removeprefix("https://planner.example")


def _rotate(api, participant: dict):
    return api.post(
        f"/events/{participant['event_id']}/participants/{participant['id']}/rsvp-token"
    )


def test_an_rsvp_link_is_rotated_through_the_api(api, app, participant):
    client = app.test_client()
    old = participant["rsvp_url"]
    assert client.get(_path(old)).status_code == 200

    response = _rotate(api, participant)

    assert response.status_code == 200, response.json
    new = response.json["rsvp_url"]
    assert new != old and new.startswith("https://planner.example/rsvp/")
    assert response.json["id"] == participant["id"]
    assert client.get(_path(old)).status_code == 404
    assert client.get(_path(old) + "/pack.pdf").status_code == 404
    assert client.get(_path(new)).status_code == 200
    listed = api.get(f"/events/{participant['event_id']}/participants").json["items"]
    assert [p["rsvp_url"] for p in listed] == [new]


def test_only_organisers_rotate_rsvp_links(viewer_api, participant):
    assert_error(_rotate(viewer_api, participant), 403)


def test_an_rsvp_link_of_another_meeting_is_not_rotated(api, participant):
    other = api.post("/events", event_payload(title="Other")).json
    response = api.post(f"/events/{other['id']}/participants/{participant['id']}/rsvp-token")
    assert_error(response, 404, "not_found")


def test_a_removed_delegate_added_again_gets_a_new_rsvp_link(api, app, participant):
    event_id = participant["event_id"]
    db.session.execute(sa.update(Participation).values(invited_at=datetime(2027, 4, 1, tzinfo=UTC)))
    db.session.commit()
    old_code = check_in_token(db.session.get(Participation, participant["id"]))
    assert api.delete(f"/events/{event_id}/participants/{participant['id']}").status_code == 204

    again = api.post(
        f"/events/{event_id}/participants",
        {"delegate_id": participant["delegate_id"], "role": "guest"},
    )

    assert again.status_code == 201 and again.json["id"] == participant["id"]
    assert again.json["rsvp_url"] != participant["rsvp_url"]
    assert app.test_client().get(_path(participant["rsvp_url"])).status_code == 404
    assert app.test_client().get(_path(again.json["rsvp_url"])).status_code == 200
    assert_error(
        api.post(f"/events/{event_id}/check-in", {"token": old_code}), 422, "validation_error"
    )


def _every_stored_value() -> str:
    """The whole database as text, as a dump would show it."""
    return repr(
        [
            tuple(row)
            for table in db.metadata.sorted_tables
            for row in db.session.execute(sa.select(table))
        ]
    )


def test_the_database_holds_no_secret_of_a_link(api, app, participant, delegate):
    rsvp_secret = participant["rsvp_url"].rsplit("/", 1)[1]
    feed_secret = delegate["calendar_url"].rsplit("/", 1)[1].removesuffix(".ics")
    code = check_in_token(db.session.get(Participation, participant["id"]))

    dump = _every_stored_value()

    for secret in (rsvp_secret, feed_secret, code.rsplit(".", 1)[1]):
        assert secret not in dump
        prefix, _, random_part = secret.partition("-")
        if prefix.isdigit():  # the random part after an ``<id>-`` prefix (it may hold "-" too)
            assert random_part not in dump
    # ...and the links still work: found by their hash.
    client = app.test_client()
    assert client.get(_path(participant["rsvp_url"])).status_code == 200
    assert client.get(_path(delegate["calendar_url"])).status_code == 200


def test_the_organisers_page_rotates_an_rsvp_link(app, api, participant):
    create_user("kim@secretariat.example", PASSWORD, UserRole.ORGANISER)
    db.session.commit()
    web = app.test_client()
    assert (
        web.post(
            "/login", data={"email": "kim@secretariat.example", "password": PASSWORD}
        ).status_code
        == 302
    )
    page = f"/meetings/{participant['event_id']}/participants"
    assert f"{page}/{participant['id']}/rsvp-link" in web.get(page).text

    response = web.post(f"{page}/{participant['id']}/rsvp-link", follow_redirects=True)

    assert response.status_code == 200
    assert "new RSVP link" in response.text
    assert app.test_client().get(_path(participant["rsvp_url"])).status_code == 404
    (row,) = api.get(f"/events/{participant['event_id']}/participants").json["items"]
    assert row["rsvp_url"] != participant["rsvp_url"]


def test_the_pages_rsvp_link_form_needs_its_csrf_token(app, participant, tmp_path):
    guarded = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, WTF_CSRF_ENABLED=True)
    with guarded.app_context():
        create_user("csrf@secretariat.example", PASSWORD, UserRole.ORGANISER)
        db.session.commit()
        client = guarded.test_client()
        login = {"email": "csrf@secretariat.example", "password": PASSWORD}
        login["csrf_token"] = _csrf(client.get("/login").text)
        assert client.post("/login", data=login).status_code == 302
        page = f"/meetings/{participant['event_id']}/participants"
        url = f"{page}/{participant['id']}/rsvp-link"
        assert client.post(url).status_code == 400
        assert client.get(_path(participant["rsvp_url"])).status_code == 200
        sent = client.post(url, data={"csrf_token": _csrf(client.get(page).text)})
        assert sent.status_code == 302
        assert client.get(_path(participant["rsvp_url"])).status_code == 404


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]* value="([^"]+)"', html).group(1)


# Check-in codes --------------------------------------------------------------------------------


def _code(participant: dict) -> str:
    return check_in_token(db.session.get(Participation, participant["id"]))


def test_check_in_takes_the_meeting_and_refuses_another_meetings_code(api, participant):
    other = api.post("/events", event_payload(title="Other")).json
    code = _code(participant)

    assert_error(
        api.post(f"/events/{other['id']}/check-in", {"token": code}), 422, "validation_error"
    )
    assert db.session.get(Participation, participant["id"]).checked_in_at is None

    response = api.post(f"/events/{participant['event_id']}/check-in", {"token": code})
    assert response.status_code == 200, response.json
    assert response.json["participant_id"] == participant["id"]


@pytest.mark.parametrize(
    "code",
    [
        "{event}.{pid}",
        "{event}.{pid}.x",
        "{event}." + "9" * 5000 + ".x",
        "{event}.².x",
        "{event}.{pid}.\ud800",
        " ",
    ],
)
def test_a_malformed_check_in_code_is_refused(api, participant, code):
    event = participant["event_id"]
    token = code.format(event=event, pid=participant["id"])
    response = api.post(f"/events/{event}/check-in", {"token": token})
    assert_error(response, 422, "validation_error", field="token")


def test_a_rotated_check_in_code_is_refused(api, participant):
    old = _code(participant)
    assert _rotate(api, participant).status_code == 200
    new = _code(participant)
    assert new != old

    assert_error(api.post(f"/events/{participant['event_id']}/check-in", {"token": old}), 422)
    assert (
        api.post(f"/events/{participant['event_id']}/check-in", {"token": new}).status_code == 200
    )


def test_a_check_in_code_is_not_the_signed_participation_id(participant):
    """Ids are guessable and outlive a removal: a code must carry more than one."""
    meeting, participation, signature = _code(participant).split(".")
    assert (meeting, participation) == (str(participant["event_id"]), str(participant["id"]))
    assert signature


# Ids are never handed out twice ----------------------------------------------------------------


def test_sqlite_never_reuses_the_id_of_a_deleted_last_row(tmp_path):
    """The ids inside links and codes (events, delegates, participations), on a database built
    by the migrations: deleting the last row and adding another gives a new id."""
    app = make_app(f"sqlite:///{tmp_path / 'ids.db'}", tmp_path)
    with app.app_context():
        upgrade()
        create_user("ids@test.example", PASSWORD, UserRole.ORGANISER)
        db.session.commit()
        client = app.test_client()
        token = client.post(
            "/api/v1/auth/token", json={"email": "ids@test.example", "password": PASSWORD}
        ).json["token"]
        api = ApiClient(client, token)
        organisation = api.post("/organisations", {
            "slug": "seoul", "name": "Seoul", "country": "KR", "city": "Seoul",
            "timezone": "Asia/Seoul", "membership": "full",
        }).json  # fmt: skip

        def delegate() -> int:
            return api.post("/delegates", {
                "full_name": "Kim Min-jun", "email": "kim@seoul.example",
                "organisation_id": organisation["id"],
            }).json["id"]  # fmt: skip

        def event() -> int:
            return api.post("/events", event_payload()).json["id"]

        first_event, first_delegate = event(), delegate()
        first = api.post(
            f"/events/{first_event}/participants", {"delegate_id": first_delegate, "role": "guest"}
        ).json["id"]
        assert api.delete(f"/events/{first_event}/participants/{first}").status_code == 204
        second = api.post(
            f"/events/{first_event}/participants", {"delegate_id": first_delegate, "role": "guest"}
        ).json["id"]
        assert api.delete(f"/events/{first_event}/participants/{second}").status_code == 204
        assert api.delete(f"/delegates/{first_delegate}").status_code == 204
        assert api.delete(f"/events/{first_event}").status_code == 204

        assert second != first
        assert delegate() != first_delegate
        assert event() != first_event
        db.engine.dispose()


def test_migrating_keeps_every_row_and_gives_each_a_new_secret(tmp_path):
    """Rebuilding the SQLite tables (for AUTOINCREMENT) keeps the rows that point to them, and
    the links stored before are replaced by derived ones."""
    app = make_app(f"sqlite:///{tmp_path / 'old.db'}", tmp_path)
    stamps = "'2027-01-01 00:00:00', '2027-01-01 00:00:00'"
    with app.app_context():
        upgrade(revision="8b7e4a3084bf")
        for statement in (
            "INSERT INTO organisations (id, slug, name, country, city, timezone, membership,"
            f" status, created_at, updated_at) VALUES (1, 'seoul', 'Seoul', 'KR', 'Seoul',"
            f" 'Asia/Seoul', 'full', 'active', {stamps})",
            "INSERT INTO delegates (id, full_name, organisation_id, email, language, timezone,"
            " needs_visa_letter, calendar_token, created_at, updated_at) VALUES (1, 'Kim', 1,"
            f" 'kim@seoul.example', 'ko', 'Asia/Seoul', 0, 'old-feed-secret', {stamps})",
            "INSERT INTO events (id, kind, title, starts_at, ends_at, timezone, status, sequence,"
            " version, languages, reminder_offsets, confidential, created_at, updated_at)"
            " VALUES (1, 'seminar', 'Seminar', '2027-05-11 01:00:00', '2027-05-11 08:00:00',"
            f" 'Asia/Seoul', 'scheduled', 0, 1, '[]', '[]', 0, {stamps})",
            "INSERT INTO sessions (id, event_id, title, kind, starts_at, ends_at) VALUES"
            " (1, 1, 'Opening', 'plenary', '2027-05-11 01:00:00', '2027-05-11 02:00:00')",
            "INSERT INTO participations (id, event_id, delegate_id, role, status,"
            " credential_status, rsvp_token, created_at, updated_at) VALUES (1, 1, 1, 'guest',"
            f" 'invited', 'none', 'old-rsvp-secret', {stamps})",
        ):
            db.session.execute(sa.text(statement))
        db.session.commit()

        upgrade()

        counts = {
            table: db.session.scalar(sa.text(f"SELECT count(*) FROM {table}"))
            for table in ("delegates", "events", "sessions", "participations")
        }
        assert counts == {"delegates": 1, "events": 1, "sessions": 1, "participations": 1}
        client = app.test_client()
        assert client.get("/rsvp/old-rsvp-secret").status_code == 404
        assert client.get("/calendar/delegates/1-old-feed-secret.ics").status_code == 404
        participation = db.session.get(Participation, 1)
        assert client.get(f"/rsvp/{participation.rsvp_token}").status_code == 200
        feed = f"/calendar/delegates/{participation.delegate.calendar_token}.ics"
        assert client.get(feed).status_code == 200
        db.engine.dispose()


def test_renew_links_gives_working_links_again_after_a_new_secret_key(app, participant, delegate):
    """A new SECRET_KEY ends every link (even those organisers see); the command issues new
    ones."""
    client = app.test_client()
    old_key = app.config["SECRET_KEY"]
    app.config["SECRET_KEY"] = "a-new-secret-key"
    try:
        participation = db.session.get(Participation, participant["id"])
        rsvp = f"/rsvp/{participation.rsvp_token}"
        assert client.get(rsvp).status_code == 404

        result = app.test_cli_runner().invoke(args=["planner", "renew-links", "--yes"])

        assert result.exit_code == 0, result.output
        assert "1 delegate" in result.output and "1 participation" in result.output
        db.session.expire_all()
        participation = db.session.get(Participation, participant["id"])
        assert client.get(f"/rsvp/{participation.rsvp_token}").status_code == 200
        feed = f"/calendar/delegates/{participation.delegate.calendar_token}.ics"
        assert client.get(feed).status_code == 200
    finally:
        app.config["SECRET_KEY"] = old_key
