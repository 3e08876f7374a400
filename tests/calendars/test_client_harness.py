"""The calendar-client harness itself (tests/support/calendar_clients.py), on hand-written samples.

Each checker must accept a good sample and report at least one real defect. Tests that run
node/ical.js, libical or Radicale skip when the tool is missing, and fail under
REQUIRE_SERVICES=1.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from tests.support.calendar_clients import (
    CalDAVClient,
    check_everywhere,
    check_format,
    check_icalendar,
    check_icaljs,
    check_libical,
    check_rfc5545,
    check_vobject,
    split_for_caldav,
)

SEOUL = ZoneInfo("Asia/Seoul")
BERLIN = ZoneInfo("Europe/Berlin")
TITLE = "Plenary, part 1; budget & delegates 🎉 — 서울 총회 본회의 (Seoul City Hall)"
UID = "plenary-2027@planner.example"


def make_event(
    uid: str = UID, start: datetime | None = None, hours: int = 2, **extra
) -> icalendar.Event:
    start = start or datetime(2027, 5, 11, 10, 0, tzinfo=SEOUL)
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", datetime(2027, 1, 2, 3, 4, 5, tzinfo=UTC))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(hours=hours))
    event.add("summary", TITLE)
    event.add("sequence", extra.pop("sequence", 0))
    for name, value in extra.items():
        event.add(name, value)
    return event


def make_calendar(*events: icalendar.Event, method: str | None = None) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Assembly Planner//harness test//EN")
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    for event in events or (make_event(),):
        calendar.add_component(event)
    calendar.add_missing_timezones()  # icalendar 7's own VTIMEZONEs (1970..2038)
    return calendar


def tidy_vtimezones(calendar: icalendar.Calendar) -> icalendar.Calendar:
    """What icalendar 7's VTIMEZONEs need before clients read them right: no COMMENT
    (libical's restriction check rejects it) and one date per RDATE (ical.js reads only the
    first value of each RDATE)."""
    for timezone in calendar.walk("VTIMEZONE"):
        timezone.pop("COMMENT", None)
        for observance in timezone.subcomponents:
            rdates = observance.pop("RDATE", None)
            for rdate in rdates if isinstance(rdates, list) else [rdates] if rdates else []:
                for period in rdate.dts:
                    observance.add("RDATE", period.dt)
    return calendar


def good_sample(method: str | None = None) -> bytes:
    return tidy_vtimezones(make_calendar(method=method)).to_ical()


def organised(event: icalendar.Event) -> icalendar.Event:
    organizer = icalendar.vCalAddress("mailto:secretariat@planner.example")
    organizer.params["CN"] = "Secretariat"
    attendee = icalendar.vCalAddress("mailto:minjun.kim@seoul.example")
    attendee.params.update(
        {"CN": "김민준", "ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"}
    )
    event.add("organizer", organizer)
    event.add("attendee", attendee)
    return event


def replace(ics: bytes, old: bytes, new: bytes) -> bytes:
    assert ics.count(old) == 1, f"{old!r} is not in the sample exactly once"
    return ics.replace(old, new)


# The good sample.


def test_sample_is_folded_utf8_with_escaped_title():
    ics = good_sample()
    assert b"COMMENT" not in ics
    assert "서울 총회".encode() in ics and "🎉".encode() in ics
    assert b"\\, part 1\\; budget" in ics
    assert any(line.startswith(b" ") for line in ics.split(b"\r\n")), "the title is folded"
    check_format(ics)
    calendar = check_icalendar(ics)
    check_rfc5545(ics)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == TITLE
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2027, 5, 11, 1, 0, tzinfo=UTC)


def test_vobject_accepts_the_sample():
    calendar = check_vobject(good_sample())
    assert calendar.vevent.summary.value == TITLE
    assert calendar.vevent.dtstart.value.astimezone(UTC) == datetime(2027, 5, 11, 1, tzinfo=UTC)


def test_icaljs_puts_10_00_seoul_at_01_00z():
    result = check_icaljs(good_sample())
    assert result["method"] is None
    [event] = result["events"]
    assert event["uid"] == UID
    assert event["summary"] == TITLE
    assert event["tzid"] == "Asia/Seoul"
    assert event["dtstart"] == "2027-05-11T01:00:00Z"
    assert event["dtend"] == "2027-05-11T03:00:00Z"


def test_libical_puts_10_00_seoul_at_01_00z():
    result = check_libical(good_sample())
    [event] = result["events"]
    assert (event["uid"], event["summary"]) == (UID, TITLE)
    assert event["dtstart"] == "2027-05-11T01:00:00Z"
    assert event["dtend"] == "2027-05-11T03:00:00Z"


def test_everything_accepts_the_sample_and_agrees():
    parsed = check_everywhere(good_sample())
    assert parsed.icaljs["events"][0]["dtstart"] == parsed.libical["events"][0]["dtstart"]


def test_itip_request_and_cancel():
    request = tidy_vtimezones(
        make_calendar(organised(make_event(sequence=1)), method="REQUEST")
    ).to_ical()
    parsed = check_everywhere(request)
    assert parsed.icaljs["method"] == parsed.libical["method"] == "REQUEST"
    assert parsed.icaljs["events"][0]["sequence"] == 1

    cancel = tidy_vtimezones(
        make_calendar(organised(make_event(sequence=2, status="CANCELLED")), method="CANCEL")
    ).to_ical()
    parsed = check_everywhere(cancel)
    assert parsed.icaljs["method"] == "CANCEL"
    assert [e["status"] for e in parsed.libical["events"]] == ["CANCELLED"]
    assert [e["sequence"] for e in parsed.icaljs["events"]] == [2]


# Quirks of icalendar 7's VTIMEZONEs, as the clients see them.


def test_libical_rejects_icalendar7_vtimezone_comment_in_a_feed():
    """icalendar 7 writes COMMENT:This timezone only works from 1970-01-01 to 2038-01-01. in
    every VTIMEZONE; RFC 5545 allows no COMMENT there and libical's restriction check says so
    (parsing alone does not)."""
    raw = make_calendar().to_ical()
    assert b"COMMENT:This timezone only works from" in raw
    with pytest.raises(AssertionError, match=r"INVALID-ITIP.*COMMENT property"):
        check_libical(raw)
    check_libical(raw, restrictions=False)
    check_icaljs(raw)
    check_vobject(raw)


def test_icaljs_misreads_icalendar7_multi_valued_rdate():
    """icalendar 7 lists all DST transitions in one RDATE; ical.js uses only its first value,
    so a summer meeting in Berlin would be an hour late (09:00Z instead of 08:00Z)."""
    summer = make_event(start=datetime(2027, 7, 6, 10, 0, tzinfo=BERLIN))
    raw = make_calendar(summer).to_ical()
    with pytest.raises(AssertionError, match=r"ical\.js uses only the first value of each RDATE"):
        check_icaljs(raw)
    tidy = tidy_vtimezones(make_calendar(summer)).to_ical()
    assert check_icaljs(tidy)["events"][0]["dtstart"] == "2027-07-06T08:00:00Z"
    assert check_libical(tidy)["events"][0]["dtstart"] == "2027-07-06T08:00:00Z"


def test_a_vtimezone_that_ends_before_the_meeting_is_caught_by_the_cross_check():
    """icalendar 7's VTIMEZONEs stop at 2038: every client puts a July 2040 Berlin meeting in
    winter time."""
    late = make_event(start=datetime(2040, 7, 10, 10, 0, tzinfo=BERLIN))
    ics = tidy_vtimezones(make_calendar(late)).to_ical()
    expected = r"(?s)cross-check.*DTSTART is 2040-07-10T09:00:00Z for ical\.js"
    with pytest.raises(AssertionError, match=expected):
        check_everywhere(ics)


# Each checker reports real defects.

GOOD = good_sample()
START = b"DTSTART;TZID=Asia/Seoul:20270511T100000"
END = b"DTEND;TZID=Asia/Seoul:20270511T120000"
UID_LINE = f"UID:{UID}\r\n".encode()
DEFECTS: dict[str, bytes] = {
    "bare LF": replace(GOOD, UID_LINE, UID_LINE[:-2] + b"\n"),
    "unfolded 200-octet line": replace(
        GOOD, UID_LINE, UID_LINE + b"DESCRIPTION:" + b"x" * 188 + b"\r\n"
    ),
    "fold inside a UTF-8 character": replace(
        GOOD, UID_LINE, UID_LINE + b"LOCATION:\xec\x84\r\n \x9c\xec\x9a\xb8\r\n"
    ),
    "blank line": replace(GOOD, UID_LINE, UID_LINE + b"\r\n"),
    "line without colon": replace(GOOD, UID_LINE, UID_LINE + b"THIS LINE HAS NO COLON\r\n"),
    "broken DATE-TIME": replace(GOOD, END, b"DTEND;TZID=Asia/Seoul:2027-05-11 12:00"),
    "DTEND before DTSTART": replace(GOOD, END, b"DTEND;TZID=Asia/Seoul:20270511T080000"),
    "missing UID": replace(GOOD, UID_LINE, b""),
    "TZID without VTIMEZONE": GOOD.replace(b"TZID=Asia/Seoul", b"TZID=Asia/Pyongyang"),
    "unknown TZID": GOOD.replace(b"TZID=Asia/Seoul", b"TZID=Mars/Olympus"),
    "parameter without value": replace(GOOD, START, b"DTSTART;TZID:20270511T100000"),
    "unclosed VEVENT": replace(GOOD, b"END:VEVENT\r\n", b""),
    "REQUEST without ORGANIZER/ATTENDEE": good_sample(method="REQUEST"),
}

# For each checker, defects it must report (at least one of its own, none invented).
REPORTED: list[tuple[Callable[[bytes], object], str, str]] = [
    (check_format, "bare LF", "bare LF"),
    (check_format, "unfolded 200-octet line", "200 octets, over 75"),
    (check_format, "fold inside a UTF-8 character", "folded inside a multi-octet character"),
    (check_format, "blank line", "blank line"),
    (check_icalendar, "line without colon", "icalendar .*could not be parsed"),
    (check_icalendar, "broken DATE-TIME", "icalendar .*Wrong datetime format"),
    (check_icalendar, "unclosed VEVENT", "icalendar .*0 top-level components"),
    (check_rfc5545, "DTEND before DTSTART", "DTEND .* is not after DTSTART"),
    (check_rfc5545, "missing UID", "VEVENT without UID"),
    (check_rfc5545, "TZID without VTIMEZONE", "TZID=Asia/Pyongyang is used but has no VTIMEZONE"),
    (check_vobject, "missing UID", "vobject .*must contain at least 1 UID"),
    (check_vobject, "line without colon", "vobject .*Failed to parse line"),
    (check_vobject, "broken DATE-TIME", "vobject .*ParseError"),
    (check_vobject, "unclosed VEVENT", "vobject .*wasn't closed"),
    # vobject resolves a missing VTIMEZONE by IANA name (pytz); only an unknown TZID is logged.
    (check_vobject, "unknown TZID", "vobject .*logged ERROR: 'Mars/Olympus'"),
    (check_icaljs, "parameter without value", "ical.js.*ParserError: Invalid parameters"),
    (check_icaljs, "line without colon", "ical.js.*ParserError: invalid line"),
    (check_icaljs, "unclosed VEVENT", "ical.js.*component began but did not end"),
    (check_icaljs, "broken DATE-TIME", "ical.js.*Could not extract integer"),
    (check_icaljs, "TZID without VTIMEZONE", "ical.js.*became a floating"),
    (check_icaljs, "missing UID", "ical.js.*VEVENT without UID"),
    (check_libical, "broken DATE-TIME", r"libical.*X-LIC-ERROR \[VALUE-PARSE-ERROR\]"),
    (check_libical, "line without colon", r"libical.*X-LIC-ERROR \[.*could not find a property"),
    (check_libical, "parameter without value", r"libical.*Can't parse parameter name"),
    (check_libical, "unclosed VEVENT", "libical returned no component"),
    (check_libical, "TZID without VTIMEZONE", "libical.*Asia/Pyongyang has no matching VTIMEZONE"),
    (check_libical, "REQUEST without ORGANIZER/ATTENDEE", r"INVALID-ITIP.*ORGANIZER property"),
]


@pytest.mark.parametrize(
    ("check", "defect", "message"),
    REPORTED,
    ids=[f"{check.__name__}-{defect}" for check, defect, _ in REPORTED],
)
def test_checker_reports_defect(check, defect, message):
    with pytest.raises(AssertionError, match="(?s)" + message):
        check(DEFECTS[defect])


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_check_everywhere_rejects_every_defect(defect):
    with pytest.raises(AssertionError):
        check_everywhere(DEFECTS[defect])


# Radicale.


def test_split_for_caldav_one_object_per_uid_without_method():
    recurring = make_event(uid="weekly@planner.example", rrule={"FREQ": "WEEKLY", "COUNT": 4})
    moved = make_event(
        uid="weekly@planner.example",
        start=datetime(2027, 5, 19, 15, 0, tzinfo=SEOUL),
        recurrence_id=datetime(2027, 5, 18, 10, 0, tzinfo=SEOUL),
    )
    berlin = make_event(uid="berlin@planner.example", start=datetime(2027, 7, 6, 10, tzinfo=BERLIN))
    ics = tidy_vtimezones(
        make_calendar(make_event(), recurring, moved, berlin, method="REQUEST")
    ).to_ical()
    objects = split_for_caldav(ics)
    assert sorted(objects) == sorted([UID, "weekly@planner.example", "berlin@planner.example"])
    for uid, body in objects.items():
        assert b"METHOD" not in body
        check_format(body)
        calendar = check_icalendar(body)
        assert {str(e["UID"]) for e in calendar.walk("VEVENT")} == {uid}
        assert calendar["PRODID"] == "-//Assembly Planner//harness test//EN"
    weekly = icalendar.Calendar.from_ical(objects["weekly@planner.example"])
    assert len(weekly.walk("VEVENT")) == 2, "the override travels with its master"
    assert [str(tz["TZID"]) for tz in weekly.walk("VTIMEZONE")] == ["Asia/Seoul"]
    assert b"TZID:Europe/Berlin" in objects["berlin@planner.example"]
    assert b"TZID:Asia/Seoul" not in objects["berlin@planner.example"]


def test_radicale_finds_the_meeting_at_01_00z_only(caldav_server: CalDAVClient):
    href = caldav_server.put_event(good_sample())
    assert href.startswith("/user/calendar/") and href.endswith(".ics")
    at = datetime(2027, 5, 11, 1, 0, tzinfo=UTC)
    assert caldav_server.report_time_range(
        at - timedelta(minutes=30), at + timedelta(minutes=30)
    ) == [UID]
    assert caldav_server.report_time_range(at + timedelta(hours=3), at + timedelta(hours=4)) == []
    next_day = at + timedelta(days=1)
    assert (
        caldav_server.report_time_range(
            next_day - timedelta(hours=1), next_day + timedelta(hours=1)
        )
        == []
    )


def test_radicale_stores_an_itip_feed_split_per_uid(caldav_server: CalDAVClient):
    first = organised(make_event())
    other = organised(
        make_event(uid="second@planner.example", start=datetime(2027, 5, 12, 9, tzinfo=SEOUL))
    )
    ics = tidy_vtimezones(make_calendar(first, other, method="REQUEST")).to_ical()
    hrefs = check_everywhere(ics, caldav=caldav_server).caldav_hrefs
    assert sorted(hrefs) == sorted([UID, "second@planner.example"])
    assert b"METHOD" not in caldav_server.get(hrefs[UID])
    day = datetime(2027, 5, 11, tzinfo=UTC)
    assert caldav_server.report_time_range(day, day + timedelta(days=2)) == sorted(hrefs)
    # A new SEQUENCE of the same UID replaces the stored object.
    again = tidy_vtimezones(make_calendar(make_event(sequence=1, hours=3))).to_ical()
    assert caldav_server.put_event(again) == hrefs[UID]


def test_radicale_rejects_what_vobject_cannot_read(caldav_server: CalDAVClient):
    with pytest.raises(AssertionError, match=r"Radicale answered 400(.|\n)*Bad PUT request"):
        caldav_server.put_event(DEFECTS["broken DATE-TIME"])
    two_uids = replace(
        GOOD,
        b"END:VCALENDAR",
        b"BEGIN:VEVENT\r\nUID:other@test\r\nDTSTAMP:20270101T000000Z\r\n"
        b"DTSTART:20270101T000000Z\r\nEND:VEVENT\r\nEND:VCALENDAR",
    )
    status, _ = caldav_server.request("PUT", "/user/calendar/raw.ics", two_uids)
    assert status == 400, "one calendar object resource, one UID (RFC 4791 §4.1)"
