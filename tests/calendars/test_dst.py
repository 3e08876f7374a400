"""Meetings around a change of clocks: every calendar reader puts them at the same instant.

In the hour a zone repeats when its clocks go back (01:30 on 7 November 2027 in New York comes
twice), a local time with a TZID names two instants and readers take the first; around the
hour a zone skips, a wrong offset would show too. Four zones: both hemispheres, a European
03:00 change and Santiago's change at midnight.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.calendars.service import (
    Feed,
    event_uid,
    invitation,
    render_feed,
    session_uid,
    site_from_config,
)
from planner.events.models import Participation
from planner.extensions import db
from tests.conftest import event_payload
from tests.support import calendar_clients
from tests.support.meetings import person

ZONES = ["America/New_York", "Europe/Paris", "Australia/Sydney", "America/Santiago"]
READERS = {
    "icalendar": lambda ics: calendar_clients._times_from_icalendar(
        calendar_clients.check_icalendar(ics)
    ),
    "vobject": lambda ics: calendar_clients._times_from_vobject(
        calendar_clients.check_vobject(ics)
    ),
    "ical.js": lambda ics: calendar_clients._times_from_json(calendar_clients.check_icaljs(ics)),
    "libical": lambda ics: calendar_clients._times_from_json(calendar_clients.check_libical(ics)),
}


def clock_changes(zone: str, year: int = 2027) -> list[datetime]:
    """The UTC instants at which the zone's offset changes during the year."""
    tz, changes = ZoneInfo(zone), []
    moment = datetime(year, 1, 1, tzinfo=UTC)
    while moment.year == year:
        later = moment + timedelta(minutes=15)
        if moment.astimezone(tz).utcoffset() != later.astimezone(tz).utcoffset():
            changes.append(later)
        moment = later
    assert len(changes) == 2, (zone, changes)
    return changes


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def meetings_around_clock_changes(app, api, organisation, zone) -> tuple[bytes, list, dict]:
    """Meetings (one session each, one participant) starting half an hour before and after
    each change: in the repeated hour, both of its occurrences; at the skipped hour, the last
    minutes before it and the first after. The delegate's feed, the invitations and the UTC
    times every VEVENT must have."""
    site = site_from_config(app.config)
    delegate = person(api, organisation["id"], "Ana Díaz", "Ana Díaz", "ana@x.example", zone)
    expected: dict[str, dict[str, str]] = {}
    invitations = []
    for change in clock_changes(zone):
        for start in (change - timedelta(minutes=30), change + timedelta(minutes=30)):
            end = start + timedelta(minutes=45)
            event = api.post("/events", event_payload(
                title=f"Meeting at {start.astimezone(ZoneInfo(zone))}", timezone=zone,
                starts_at=start.isoformat(), ends_at=end.isoformat(),
            )).json  # fmt: skip
            session = api.post(f"/events/{event['id']}/sessions", {
                "title": "Plenary", "kind": "plenary",
                "starts_at": start.isoformat(), "ends_at": end.isoformat(),
            }).json  # fmt: skip
            assert api.post(f"/events/{event['id']}/publish").status_code == 200
            added = api.post(f"/events/{event['id']}/participants",
                             {"delegate_id": delegate["id"], "role": "guest"})  # fmt: skip
            assert added.status_code == 201, added.json
            times = {"dtstart": utc_text(start), "dtend": utc_text(end)}
            expected[event_uid(event["id"], site)] = times
            expected[session_uid(session["id"], site)] = times
            participation = db.session.get(Participation, added.json["id"])
            invitations.append(invitation(participation, site, "https://x.example/rsvp"))
    feed = render_feed(
        Feed("delegate", str(delegate["id"]), "feed", True),
        site,
        now=datetime(2027, 1, 1, tzinfo=UTC),
    )
    return feed, invitations, expected


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("zone", ZONES)
def test_every_reader_gets_the_same_instant_around_clock_changes(
    app, api, organisation, zone, reader
):
    feed, invitations, expected = meetings_around_clock_changes(app, api, organisation, zone)
    read = READERS[reader]
    assert {uid: times for (uid, _recurrence), times in read(feed).items()} == expected
    for message in invitations:
        (((uid, _recurrence), times),) = read(message).items()
        assert times == expected[uid], uid


@pytest.mark.parametrize("zone", ZONES)
def test_radicale_finds_them_at_that_instant(app, api, organisation, zone, caldav_server):
    feed, _invitations, expected = meetings_around_clock_changes(app, api, organisation, zone)
    caldav_server.put_events(feed)
    minute = timedelta(minutes=1)
    for uid, times in expected.items():
        start = datetime.fromisoformat(times["dtstart"])
        end = datetime.fromisoformat(times["dtend"])
        assert uid in caldav_server.report_time_range(start, start + minute), uid
        assert uid not in caldav_server.report_time_range(start - minute, start), uid
        assert uid in caldav_server.report_time_range(end - minute, end), uid
        assert uid not in caldav_server.report_time_range(end, end + minute), uid
