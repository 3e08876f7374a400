"""Meetings over the API: events, their timetable, participants, sequence and version."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from planner.events.models import Event, Participation, Session
from planner.extensions import db
from planner.members.models import Body, BodySeat, SeatRole
from tests.conftest import SEOUL_MORNING, event_payload, row_count
from tests.support.api_helpers import assert_error, row_counts

EVENT_FIELDS = {
    "id", "kind", "title", "body", "venue_id", "starts_at", "ends_at", "timezone", "status",
    "sequence", "version", "description", "reminder_offsets",
}  # fmt: skip


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _shifted(event: dict, delta: timedelta) -> dict:
    return {
        "starts_at": (_at(event["starts_at"]) + delta).isoformat(),
        "ends_at": (_at(event["ends_at"]) + delta).isoformat(),
    }


def _session_payload(event: dict, minutes: tuple[int, int] = (0, 90), **fields) -> dict:
    start = _at(event["starts_at"])
    payload = {
        "title": "Opening plenary",
        "kind": "plenary",
        "starts_at": (start + timedelta(minutes=minutes[0])).isoformat(),
        "ends_at": (start + timedelta(minutes=minutes[1])).isoformat(),
    }
    payload.update(fields)
    return payload


@pytest.fixture
def published(api, event) -> dict:
    response = api.post(f"/events/{event['id']}/publish")
    assert response.status_code == 200, response.json
    return response.json


@pytest.fixture
def committee(organisation) -> Body:
    body = Body(slug="executive-committee", name="Executive Committee")
    body.seats = [
        BodySeat(organisation_id=organisation["id"], role=SeatRole.MEMBER,
                 term_start=date(2025, 1, 1)),
    ]  # fmt: skip
    db.session.add(body)
    db.session.commit()
    return body


# Creating and reading -------------------------------------------------------------------------


def test_a_new_event_is_a_draft(api, event, venue):
    assert set(event) >= EVENT_FIELDS
    assert (event["status"], event["sequence"], event["version"]) == ("draft", 0, 1)
    assert event["venue_id"] == venue["id"]
    assert event["body"] is None
    assert event["reminder_offsets"] == ["P1D", "PT2H"]  # the default of a seminar
    assert event["sessions"] == []

    response = api.get(f"/events/{event['id']}")
    assert response.status_code == 200
    assert response.json == event


def test_reminder_offsets_default_per_kind_or_as_given(api, committee):
    assembly = api.post("/events", event_payload(kind="general-assembly")).json
    custom = api.post("/events", event_payload(reminder_offsets=["P7D", "PT30M"])).json
    assert assembly["reminder_offsets"] == ["P14D", "P1D"]
    assert custom["reminder_offsets"] == ["P7D", "PT30M"]


def test_a_new_event_cannot_be_created_published(api):
    response = api.post("/events", event_payload(status="scheduled"))
    assert_error(response, 422, "validation_error", "status")
    assert row_count(Event) == 0


def test_the_timezone_comes_from_the_venue_when_left_out(api, venue):
    payload = event_payload(venue_id=venue["id"])
    del payload["timezone"]

    response = api.post("/events", payload)

    assert response.status_code == 201
    assert response.json["timezone"] == "Asia/Seoul"


def test_the_timezone_is_required_without_a_venue(api):
    payload = event_payload()
    del payload["timezone"]
    assert_error(api.post("/events", payload), 422, "validation_error", "timezone")
    assert row_count(Event) == 0


def test_seoul_morning_is_stored_in_utc_and_shown_in_seoul(api):
    response = api.post(
        "/events",
        event_payload(starts_at="2027-05-11T10:00:00+09:00", ends_at="2027-05-11T12:30:00+09:00"),
    )

    assert response.status_code == 201
    assert response.json["starts_at"] == "2027-05-11T10:00:00+09:00"
    assert response.json["ends_at"] == "2027-05-11T12:30:00+09:00"
    raw = db.session.execute(sa.text("SELECT starts_at FROM events")).scalar_one()
    if isinstance(raw, str):  # SQLite: the UTC wall time, as text
        assert raw.startswith("2027-05-11 01:00:00")
    else:  # PostgreSQL: timestamptz
        assert raw == datetime(2027, 5, 11, 1, 0, tzinfo=UTC)
    assert db.session.scalar(sa.select(Event.starts_at)) == datetime(2027, 5, 11, 1, tzinfo=UTC)


def test_times_sent_in_another_offset_are_shown_in_the_event_zone(api):
    response = api.post(
        "/events",
        event_payload(starts_at="2027-05-11T01:00:00Z", ends_at="2027-05-10T20:00:00-07:00"),
    )
    assert response.json["starts_at"] == "2027-05-11T10:00:00+09:00"
    assert response.json["ends_at"] == "2027-05-11T12:00:00+09:00"


def test_a_time_in_a_zones_local_mean_time_is_shown_in_utc(api):
    """Seoul kept local mean time (+08:27:52) until 1908: an offset with seconds, which RFC
    3339 (and the document's pattern) cannot write. Schemathesis found a 1900 meeting."""
    starts = datetime(1900, 8, 31, 12, 0, tzinfo=UTC)
    created = api.post(
        "/events",
        event_payload(
            starts_at=starts.isoformat(), ends_at=(starts + timedelta(hours=2)).isoformat()
        ),
    )
    assert created.status_code == 201, created.json
    assert created.json["starts_at"] == "1900-08-31T12:00:00+00:00"
    assert datetime.fromisoformat(created.json["starts_at"]) == starts


def test_an_event_of_a_body(api, committee):
    response = api.post("/events", event_payload(kind="executive-committee", body=committee.slug))

    assert response.status_code == 201
    assert response.json["body"] == "executive-committee"
    assert api.patch(f"/events/{response.json['id']}", {"body": None}).json["body"] is None


def test_an_unknown_event_is_404(api):
    for response in (
        api.get("/events/999999"),
        api.patch("/events/999999", {"title": "X"}),
        api.delete("/events/999999"),
        api.post("/events/999999/publish"),
        api.get("/events/999999/sessions"),
        api.get("/events/999999/participants"),
        api.get("/events/99999999999999999999"),
    ):
        assert_error(response, 404, "not_found")


# Listing --------------------------------------------------------------------------------------


def test_event_filters(api, committee, venue):
    day = timedelta(days=1)

    def create(title: str, offset_days: int, **fields) -> dict:
        start = SEOUL_MORNING + offset_days * day
        payload = event_payload(
            title=title, starts_at=start.isoformat(), ends_at=(start + day).isoformat(), **fields
        )
        response = api.post("/events", payload)
        assert response.status_code == 201, response.json
        return response.json

    create("Seminar", 0)
    excom = create("ExCom", 10, kind="executive-committee", body="executive-committee")
    visit = create("Visit", 20, kind="study-visit")
    api.post(f"/events/{excom['id']}/publish")
    api.post(f"/events/{visit['id']}/cancel")

    def titles(query: str) -> list[str]:
        response = api.get(f"/events?{query}")
        assert response.status_code == 200, response.json
        assert response.json["total"] == len(response.json["items"])
        return [item["title"] for item in response.json["items"]]

    assert titles("") == ["Seminar", "ExCom", "Visit"]  # by start
    assert titles("kind=executive-committee") == ["ExCom"]
    assert titles("body=executive-committee") == ["ExCom"]
    assert titles("body=general-assembly") == []
    assert titles("status=draft") == ["Seminar"]
    assert titles("status=scheduled") == ["ExCom"]
    assert titles("status=cancelled") == ["Visit"]
    # from/to select the events overlapping the window [from, to).
    excom_start = _at(excom["starts_at"])
    window = {"from": excom_start.isoformat(), "to": (excom_start + day).isoformat()}
    assert titles(f"from={_q(window['from'])}") == ["ExCom", "Visit"]
    assert titles(f"to={_q(window['from'])}") == ["Seminar"]
    assert titles(f"from={_q(window['from'])}&to={_q(window['to'])}") == ["ExCom"]
    assert titles(f"from={_q((excom_start + day).isoformat())}&to={_q(window['to'])}") == []
    assert titles("kind=seminar&status=scheduled") == []
    second_page = api.get("/events?per_page=1&page=2").json
    assert second_page["total"] == 3
    assert [item["title"] for item in second_page["items"]] == ["ExCom"]


def _q(text: str) -> str:
    return text.replace("+", "%2B")


# Publishing, cancelling, deleting -------------------------------------------------------------


def test_publish_then_cancel(api, event):
    published = api.post(f"/events/{event['id']}/publish")
    assert published.status_code == 200
    assert (published.json["status"], published.json["sequence"]) == ("scheduled", 0)
    assert published.json["version"] == 2
    assert_error(api.post(f"/events/{event['id']}/publish"), 409, "conflict")

    cancelled = api.post(f"/events/{event['id']}/cancel")
    assert cancelled.status_code == 200
    assert (cancelled.json["status"], cancelled.json["sequence"]) == ("cancelled", 1)
    assert cancelled.json["version"] == 3
    assert_error(api.post(f"/events/{event['id']}/cancel"), 409, "conflict")
    assert api.get(f"/events/{event['id']}").json["status"] == "cancelled"


def test_a_draft_can_be_deleted_with_its_timetable(api, event, delegate):
    api.post(f"/events/{event['id']}/sessions", _session_payload(event))
    api.post(
        f"/events/{event['id']}/participants", {"delegate_id": delegate["id"], "role": "guest"}
    )
    assert (row_count(Session), row_count(Participation)) == (1, 1)

    assert api.delete(f"/events/{event['id']}").status_code == 204

    assert_error(api.get(f"/events/{event['id']}"), 404)
    assert (row_count(Event), row_count(Session), row_count(Participation)) == (0, 0, 0)


def test_a_published_event_cannot_be_deleted(api, published):
    response = api.delete(f"/events/{published['id']}")

    error = assert_error(response, 409, "conflict")
    assert "cancel" in error["message"]
    assert api.get(f"/events/{published['id']}").json == published


# Sequence, version, ETag, If-Match ------------------------------------------------------------


def test_changes_to_a_draft_raise_version_not_sequence(api, event, venue):
    moved = api.patch(f"/events/{event['id']}", _shifted(event, timedelta(days=1)))
    assert (moved.json["sequence"], moved.json["version"]) == (0, 2)
    retitled = api.patch(f"/events/{event['id']}", {"title": "New title"})
    assert (retitled.json["sequence"], retitled.json["version"]) == (0, 3)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda event, venue: _shifted(event, timedelta(hours=2)), id="times"),
        pytest.param(
            lambda event, venue: {
                "ends_at": (_at(event["ends_at"]) + timedelta(hours=1)).isoformat()
            },
            id="ends_at",
        ),
        pytest.param(lambda event, venue: {"venue_id": None}, id="venue"),
        pytest.param(lambda event, venue: {"status": "postponed"}, id="status"),
    ],
)
def test_a_significant_change_of_a_published_event_raises_sequence(api, published, venue, change):
    response = api.patch(f"/events/{published['id']}", change(published, venue))

    assert response.status_code == 200, response.json
    assert response.json["sequence"] == published["sequence"] + 1
    assert response.json["version"] == published["version"] + 1  # one write, one version
    assert api.get(f"/events/{published['id']}").json["sequence"] == published["sequence"] + 1


def test_other_changes_of_a_published_event_keep_sequence(api, published):
    response = api.patch(
        f"/events/{published['id']}", {"title": "Renamed", "description": "More detail"}
    )
    assert (response.json["sequence"], response.json["version"]) == (
        published["sequence"],
        published["version"] + 1,
    )


def test_a_patch_that_changes_nothing_keeps_sequence(api, published):
    response = api.patch(f"/events/{published['id']}", {"starts_at": published["starts_at"]})
    assert response.json["sequence"] == published["sequence"]


def test_get_event_carries_an_etag_of_its_version(api, event):
    response = api.get(f"/events/{event['id']}")
    assert response.headers["ETag"] == '"1"'
    api.patch(f"/events/{event['id']}", {"title": "Renamed"})
    assert api.get(f"/events/{event['id']}").headers["ETag"] == '"2"'


def test_if_match_of_the_current_version_is_accepted(api, event):
    response = api.patch(
        f"/events/{event['id']}", {"title": "Renamed"}, headers={"If-Match": '"1"'}
    )
    assert response.status_code == 200
    assert response.headers["ETag"] == '"2"'
    body_version = api.patch(f"/events/{event['id']}", {"title": "Again", "version": 2})
    assert (body_version.status_code, body_version.json["version"]) == (200, 3)


@pytest.mark.parametrize("how", ["if-match", "weak-if-match", "body"])
def test_a_stale_version_is_refused_and_nothing_changes(app, api, event, how):
    other_organiser = api  # the same account in two tabs, or a colleague: the same rule
    assert (
        other_organiser.patch(f"/events/{event['id']}", {"title": "Colleague's"}).status_code == 200
    )
    change = {"title": "Mine", **_shifted(event, timedelta(days=3))}
    headers = {}
    if how == "body":
        change["version"] = 1
    else:
        headers["If-Match"] = 'W/"1"' if how == "weak-if-match" else '"1"'

    response = api.patch(f"/events/{event['id']}", change, headers=headers)

    error = assert_error(response, 409, "conflict", "version")
    assert "version 2" in error["message"]
    after = api.get(f"/events/{event['id']}").json
    assert (after["title"], after["version"], after["starts_at"]) == (
        "Colleague's",
        2,
        event["starts_at"],
    )


def test_if_match_must_name_a_version(api, event):
    response = api.patch(f"/events/{event['id']}", {"title": "X"}, headers={"If-Match": "abc"})
    assert_error(response, 422, "validation_error", "If-Match")
    assert api.get(f"/events/{event['id']}").json["title"] == event["title"]


# Sessions -------------------------------------------------------------------------------------


def test_sessions_inside_the_event_window(api, event, venue):
    hall = venue["rooms"][0]
    response = api.post(
        f"/events/{event['id']}/sessions",
        _session_payload(event, (0, 90), room_id=hall["id"], description="Welcome"),
    )

    assert response.status_code == 201, response.json
    assert response.json["starts_at"] == "2027-05-11T10:00:00+09:00"
    assert response.json["ends_at"] == "2027-05-11T11:30:00+09:00"
    assert response.json["room_id"] == hall["id"]
    listed = api.get(f"/events/{event['id']}/sessions").json
    assert (listed["total"], listed["items"]) == (1, [response.json])
    assert api.get(f"/events/{event['id']}").json["sessions"] == [response.json]


@pytest.mark.parametrize(
    "minutes, field",
    [
        ((-30, 60), "starts_at"),
        ((400, 480), "starts_at"),
        ((60, 30), "ends_at"),
        ((60, 60), "ends_at"),
    ],
)
def test_a_session_outside_the_event_is_refused(api, event, minutes, field):
    response = api.post(f"/events/{event['id']}/sessions", _session_payload(event, minutes))
    assert_error(response, 422, "validation_error", field)
    assert row_count(Session) == 0


def test_a_session_room_must_belong_to_the_event_venue(api, event):
    other = api.post(
        "/venues", {"name": "COEX", "timezone": "Asia/Seoul", "rooms": [{"name": "A"}]}
    )
    room_elsewhere = other.json["rooms"][0]["id"]

    response = api.post(
        f"/events/{event['id']}/sessions", _session_payload(event, room_id=room_elsewhere)
    )

    assert_error(response, 422, "validation_error", "room_id")
    assert row_count(Session) == 0
    missing = api.post(f"/events/{event['id']}/sessions", _session_payload(event, room_id=999999))
    assert_error(missing, 404, "not_found", "room_id")


def test_patch_and_delete_a_session(api, event):
    created = api.post(f"/events/{event['id']}/sessions", _session_payload(event)).json

    patched = api.patch(f"/events/{event['id']}/sessions/{created['id']}", {"title": "Keynote"})
    assert (patched.status_code, patched.json["title"]) == (200, "Keynote")
    assert patched.json["starts_at"] == created["starts_at"]
    outside = api.patch(
        f"/events/{event['id']}/sessions/{created['id']}",
        {"ends_at": (_at(event["ends_at"]) + timedelta(minutes=1)).isoformat()},
    )
    assert_error(outside, 422, "validation_error")
    assert (
        api.get(f"/events/{event['id']}/sessions").json["items"][0]["ends_at"] == created["ends_at"]
    )

    assert api.delete(f"/events/{event['id']}/sessions/{created['id']}").status_code == 204
    assert row_count(Session) == 0
    assert_error(api.delete(f"/events/{event['id']}/sessions/{created['id']}"), 404)


def test_a_session_of_another_event_is_404(api, event):
    created = api.post(f"/events/{event['id']}/sessions", _session_payload(event)).json
    other = api.post("/events", event_payload(title="Other")).json

    response = api.patch(f"/events/{other['id']}/sessions/{created['id']}", {"title": "Hijack"})

    assert_error(response, 404, "not_found")
    assert db.session.scalar(sa.select(Session.title)) == "Opening plenary"


def test_moving_an_event_moves_its_sessions(api, event):
    first = api.post(f"/events/{event['id']}/sessions", _session_payload(event, (0, 90))).json
    second = api.post(
        f"/events/{event['id']}/sessions", _session_payload(event, (120, 180), title="Panel")
    ).json

    response = api.patch(f"/events/{event['id']}", _shifted(event, timedelta(days=7, hours=-1)))

    assert response.status_code == 200, response.json
    assert response.json["starts_at"] == "2027-05-18T09:00:00+09:00"
    sessions = api.get(f"/events/{event['id']}/sessions").json["items"]
    assert [(s["id"], s["starts_at"], s["ends_at"]) for s in sessions] == [
        (first["id"], "2027-05-18T09:00:00+09:00", "2027-05-18T10:30:00+09:00"),
        (second["id"], "2027-05-18T11:00:00+09:00", "2027-05-18T12:00:00+09:00"),
    ]


def test_shortening_an_event_around_its_sessions_keeps_them(api, event):
    api.post(f"/events/{event['id']}/sessions", _session_payload(event, (0, 90)))

    response = api.patch(
        f"/events/{event['id']}",
        {"ends_at": (_at(event["starts_at"]) + timedelta(hours=2)).isoformat()},
    )

    assert response.status_code == 200
    assert (
        api.get(f"/events/{event['id']}/sessions").json["items"][0]["starts_at"]
        == event["starts_at"]
    )


def test_shortening_an_event_past_its_sessions_is_refused(api, event):
    api.post(f"/events/{event['id']}/sessions", _session_payload(event, (300, 400)))

    response = api.patch(
        f"/events/{event['id']}",
        {"ends_at": (_at(event["starts_at"]) + timedelta(hours=2)).isoformat()},
    )

    assert_error(response, 422, "validation_error")
    assert api.get(f"/events/{event['id']}").json["ends_at"] == event["ends_at"]


def test_moving_an_event_to_another_venue_keeps_rooms_consistent(api, event, venue):
    hall = venue["rooms"][0]["id"]
    api.post(f"/events/{event['id']}/sessions", _session_payload(event, room_id=hall))
    other = api.post("/venues", {"name": "COEX", "timezone": "Asia/Seoul"}).json

    response = api.patch(f"/events/{event['id']}", {"venue_id": other["id"]})

    assert_error(response, 422, "validation_error", "venue_id")
    assert api.get(f"/events/{event['id']}").json["venue_id"] == venue["id"]


# Participants ---------------------------------------------------------------------------------


def _add(api, event: dict, delegate: dict, role: str = "observer"):
    return api.post(
        f"/events/{event['id']}/participants", {"delegate_id": delegate["id"], "role": role}
    )


def test_add_a_participant(api, event, delegate):
    response = _add(api, event, delegate)

    assert response.status_code == 201, response.json
    participant = response.json
    assert (participant["delegate_id"], participant["role"]) == (delegate["id"], "observer")
    assert participant["status"] == "invited"
    assert participant["responded_at"] is None
    assert participant["rsvp_url"].startswith("https://planner.example/rsvp/")
    listed = api.get(f"/events/{event['id']}/participants").json
    assert (listed["total"], listed["items"]) == (1, [participant])


def test_a_delegate_takes_part_once(api, event, delegate):
    first = _add(api, event, delegate).json

    response = _add(api, event, delegate, role="speaker")

    assert_error(response, 409, "conflict", "delegate_id")
    assert row_count(Participation) == 1
    assert api.get(f"/events/{event['id']}/participants").json["items"] == [first]


def test_answering_sets_responded_at(api, event, delegate):
    participant = _add(api, event, delegate).json
    url = f"/events/{event['id']}/participants/{participant['id']}"

    accepted = api.patch(url, {"status": "accepted"})

    assert accepted.status_code == 200
    assert accepted.json["status"] == "accepted"
    responded = _at(accepted.json["responded_at"])
    assert abs(responded - datetime.now(UTC)) < timedelta(minutes=5)
    # Back to "invited" means no answer any more.
    assert api.patch(url, {"status": "invited"}).json["responded_at"] is None
    assert_error(api.patch(url, {"status": "cancelled"}), 422, "validation_error", "status")


def test_patch_a_participant_role(api, event, delegate):
    participant = _add(api, event, delegate).json
    url = f"/events/{event['id']}/participants/{participant['id']}"

    response = api.patch(url, {"role": "speaker"})

    assert response.json["role"] == "speaker" and "credential_status" not in response.json
    # Credentials have their own resource (/events/{id}/credentials).
    refused = api.patch(url, {"credential_status": "submitted"})
    assert_error(refused, 422, field="credential_status")
    assert_error(api.patch(url, {"delegate_id": delegate["id"]}), 422, field="delegate_id")


def test_filter_participants(api, event, delegate, organisation):
    other = api.post("/delegates", {
        "full_name": "Lee Seo-yeon", "email": "seoyeon@seoul.example",
        "organisation_id": organisation["id"],
    }).json  # fmt: skip
    first = _add(api, event, delegate, role="speaker").json
    _add(api, event, other, role="guest")
    api.patch(f"/events/{event['id']}/participants/{first['id']}", {"status": "declined"})

    def ids(query: str) -> list[int]:
        return [
            p["delegate_id"]
            for p in api.get(f"/events/{event['id']}/participants?{query}").json["items"]
        ]

    assert ids("role=speaker") == [delegate["id"]]
    assert ids("status=invited") == [other["id"]]
    assert ids("status=declined&role=guest") == []


def test_removing_a_never_invited_participant_deletes_the_row(api, event, delegate):
    participant = _add(api, event, delegate).json

    response = api.delete(f"/events/{event['id']}/participants/{participant['id']}")

    assert response.status_code == 204
    assert row_count(Participation) == 0
    # Deleting it also lets the delegate go.
    assert api.delete(f"/delegates/{delegate['id']}").status_code == 204


def test_removing_an_invited_participant_keeps_them_as_cancelled(api, event, delegate):
    participant = _add(api, event, delegate).json
    db.session.execute(sa.update(Participation).values(invited_at=datetime(2027, 4, 1, tzinfo=UTC)))
    db.session.commit()

    response = api.delete(f"/events/{event['id']}/participants/{participant['id']}")

    assert response.status_code == 204
    assert row_count(Participation) == 1
    (kept,) = api.get(f"/events/{event['id']}/participants").json["items"]
    assert (kept["id"], kept["status"]) == (participant["id"], "cancelled")
    assert kept["invited_at"] is not None
    # Added back, they are invited again, with a new RSVP link.
    again = _add(api, event, delegate, role="speaker")
    assert again.status_code == 201
    assert (again.json["id"], again.json["status"], again.json["role"]) == (
        participant["id"],
        "invited",
        "speaker",
    )
    assert again.json["rsvp_url"] != participant["rsvp_url"]


def test_a_participant_of_another_event_is_404(api, event, delegate):
    participant = _add(api, event, delegate).json
    other = api.post("/events", event_payload(title="Other")).json

    response = api.delete(f"/events/{other['id']}/participants/{participant['id']}")

    assert_error(response, 404, "not_found")
    assert row_count(Participation) == 1


def test_a_voting_delegate_needs_a_voting_seat(api, delegate, committee, organisation):
    excom = api.post(
        "/events", event_payload(kind="executive-committee", body="executive-committee")
    ).json
    seminar = api.post("/events", event_payload(title="No body")).json

    assert _add(api, excom, delegate, role="voting-delegate").status_code == 201
    assert_error(_add(api, seminar, delegate, role="voting-delegate"), 422, field="role")
    # One voting delegate per organisation.
    colleague = api.post("/delegates", {
        "full_name": "Lee Seo-yeon", "email": "seoyeon@seoul.example",
        "organisation_id": organisation["id"],
    }).json  # fmt: skip
    before = row_counts()
    assert_error(_add(api, excom, colleague, role="voting-delegate"), 409, field="role")
    assert row_counts() == before


def test_if_match_star_accepts_any_version(api, event):
    response = api.patch(f"/events/{event['id']}", {"title": "Any"}, headers={"If-Match": "*"})
    assert response.status_code == 200 and response.json["title"] == "Any"


def test_patch_status_postpones_a_live_meeting_but_cannot_revive_a_cancelled_one(api, event):
    api.post(f"/events/{event['id']}/publish")
    postponed = api.patch(f"/events/{event['id']}", {"status": "postponed"})
    assert (postponed.json["status"], postponed.json["sequence"]) == ("postponed", 1)
    api.post(f"/events/{event['id']}/cancel")
    response = api.patch(f"/events/{event['id']}", {"status": "scheduled"})
    assert_error(response, 422, "validation_error", "status")
    assert api.get(f"/events/{event['id']}").json["status"] == "cancelled"


def test_a_seat_counts_from_its_first_day_in_the_meetings_own_timezone(api, delegate, committee):
    # 08:00 on 1 January in Seoul is still 31 December in UTC.
    committee.seats[0].term_start = date(2027, 1, 1)
    db.session.commit()
    new_year = datetime(2027, 1, 1, 8, 0, tzinfo=ZoneInfo("Asia/Seoul"))
    excom = api.post("/events", event_payload(
        kind="executive-committee", body="executive-committee",
        starts_at=new_year.isoformat(), ends_at=(new_year + timedelta(hours=2)).isoformat(),
    )).json  # fmt: skip
    assert _add(api, excom, delegate, role="voting-delegate").status_code == 201
