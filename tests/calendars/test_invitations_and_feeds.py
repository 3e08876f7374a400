"""Invitations and feeds, read back as a calendar client reads them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import sqlalchemy as sa
from icalendar import Calendar

from planner.db import utcnow
from planner.events.models import Event
from planner.extensions import db
from planner.members.models import Body, BodySeat, SeatRole
from tests.conftest import event_payload
from tests.support.meetings import SEOUL_TEN, TITLE, feed_path, remove_after_invitation


def parse(data: bytes) -> Calendar:
    calendar = Calendar.from_ical(data)
    for component in calendar.walk():
        assert not component.errors, (component.name, component.errors)
    return calendar


def vevents(calendar: Calendar) -> dict[str, object]:
    return {str(v["UID"]): v for v in calendar.walk("VEVENT")}


def invite(api, event: dict, participant: dict) -> tuple[Calendar, object]:
    response = api.get(f"/events/{event['id']}/participants/{participant['id']}/invite.ics")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/calendar"
    calendar = parse(response.data)
    (vevent,) = calendar.walk("VEVENT")
    return calendar, vevent


# Invitations ------------------------------------------------------------------------------------


def test_invitation_is_an_itip_request_in_the_meetings_zone(api, meeting):
    calendar, vevent = invite(api, meeting, meeting["participants"][0])

    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(vevent["UID"]) == f"event-{meeting['id']}@planner.example"
    assert vevent["SEQUENCE"] == 0 and str(vevent["STATUS"]) == "CONFIRMED"
    start = vevent["DTSTART"]
    assert start.params["TZID"] == "Asia/Seoul"
    assert start.dt.astimezone(UTC) == datetime(2027, 5, 11, 1, 0, tzinfo=UTC)
    assert str(vevent["SUMMARY"]) == TITLE
    (timezone,) = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Asia/Seoul" and "COMMENT" not in timezone
    assert vevent["DTSTAMP"].dt.tzinfo is not None
    assert "Seoul City Hall" in str(vevent["LOCATION"])
    assert "Opening" in str(vevent["DESCRIPTION"]) and "/rsvp/" in str(vevent["URL"])
    organiser = vevent["ORGANIZER"]
    assert organiser.params["CN"] == "Network Secretariat"
    attendee = vevent["ATTENDEE"]
    assert str(attendee) == "mailto:somchai@bkk.example"
    assert attendee.params["CN"] == "สมชาย ใจดี (Somchai Jaidee)"
    assert (attendee.params["ROLE"], attendee.params["PARTSTAT"], attendee.params["RSVP"]) == (
        "REQ-PARTICIPANT", "NEEDS-ACTION", "TRUE",
    )  # fmt: skip


def test_observer_is_optional_and_rsvp_shows_in_partstat(api, meeting):
    observer = meeting["participants"][1]
    api.patch(f"/events/{meeting['id']}/participants/{observer['id']}", {"status": "accepted"})
    _, vevent = invite(api, meeting, observer)
    attendee = vevent["ATTENDEE"]
    assert (attendee.params["ROLE"], attendee.params["PARTSTAT"]) == (
        "OPT-PARTICIPANT", "ACCEPTED",
    )  # fmt: skip
    assert attendee.params["CN"] == "Élodie Rousseau"  # one name when both are the same


def test_an_update_keeps_the_uid_and_raises_sequence_and_dtstamp(api, meeting):
    participant = meeting["participants"][0]
    _, before = invite(api, meeting, participant)
    later = datetime.fromisoformat(SEOUL_TEN) + timedelta(days=1)
    response = api.patch(f"/events/{meeting['id']}", {
        "starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=8)).isoformat(),
    })  # fmt: skip
    assert response.status_code == 200, response.json
    _, after = invite(api, meeting, participant)
    assert str(after["UID"]) == str(before["UID"])
    assert after["SEQUENCE"] == 1
    assert after["DTSTAMP"].dt >= before["DTSTAMP"].dt
    assert after["DTSTART"].dt.astimezone(UTC) == datetime(2027, 5, 12, 1, 0, tzinfo=UTC)


def test_cancelling_the_meeting_turns_every_invitation_into_a_cancel(api, meeting):
    api.post(f"/events/{meeting['id']}/cancel")
    for participant in meeting["participants"]:
        calendar, vevent = invite(api, meeting, participant)
        assert str(calendar["METHOD"]) == "CANCEL"
        assert str(vevent["STATUS"]) == "CANCELLED"
        assert vevent["SEQUENCE"] == 1
        assert not vevent.walk("VALARM")


def test_removing_a_participant_sends_them_a_cancel_above_the_meetings_sequence(api, meeting):
    participant = meeting["participants"][2]
    remove_after_invitation(api, meeting, participant)
    calendar, vevent = invite(api, meeting, participant)
    assert str(calendar["METHOD"]) == "CANCEL" and str(vevent["STATUS"]) == "CANCELLED"
    assert vevent["SEQUENCE"] == 1  # the meeting itself is still at 0
    _, other = invite(api, meeting, meeting["participants"][0])
    assert other["SEQUENCE"] == 0


def test_invitation_of_another_events_participant_is_404(api, meeting):
    other = api.post("/events", event_payload()).json
    response = api.get(
        f"/events/{other['id']}/participants/{meeting['participants'][0]['id']}/invite.ics"
    )
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


# Feeds ------------------------------------------------------------------------------------------


def test_public_feed_shows_published_open_meetings_without_personal_data(app, api, meeting):
    api.post("/events", event_payload(title="A draft"))
    closed = api.post("/events", event_payload(title="Closed dinner", confidential=True)).json
    api.post(f"/events/{closed['id']}/publish")
    dropped = api.post("/events", event_payload(title="Dropped")).json
    api.post(f"/events/{dropped['id']}/publish")
    api.post(f"/events/{dropped['id']}/cancel")

    response = app.test_client().get("/calendar/public.ics")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = parse(response.data)
    assert "METHOD" not in calendar
    assert str(calendar["X-WR-CALNAME"]) == str(calendar["NAME"]) == "Network meetings"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in response.data
    assert b"X-PUBLISHED-TTL:PT1H" in response.data
    assert list(vevents(calendar)) == [f"event-{meeting['id']}@planner.example"]
    for word in (b"ATTENDEE", b"ORGANIZER", b"mailto:", b"@bkk.example"):
        assert word not in response.data


def test_body_and_organisation_feeds(app, api, meeting, organisation, delegate):
    body = Body(slug="executive-committee", name="Executive Committee")
    db.session.add(body)
    db.session.commit()
    excom = api.post("/events", event_payload(
        title="ExCom", kind="executive-committee", body="executive-committee"
    )).json  # fmt: skip
    api.post(f"/events/{excom['id']}/publish")
    client = app.test_client()

    body_feed = parse(client.get("/calendar/bodies/executive-committee.ics").data)
    assert list(vevents(body_feed)) == [f"event-{excom['id']}@planner.example"]
    assert str(body_feed["X-WR-CALNAME"]) == "Executive Committee"

    # The organisation's delegates take part in the Seoul meeting only.
    org_feed = parse(client.get(f"/calendar/organisations/{organisation['slug']}.ics").data)
    assert list(vevents(org_feed)) == [f"event-{meeting['id']}@planner.example"]

    assert client.get("/calendar/bodies/no-such-body.ics").status_code == 404
    assert client.get("/calendar/organisations/nowhere.ics").status_code == 404


def test_delegate_feed_has_the_meeting_and_its_sessions_but_restricted_ones_only_for_members(
    app, api, meeting, organisation
):
    start = datetime.fromisoformat(SEOUL_TEN)
    body = Body(slug="executive-committee", name="Executive Committee")
    db.session.add(body)
    db.session.commit()
    restricted = api.post(f"/events/{meeting['id']}/sessions", {
        "title": "ExCom lunch", "kind": "meal", "restricted_to": "executive-committee",
        "starts_at": (start + timedelta(hours=4)).isoformat(),
        "ends_at": (start + timedelta(hours=5)).isoformat(),
    }).json  # fmt: skip
    client = app.test_client()
    path = feed_path(api, meeting["delegates"][0])

    feed = vevents(parse(client.get(path).data))
    meeting_uid = f"event-{meeting['id']}@planner.example"
    assert meeting_uid in feed
    sessions = [v for uid, v in feed.items() if uid.startswith("session-")]
    assert sorted(str(v["SUMMARY"]).split(" · ")[0] for v in sessions) == [
        "Business session", "Opening",
    ]  # fmt: skip
    assert all(str(v["RELATED-TO"]) == meeting_uid for v in sessions)
    assert f"session-{restricted['id']}@planner.example" not in feed

    db.session.add(
        BodySeat(
            body_id=body.id,
            organisation_id=organisation["id"],
            role=SeatRole.MEMBER,
            term_start=datetime(2020, 1, 1).date(),
        )
    )
    db.session.commit()
    feed = vevents(parse(client.get(path).data))
    assert f"session-{restricted['id']}@planner.example" in feed


def test_cancelled_meeting_stays_in_the_delegates_feed_until_its_end(app, api, meeting):
    client = app.test_client()
    path = feed_path(api, meeting["delegates"][0])
    api.post(f"/events/{meeting['id']}/cancel")

    assert client.get("/calendar/public.ics").data.count(b"BEGIN:VEVENT") == 0
    feed = vevents(parse(client.get(path).data))
    (vevent,) = feed.values()  # the meeting, without its sessions
    assert str(vevent["STATUS"]) == "CANCELLED" and vevent["SEQUENCE"] == 1

    # Once its original end has passed, it goes.
    db.session.execute(sa.update(Event).values(
        starts_at=utcnow() - timedelta(hours=5), ends_at=utcnow() - timedelta(hours=1)
    ))  # fmt: skip
    db.session.commit()
    assert b"BEGIN:VEVENT" not in client.get(path).data


def test_feeds_keep_to_their_window(app, api):
    old = utcnow() - timedelta(days=100)
    past = api.post("/events", event_payload(
        title="Long ago", starts_at=old.isoformat(), ends_at=(old + timedelta(hours=2)).isoformat()
    )).json  # fmt: skip
    api.post(f"/events/{past['id']}/publish")
    recent = utcnow() - timedelta(days=30)
    kept = api.post("/events", event_payload(
        title="Last month", starts_at=recent.isoformat(),
        ends_at=(recent + timedelta(hours=2)).isoformat(),
    )).json  # fmt: skip
    api.post(f"/events/{kept['id']}/publish")
    feed = vevents(parse(app.test_client().get("/calendar/public.ics").data))
    assert list(feed) == [f"event-{kept['id']}@planner.example"]


def test_revoked_and_unknown_tokens_answer_404_at_once(app, api, meeting):
    delegate = meeting["delegates"][0]
    client = app.test_client()
    old_path = feed_path(api, delegate)
    assert client.get(old_path).status_code == 200

    api.post(f"/delegates/{delegate['id']}/calendar-token")
    assert client.get(old_path).status_code == 404
    assert client.get(feed_path(api, delegate)).status_code == 200
    for token in ("nonsense", f"{delegate['id']}-", "99999-abc", "-", "1" * 40 + "-x"):
        assert client.get(f"/calendar/delegates/{token}.ics").status_code == 404


def test_conditional_requests_and_head(app, api, meeting):
    client = app.test_client()
    first = client.get("/calendar/public.ics")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert "max-age" in first.headers["Cache-Control"]

    assert client.get("/calendar/public.ics", headers={"If-None-Match": etag}).status_code == 304
    not_modified = client.get("/calendar/public.ics", headers={"If-Modified-Since": modified})
    assert not_modified.status_code == 304 and not_modified.data == b""
    head = client.head("/calendar/public.ics")
    assert head.status_code == 200 and head.data == b"" and head.headers["ETag"] == etag

    api.patch(f"/events/{meeting['id']}", {"title": "Renamed"})
    changed = client.get("/calendar/public.ics", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and b"Renamed" in changed.data
    assert changed.headers["ETag"] != etag
    old = format_datetime(datetime(2020, 1, 1, tzinfo=UTC), usegmt=True)
    assert client.get("/calendar/public.ics",
                      headers={"If-Modified-Since": old}).status_code == 200  # fmt: skip


def test_a_304_renders_nothing(app, api, meeting, monkeypatch):
    client = app.test_client()
    etag = client.get("/calendar/public.ics").headers["ETag"]
    from planner.calendars import views

    def fail(*args, **kwargs):
        raise AssertionError("rendered for a 304")

    monkeypatch.setattr(views, "render_feed", fail)
    assert client.get("/calendar/public.ics", headers={"If-None-Match": etag}).status_code == 304


def test_single_meeting_download_and_links_in_the_api(app, api, meeting):
    links = api.get(f"/events/{meeting['id']}").json["calendar_links"]
    assert links["ics"] == f"https://planner.example/calendar/events/{meeting['id']}.ics"
    assert links["webcal"] == "webcal://planner.example/calendar/public.ics"
    assert links["google"].startswith("https://calendar.google.com/calendar/render?cid=webcal")
    response = app.test_client().get(links["ics"].removeprefix("https://planner.example"))
    assert list(vevents(parse(response.data))) == [f"event-{meeting['id']}@planner.example"]

    delegate_links = api.get(f"/delegates/{meeting['delegates'][0]['id']}").json["calendar_links"]
    assert delegate_links["webcal"].startswith("webcal://planner.example/calendar/delegates/")


def test_feeds_follow_timetable_and_venue_changes_after_being_cached(app, api, meeting, venue):
    client = app.test_client()
    path = feed_path(api, meeting["delegates"][0])
    assert b"Opening" in client.get(path).data
    assert b"Seoul City Hall" in client.get("/calendar/public.ics").data

    sessions = api.get(f"/events/{meeting['id']}/sessions").json["items"]
    opening = next(s for s in sessions if s["title"] == "Opening")
    api.patch(f"/events/{meeting['id']}/sessions/{opening['id']}", {"title": "Welcome, 환영"})
    feed = client.get(path).data
    assert "Welcome\\, 환영".encode() in feed and b"SUMMARY:Opening" not in feed
    assert b"Welcome" in client.get("/calendar/public.ics").data  # the programme text

    api.patch(f"/venues/{venue['id']}", {"name": "Seoul Citizens' Hall"})
    public = client.get("/calendar/public.ics").data
    assert b"Seoul Citizens' Hall" in public and b"Seoul City Hall" not in public

    api.delete(f"/events/{meeting['id']}/sessions/{opening['id']}")
    assert b"Welcome" not in client.get(path).data
