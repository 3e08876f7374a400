"""What the service emits, read by real clients' parsers: icalendar, vobject, Mozilla's
ical.js (Thunderbird), libical (Evolution), and a Radicale CalDAV server that must find each
meeting at the right UTC instant. Any complaint of any of them fails the test."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from planner.extensions import db
from tests.conftest import event_payload
from tests.support.calendar_clients import check_everywhere
from tests.support.meetings import feed_path, remove_after_invitation

ONE_AM_UTC = datetime(2027, 5, 11, 1, 0, tzinfo=UTC)  # 10:00 in Seoul


def invitation_bytes(api, event: dict, participant: dict) -> bytes:
    response = api.get(f"/events/{event['id']}/participants/{participant['id']}/invite.ics")
    assert response.status_code == 200
    return response.data


def only_event(parsed, uid: str) -> dict:
    (found,) = [e for e in parsed.icaljs["events"] if e["uid"] == uid]
    (also,) = [e for e in parsed.libical["events"] if e["uid"] == uid]
    assert (found["dtstart"], found["dtend"]) == (also["dtstart"], also["dtend"])
    return found


def test_invitation_update_and_cancellation_in_every_client(api, meeting, caldav_server):
    uid = f"event-{meeting['id']}@planner.example"
    participant = meeting["participants"][0]

    request = check_everywhere(invitation_bytes(api, meeting, participant), caldav_server)
    assert request.icaljs["method"] == "REQUEST"
    first = only_event(request, uid)
    assert first["dtstart"] == "2027-05-11T01:00:00Z" and first["sequence"] == 0
    assert first["summary"].startswith("Assembly; plenary, day 1 — 총회 🏙️")
    window = (ONE_AM_UTC - timedelta(minutes=30), ONE_AM_UTC + timedelta(minutes=30))
    assert caldav_server.report_time_range(*window) == [uid]

    later = datetime.fromisoformat(meeting["starts_at"]) + timedelta(days=1)
    api.patch(f"/events/{meeting['id']}", {
        "starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=8)).isoformat(),
    })  # fmt: skip
    update = check_everywhere(invitation_bytes(api, meeting, participant), caldav_server)
    moved = only_event(update, uid)
    assert (moved["dtstart"], moved["sequence"]) == ("2027-05-12T01:00:00Z", 1)
    assert caldav_server.report_time_range(*window) == []
    next_day = (window[0] + timedelta(days=1), window[1] + timedelta(days=1))
    assert caldav_server.report_time_range(*next_day) == [uid]

    api.post(f"/events/{meeting['id']}/cancel")
    cancel = check_everywhere(invitation_bytes(api, meeting, participant))
    gone = only_event(cancel, uid)
    assert cancel.icaljs["method"] == cancel.libical["method"] == "CANCEL"
    assert (gone["status"], gone["sequence"]) == ("CANCELLED", 2)


def test_removed_participant_gets_a_cancel_every_client_accepts(api, meeting):
    participant = meeting["participants"][1]
    remove_after_invitation(api, meeting, participant)
    parsed = check_everywhere(invitation_bytes(api, meeting, participant))
    assert parsed.libical["method"] == "CANCEL"


def test_feeds_of_delegates_in_bangkok_paris_and_honolulu(app, api, meeting, caldav_server):
    client = app.test_client()
    uid = f"event-{meeting['id']}@planner.example"
    for delegate in meeting["delegates"]:
        parsed = check_everywhere(client.get(feed_path(api, delegate)).data)
        assert only_event(parsed, uid)["dtstart"] == "2027-05-11T01:00:00Z"
        sessions = [e for e in parsed.icaljs["events"] if e["uid"].startswith("session-")]
        assert sorted(e["dtstart"] for e in sessions) == [
            "2027-05-11T01:00:00Z", "2027-05-11T03:00:00Z",
        ]  # fmt: skip

    # A CalDAV server stores the meeting and its sessions, each at its instant.
    check_everywhere(client.get(feed_path(api, meeting["delegates"][1])).data, caldav_server)
    found = caldav_server.report_time_range(ONE_AM_UTC, ONE_AM_UTC + timedelta(hours=1))
    assert uid in found and len(found) == 2  # the meeting and its opening session


def test_public_body_and_organisation_feeds_in_every_client(app, api, meeting, organisation):
    client = app.test_client()
    for path in ("/calendar/public.ics", f"/calendar/organisations/{organisation['slug']}.ics",
                 f"/calendar/events/{meeting['id']}.ics"):  # fmt: skip
        parsed = check_everywhere(client.get(path).data)
        assert [e["uid"] for e in parsed.icaljs["events"]] == [
            f"event-{meeting['id']}@planner.example"
        ]


def test_a_summer_meeting_in_lyon_keeps_its_daylight_saving_time(app, api, caldav_server):
    # 10:00 in Lyon in July is 08:00Z (CEST); a VTIMEZONE read wrongly gives 09:00Z.
    event = api.post("/events", event_payload(
        title="Séminaire : villes résilientes", timezone="Europe/Paris",
        starts_at="2027-07-06T10:00:00+02:00", ends_at="2027-07-06T17:00:00+02:00",
    )).json  # fmt: skip
    api.post(f"/events/{event['id']}/publish")
    parsed = check_everywhere(
        app.test_client().get(f"/calendar/events/{event['id']}.ics").data, caldav_server
    )
    assert only_event(parsed, f"event-{event['id']}@planner.example")["dtstart"] == (
        "2027-07-06T08:00:00Z"
    )
    eight = datetime(2027, 7, 6, 8, 0, tzinfo=UTC)
    assert caldav_server.report_time_range(eight, eight + timedelta(minutes=1)) == [
        f"event-{event['id']}@planner.example"
    ]


@pytest.mark.parametrize("app", ["sqlite"], indirect=True)
def test_the_demo_networks_feeds_in_every_client(app):
    """The real demo: dozens of scripts in names and titles, many time zones."""
    from planner.demo.loader import load_demo
    from planner.members.models import Delegate

    load_demo()
    client = app.test_client()
    check_everywhere(client.get("/calendar/public.ics").data)
    check_everywhere(client.get("/calendar/bodies/general-assembly.ics").data)
    for delegate in db.session.scalars(sa.select(Delegate).limit(3)):
        path = f"/calendar/delegates/{delegate.calendar_token}.ics"
        parsed = check_everywhere(client.get(path).data)
        assert parsed.icaljs["events"], path
