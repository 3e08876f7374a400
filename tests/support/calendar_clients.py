"""Check iCalendar bytes with the parsers of real calendar clients.

Every ``check_*`` function takes the bytes of one iCalendar object (a feed without METHOD, or
an iTIP message with METHOD:REQUEST / METHOD:CANCEL) and raises ``AssertionError`` naming the
parser and quoting its complaint when that parser has *any* complaint. They return what the
parser understood, so tests can assert on it (e.g. a 10:00 Asia/Seoul meeting is 01:00Z).

- :func:`check_format`: the bytes themselves (RFC 5545 §3.1): CRLF everywhere, no physical line
  over 75 octets, folding never splits a UTF-8 character, no blank lines, no control characters.
- :func:`check_icalendar`: ``icalendar`` (the library the app writes with) plus
  :func:`check_format`; every component's ``errors`` must be empty.
- :func:`check_rfc5545`: structural rules no parser below enforces (UID/DTSTAMP/DTSTART present,
  DTEND after DTSTART, one VTIMEZONE per TZID used, METHOD value, ...).
- :func:`check_vobject`: ``vobject`` (what Radicale and other Python servers use), parse with
  validation, ``validate(raiseException=True)``, serialize; its logged errors count too.
- :func:`check_icaljs`: Mozilla's ``ical.js`` (Thunderbird),
  ``node tests/support/js/parse_ical.mjs``.
- :func:`check_libical`: libical 3 (Evolution, via ICalGLib) through ``/usr/bin/python3
  tests/support/libical_parse.py``, including libical's RFC 5545/5546 restriction check.
- :func:`check_everywhere`: all of the above (and, given a :class:`CalDAVClient`, a PUT to
  Radicale).
- ``caldav_server`` (:func:`caldav_server_fixture`): pytest fixture, a throwaway Radicale
  CalDAV server and a :class:`CalDAVClient` for it.

When node/ical.js, libical or Radicale is missing, the test is skipped, or fails when
``REQUIRE_SERVICES=1`` (:func:`tests.conftest.service_missing`).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

import icalendar
import pytest

from tests.conftest import service_missing

SUPPORT = Path(__file__).resolve().parent
ICALJS_SCRIPT = SUPPORT / "js" / "parse_ical.mjs"
ICALJS_MODULE = SUPPORT / "js" / "node_modules" / "ical.js" / "package.json"
LIBICAL_SCRIPT = SUPPORT / "libical_parse.py"
# The venv cannot import PyGObject; Debian's python3-gi lives with the system interpreter.
SYSTEM_PYTHON = os.environ.get("LIBICAL_PYTHON", "/usr/bin/python3")
SUBPROCESS_TIMEOUT = 60

MAX_LINE_OCTETS = 75
ITIP_METHODS = {"PUBLISH", "REQUEST", "REPLY", "ADD", "CANCEL", "REFRESH", "COUNTER"}
ITIP_METHODS |= {"DECLINECOUNTER"}


def _fail(parser: str, complaints: list[str]) -> None:
    if complaints:
        listing = "\n".join(f"  - {complaint}" for complaint in complaints)
        raise AssertionError(f"{parser} complains about this iCalendar object:\n{listing}")


# 1. The bytes, and the icalendar library.


def check_format(ics: bytes) -> None:
    """RFC 5545 §3.1 on the raw bytes: CRLF line ends, lines of at most 75 octets, folding
    that never splits a UTF-8 character, no blank lines, no control characters, no BOM."""
    if not ics:
        _fail("format (RFC 5545 §3.1)", ["no bytes at all"])
    complaints: list[str] = []
    if not ics.endswith(b"\r\n"):
        complaints.append("does not end with CRLF")
    pieces = ics.split(b"\r\n")
    if pieces[-1] == b"":
        pieces.pop()
    for number, piece in enumerate(pieces, start=1):
        if b"\n" in piece or b"\r" in piece:
            complaints.append(f"line {number} ({piece[:40]!r}...): bare LF or CR, not CRLF")
        for line in re.split(rb"\r|\n", piece):
            where = f"line {number} ({line[:40]!r}...)"
            if len(line) > MAX_LINE_OCTETS:
                complaints.append(f"{where}: {len(line)} octets, over {MAX_LINE_OCTETS}: fold it")
            if not line.strip():
                complaints.append(f"line {number}: blank line")
            try:
                line.decode("utf-8", errors="strict")
            except UnicodeDecodeError as error:
                complaints.append(
                    f"{where}: not UTF-8 on its own ({error.reason} at octet {error.start}): "
                    "invalid UTF-8, or folded inside a multi-octet character"
                )
            controls = {f"0x{b:02X}" for b in line if (b < 0x20 and b != 0x09) or b == 0x7F}
            if controls:
                complaints.append(f"{where}: control characters {', '.join(sorted(controls))}")
    first = re.split(rb"\r|\n", ics, maxsplit=1)[0]
    if first.upper() != b"BEGIN:VCALENDAR":
        complaints.append(f"first line is {first[:40]!r}, not BEGIN:VCALENDAR (a BOM?)")
    _fail("format (RFC 5545 §3.1)", complaints)


def check_icalendar(ics: bytes) -> icalendar.Calendar:
    """:func:`check_format`, then parse with ``icalendar``; fail on any component's ``errors``."""
    check_format(ics)
    try:
        calendars = icalendar.Calendar.from_ical(ics, multiple=True)
    except Exception as error:  # icalendar raises ValueError, IndexError, KeyError...
        _fail("icalendar", [f"from_ical raised {type(error).__name__}: {error}"])
    if len(calendars) != 1:
        _fail("icalendar", [f"{len(calendars)} top-level components, expected one VCALENDAR"])
    calendar = calendars[0]
    complaints = []
    if calendar.name != "VCALENDAR":
        complaints.append(f"top-level component is {calendar.name}, not VCALENDAR")
    for component in calendar.walk():
        for prop, error in component.errors:
            complaints.append(f"{component.name} {prop or '(content line)'}: {error}")
    _fail("icalendar", complaints)
    return calendar


def _tzids_used(component: icalendar.cal.Component) -> set[str]:
    found = set()
    for sub in component.walk():
        if sub.name == "VTIMEZONE":
            continue
        for value in sub.property_items(recursive=False):
            params = getattr(value[1], "params", None)
            if params and "TZID" in params:
                found.add(str(params["TZID"]))
    return found


def _as_datetime(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def check_rfc5545(ics: bytes) -> icalendar.Calendar:
    """:func:`check_icalendar`, then RFC 5545/5546 rules that the client parsers let through
    (they accept, then misbehave)."""
    calendar = check_icalendar(ics)
    complaints = []
    if "PRODID" not in calendar:
        complaints.append("VCALENDAR without PRODID (§3.7.3)")
    if str(calendar.get("VERSION", "")) != "2.0":
        complaints.append(f"VERSION is {calendar.get('VERSION')!r}, not 2.0 (§3.7.4)")
    method = str(calendar.get("METHOD", "")) or None
    if method is not None and method not in ITIP_METHODS:
        complaints.append(f"METHOD:{method} is not an iTIP method (RFC 5546 §1.4)")

    timezones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE") if "TZID" in tz}
    for tzid in sorted(_tzids_used(calendar) - timezones):
        complaints.append(f"TZID={tzid} is used but has no VTIMEZONE (§3.2.19)")
    only_timezones = all(c.name == "VTIMEZONE" for c in calendar.subcomponents)
    if method is not None and only_timezones:
        complaints.append(f"METHOD:{method} message without any VEVENT/VTODO")

    seen: dict[tuple[str, str], int] = {}
    for event in calendar.walk("VEVENT"):
        uid = str(event.get("UID", "")) or None
        label = f"VEVENT {uid!r}"
        if uid is None:
            complaints.append("VEVENT without UID (§3.6.1)")
        if "DTSTAMP" not in event:
            complaints.append(f"{label} without DTSTAMP (§3.6.1)")
        if "DTSTART" not in event and method is None:
            complaints.append(f"{label} without DTSTART (§3.6.1, required without METHOD)")
        if "DTEND" in event and "DURATION" in event:
            complaints.append(f"{label} has both DTEND and DURATION (§3.6.1)")
        if "DTSTART" in event and "DTEND" in event:
            start, end = event.decoded("DTSTART"), event.decoded("DTEND")
            if type(start) is not type(end):
                complaints.append(f"{label}: DTSTART and DTEND differ in value type (§3.8.2.2)")
            elif _as_datetime(end) <= _as_datetime(start):
                complaints.append(f"{label}: DTEND {end} is not after DTSTART {start} (§3.8.2.2)")
        key = (uid or "", str(event.get("RECURRENCE-ID", "")))
        seen[key] = seen.get(key, 0) + 1
        if seen[key] == 2:
            complaints.append(f"{label} appears twice with the same RECURRENCE-ID")
        status = str(event.get("STATUS", "")) or None
        if method == "CANCEL" and status not in (None, "CANCELLED"):
            complaints.append(f"{label}: METHOD:CANCEL with STATUS:{status}")
    _fail("RFC 5545", complaints)
    return calendar


# 2. vobject.


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"logged {record.levelname}: {record.getMessage()}")


@contextlib.contextmanager
def _vobject_log() -> Iterator[list[str]]:
    """vobject reports some problems (an unknown TZID...) only by logging them."""
    handler = _Collect()
    loggers = [logging.getLogger(), logging.getLogger("vobject"), logging.getLogger("vobject.base")]
    levels = [logger.level for logger in loggers]
    logging.getLogger().addHandler(handler)
    for logger in loggers[1:]:
        logger.setLevel(logging.WARNING)
    try:
        yield handler.messages
    finally:
        logging.getLogger().removeHandler(handler)
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def check_vobject(ics: bytes) -> Any:
    """Parse with ``vobject`` (validating), validate, serialize; returns the VCALENDAR.

    vobject 0.9.9 accepts ``complainUnrecognized`` but never acts on it. It reports an unknown
    TZID only by logging (and a floating time); a missing VTIMEZONE for a TZID that is an IANA
    name it resolves silently through pytz.
    """
    import vobject
    from vobject.base import VObjectError

    complaints: list[str] = []
    calendar = None
    with _vobject_log() as logged:
        try:
            text = ics.decode("utf-8")
            components = list(vobject.readComponents(text, validate=True))
            if len(components) != 1:
                complaints.append(f"{len(components)} top-level components, expected one")
            calendar = components[0]
            calendar.behavior.validate(calendar, raiseException=True, complainUnrecognized=True)
            calendar.serialize()
            for event in calendar.contents.get("vevent", []):
                for name in ("dtstart", "dtend"):
                    line = event.contents.get(name, [None])[0]
                    value = getattr(line, "value", None)
                    params = line.params if line is not None else {}
                    # vobject moves a TZID it cannot resolve to X-VOBJ-ORIGINAL-TZID.
                    tzid = params.get("TZID") or params.get("X-VOBJ-ORIGINAL-TZID")
                    if isinstance(value, datetime) and value.tzinfo is None and tzid:
                        complaints.append(
                            f"VEVENT {name.upper()};TZID={tzid[0]}: unknown time zone, "
                            "vobject made it a floating time"
                        )
        except (VObjectError, ValueError, StopIteration, UnicodeDecodeError) as error:
            complaints.append(f"{type(error).__name__}: {error}")
        except Exception as error:  # vobject leaks AttributeError, KeyError, TypeError...
            complaints.append(f"unexpected {type(error).__name__}: {error!r}")
    _fail("vobject", complaints + list(dict.fromkeys(logged)))
    return calendar


# 3. ical.js (Thunderbird) and 4. libical (Evolution), out of process.


def _run_json(argv: list[str], ics: bytes, parser: str) -> dict:
    try:
        done = subprocess.run(
            argv,
            input=ics,
            capture_output=True,
            timeout=SUBPROCESS_TIMEOUT,
            check=False,
            cwd=SUPPORT.parents[1],
        )
    except FileNotFoundError as error:
        service_missing(parser, error)
    stdout = done.stdout.decode("utf-8", "replace").strip()
    try:
        result = json.loads(stdout.splitlines()[-1]) if stdout else None
    except json.JSONDecodeError:
        result = None
    if isinstance(result, dict) and "unavailable" in result:
        service_missing(parser, RuntimeError(result["unavailable"]))
    if done.returncode != 0 or not isinstance(result, dict):
        raise AssertionError(
            f"{parser} crashed (exit {done.returncode}) on this iCalendar object:\n"
            f"{done.stderr.decode('utf-8', 'replace')[-3000:]}\n{stdout[-2000:]}"
        )
    return result


def check_icaljs(ics: bytes) -> dict:
    """Parse with ical.js; returns ``{"method", "events": [{uid, summary, sequence, status,
    recurrence_id, tzid, dtstart, dtend}]}``, times as UTC ``YYYY-MM-DDTHH:MM:SSZ`` strings
    (``YYYY-MM-DD`` for dates). ``sequence`` is None when the VEVENT has no SEQUENCE."""
    node = shutil.which("node")
    if node is None or not ICALJS_MODULE.is_file():
        service_missing(
            "ical.js",
            RuntimeError(
                "needs node and `npm ci --prefix tests/support/js` (tests/support/js/node_modules)"
            ),
        )
    result = _run_json([node, str(ICALJS_SCRIPT)], ics, "ical.js")
    _fail("ical.js (Thunderbird)", result.get("complaints", []))
    return result


def check_libical(ics: bytes, *, restrictions: bool = True) -> dict:
    """Parse with libical; returns ``{"method", "events": [{uid, summary, sequence, status,
    recurrence_id, tzid, dtstart, dtend}]}`` like :func:`check_icaljs` (``sequence`` is 0 when
    absent). ``restrictions`` also runs libical's RFC 5545/5546 restriction check
    (``icalcomponent_check_restrictions``), whose rules depend on METHOD: without METHOD it
    rejects a COMMENT in VTIMEZONE, with REQUEST it requires ORGANIZER and ATTENDEE..."""
    if not Path(SYSTEM_PYTHON).is_file():
        service_missing("libical", RuntimeError(f"{SYSTEM_PYTHON} not found"))
    argv = [SYSTEM_PYTHON, str(LIBICAL_SCRIPT)]
    if not restrictions:
        argv.append("--no-restrictions")
    result = _run_json(argv, ics, "libical")
    _fail("libical (Evolution)", result.get("complaints", []))
    return result


@dataclass
class Parsed:
    """What each parser understood, from :func:`check_everywhere`."""

    icalendar: icalendar.Calendar
    vobject: Any
    icaljs: dict
    libical: dict
    caldav_hrefs: dict[str, str] = field(default_factory=dict)


def _utc_text(value: date | datetime | None) -> str | None:
    """The scripts' notation: ``YYYY-MM-DDTHH:MM:SSZ``, ``YYYY-MM-DD``; None when floating."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        return value.isoformat()
    if value.tzinfo is None or value.utcoffset() is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


Times = dict[tuple[str, str | None], dict[str, str | None]]


def _times_from_json(result: dict) -> Times:
    return {
        (event["uid"], event.get("recurrence_id")): {
            "dtstart": event.get("dtstart"),
            "dtend": event.get("dtend"),
        }
        for event in result.get("events", [])
    }


def _times_from_icalendar(calendar: icalendar.Calendar) -> Times:
    """icalendar resolves an IANA TZID with zoneinfo, whatever the VTIMEZONE says: the truth
    the app meant to write."""
    times: Times = {}
    for event in calendar.walk("VEVENT"):
        recurrence = event.decoded("RECURRENCE-ID") if "RECURRENCE-ID" in event else None
        start = event.decoded("DTSTART") if "DTSTART" in event else None
        if "DTEND" in event:
            end = event.decoded("DTEND")
        elif "DURATION" in event and start is not None:
            end = start + event.decoded("DURATION")
        else:
            end = None
        times[(str(event.get("UID", "")), _utc_text(recurrence))] = {
            "dtstart": _utc_text(start),
            "dtend": _utc_text(end),
        }
    return times


def _times_from_vobject(calendar: Any) -> Times:
    times: Times = {}
    for event in calendar.contents.get("vevent", []):

        def value(name: str, event: Any = event) -> Any:
            line = event.contents.get(name, [None])[0]
            return None if line is None else line.value

        start, end, duration = value("dtstart"), value("dtend"), value("duration")
        if end is None and duration is not None and start is not None:
            end = start + duration
        key = (str(value("uid") or ""), _utc_text(value("recurrence-id")))
        times[key] = {"dtstart": _utc_text(start), "dtend": _utc_text(end)}
    return times


def check_agreement(parsed: Parsed) -> None:
    """Every parser must put every VEVENT at the same UTC start and end.

    icalendar (zoneinfo) is the reference; the others read the VTIMEZONEs in the bytes, so
    a VTIMEZONE that is wrong, too short (icalendar 7 stops at 2038) or misread (ical.js and
    multi-valued RDATE) shows up here.
    """
    reference = _times_from_icalendar(parsed.icalendar)
    others = {
        "vobject": _times_from_vobject(parsed.vobject),
        "ical.js": _times_from_json(parsed.icaljs),
        "libical": _times_from_json(parsed.libical),
    }
    complaints = []
    for key, expected in reference.items():
        uid, recurrence = key
        label = f"VEVENT {uid!r}" + (f" RECURRENCE-ID {recurrence}" if recurrence else "")
        for parser, times in others.items():
            got = times.get(key)
            if got is None:
                complaints.append(f"{label}: {parser} did not find it")
                continue
            for name in ("dtstart", "dtend"):
                if expected[name] is not None and got[name] != expected[name]:
                    complaints.append(
                        f"{label}: {name.upper()} is {got[name]} for {parser}, "
                        f"{expected[name]} for icalendar/zoneinfo"
                    )
    _fail("cross-check (UTC times)", complaints)


def check_everywhere(ics: bytes, caldav: CalDAVClient | None = None) -> Parsed:
    """Every check above, then :func:`check_agreement`; with a :class:`CalDAVClient`, also
    stores it in Radicale (METHOD stripped, split per UID). Raises AssertionError on the first
    parser that complains."""
    calendar = check_rfc5545(ics)
    parsed = Parsed(calendar, check_vobject(ics), check_icaljs(ics), check_libical(ics))
    check_agreement(parsed)
    if caldav is not None:
        parsed.caldav_hrefs = caldav.put_events(ics)
    return parsed


# 5. Radicale, a CalDAV server.

_CRLF = b"\r\n"


def _content_lines(ics: bytes) -> list[tuple[bytes, list[bytes]]]:
    """(unfolded line, its physical lines without line ends) for each content line."""
    lines: list[tuple[bytes, list[bytes]]] = []
    for physical in ics.splitlines():
        if physical[:1] in (b" ", b"\t") and lines:
            logical, parts = lines[-1]
            lines[-1] = (logical + physical[1:], [*parts, physical])
        elif physical.strip():
            lines.append((physical, [physical]))
    return lines


def _name(line: bytes) -> bytes:
    return re.split(rb"[;:]", line, maxsplit=1)[0].strip().upper()


def _value(line: bytes) -> str:
    # The value follows the first colon outside a quoted parameter value.
    in_quotes = False
    for index, byte in enumerate(line):
        if byte == 0x22:
            in_quotes = not in_quotes
        elif byte == 0x3A and not in_quotes:
            return line[index + 1 :].decode("utf-8", "replace")
    return ""


def _tzid_params(line: bytes) -> set[str]:
    params = line[: len(line) - len(_value(line).encode("utf-8", "replace"))]
    found = re.findall(rb';TZID=(?:"([^"]*)"|([^;:]*))', params, flags=re.IGNORECASE)
    return {(quoted or bare).decode("utf-8", "replace") for quoted, bare in found}


def split_for_caldav(ics: bytes) -> dict[str, bytes]:
    """One calendar object resource per UID (RFC 4791 §4.1), byte for byte from ``ics``.

    Each keeps the VCALENDAR's own properties except METHOD (not allowed in CalDAV storage),
    the components with that UID (a recurring master and its overrides together) and the
    VTIMEZONEs they refer to. Line ends become CRLF; everything else is kept as it was.
    """
    header: list[bytes] = []
    blocks: list[tuple[bytes, list[tuple[bytes, list[bytes]]]]] = []
    depth = 0
    for logical, physical in _content_lines(ics):
        name = _name(logical)
        if name == b"BEGIN":
            depth += 1
            if depth == 2:
                blocks.append((_value(logical).strip().upper().encode(), []))
        if depth >= 2:
            blocks[-1][1].append((logical, physical))
        elif depth == 1 and name not in (b"BEGIN", b"END", b"METHOD"):
            header.extend(physical)
        if name == b"END":
            depth -= 1

    timezones: dict[str, list[bytes]] = {}
    by_uid: dict[str, list[list[tuple[bytes, list[bytes]]]]] = {}
    for kind, block in blocks:
        if kind == b"VTIMEZONE":
            tzid = next((_value(x).strip() for x, _ in block if _name(x) == b"TZID"), "")
            timezones[tzid] = [line for _, physical in block for line in physical]
            continue
        nesting, uid = 0, ""
        for logical, _physical in block:
            name = _name(logical)
            nesting += name == b"BEGIN"
            if nesting == 1 and name == b"UID":
                uid = _value(logical)
            nesting -= name == b"END"
        by_uid.setdefault(uid, []).append(block)

    objects = {}
    for uid, uid_blocks in by_uid.items():
        needed = {tzid for block in uid_blocks for x, _ in block for tzid in _tzid_params(x)}
        body = [b"BEGIN:VCALENDAR", *header]
        for tzid in sorted(needed):
            body.extend(timezones.get(tzid, []))
        for block in uid_blocks:
            body.extend(line for _, physical in block for line in physical)
        body.append(b"END:VCALENDAR")
        objects[uid] = _CRLF.join(body) + _CRLF
    return objects


def _caldav_time(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("time-range bounds must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


_DAV = "{DAV:}"
_CALDAV = "{urn:ietf:params:xml:ns:caldav}"


@dataclass
class CalDAVClient:
    """A minimal CalDAV client (http.client) for one calendar collection on Radicale."""

    host: str
    port: int
    log_path: Path
    user: str = "user"
    calendar_path: str = "/user/calendar/"

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        credentials = base64.b64encode(f"{self.user}:x".encode()).decode()
        all_headers = {"Authorization": f"Basic {credentials}"}
        all_headers.update(headers or {})
        connection = HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request(method, path, body=body or None, headers=all_headers)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def server_log(self, last: int = 4000) -> str:
        try:
            return self.log_path.read_text("utf-8", "replace")[-last:]
        except OSError:
            return ""

    def _expect(self, what: str, status: int, body: bytes, expected: tuple[int, ...]) -> None:
        if status not in expected:
            raise AssertionError(
                f"Radicale answered {status} to {what}:\n{body.decode('utf-8', 'replace')[:2000]}"
                f"\n--- server log ---\n{self.server_log()}"
            )

    def make_calendar(self) -> None:
        body = (
            b'<?xml version="1.0" encoding="utf-8"?>'
            b'<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
            b"<D:set><D:prop><D:displayname>Assembly Planner test</D:displayname>"
            b'<C:supported-calendar-component-set><C:comp name="VEVENT"/>'
            b"</C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>"
        )
        status, answer = self.request(
            "MKCALENDAR",
            self.calendar_path,
            body,
            {"Content-Type": "application/xml; charset=utf-8"},
        )
        self._expect(f"MKCALENDAR {self.calendar_path}", status, answer, (201,))

    def put_events(self, ics: bytes) -> dict[str, str]:
        """PUT a feed or iTIP message, one resource per UID; returns ``{uid: href}``."""
        hrefs = {}
        for uid, body in split_for_caldav(ics).items():
            if not uid:
                raise AssertionError("cannot store a VEVENT without UID in CalDAV")
            # Named after the UID: PUTting a new SEQUENCE of the same UID replaces it.
            href = f"{self.calendar_path}{hashlib.sha256(uid.encode()).hexdigest()[:24]}.ics"
            status, answer = self.request(
                "PUT", href, body, {"Content-Type": "text/calendar; charset=utf-8"}
            )
            self._expect(f"PUT {href} (UID {uid})", status, answer, (201, 204))
            hrefs[uid] = href
        return hrefs

    def put_event(self, ics: bytes) -> str:
        """PUT an object with exactly one UID (recurrence overrides included); its href."""
        hrefs = self.put_events(ics)
        if len(hrefs) != 1:
            raise AssertionError(f"expected one UID, found {sorted(hrefs)}")
        return next(iter(hrefs.values()))

    def get(self, href: str) -> bytes:
        status, body = self.request("GET", href)
        self._expect(f"GET {href}", status, body, (200,))
        return body

    def report_time_range(self, start_utc: datetime, end_utc: datetime) -> list[str]:
        """CALDAV:calendar-query for VEVENTs overlapping [start, end); the UIDs found, sorted."""
        query = (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
            "<D:prop><D:getetag/><C:calendar-data/></D:prop>"
            '<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">'
            f'<C:time-range start="{_caldav_time(start_utc)}" end="{_caldav_time(end_utc)}"/>'
            "</C:comp-filter></C:comp-filter></C:filter></C:calendar-query>"
        ).encode()
        status, answer = self.request(
            "REPORT",
            self.calendar_path,
            query,
            {"Content-Type": "application/xml; charset=utf-8", "Depth": "1"},
        )
        self._expect("REPORT calendar-query", status, answer, (207,))
        uids = set()
        for response in ET.fromstring(answer).iter(f"{_DAV}response"):
            for data in response.iter(f"{_CALDAV}calendar-data"):
                calendar = icalendar.Calendar.from_ical(data.text or "")
                for component in calendar.walk():
                    if component.name in ("VEVENT", "VTODO", "VJOURNAL") and "UID" in component:
                        uids.add(str(component["UID"]))
        return sorted(uids)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _answers(process: subprocess.Popen, port: int, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        connection = HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("OPTIONS", "/")
            connection.getresponse().read()
            return True
        except OSError:
            time.sleep(0.05)
        finally:
            connection.close()
    return False


@contextlib.contextmanager
def radicale_server(folder: Path) -> Iterator[tuple[int, Path]]:
    """``python -m radicale`` on a free loopback port, storing under ``folder``, no auth;
    yields (port, log file) and stops the server afterwards."""
    try:
        import radicale  # noqa: F401
    except ImportError as error:
        service_missing("Radicale (pip install -e '.[dev]')", error)
    log_path = folder / "radicale.log"
    for _attempt in range(3):  # another process may grab the free port first
        port = _free_port()
        argv = [
            sys.executable,
            "-m",
            "radicale",
            "--config",
            "",  # read neither /etc/radicale/config nor ~/.config/radicale/config
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--auth-type",
            "none",
            # Radicale 3.9 has no rights type "none"; with auth "none", "authenticated"
            # lets anyone read and write /<user>/ and /<user>/<calendar>/.
            "--rights-type",
            "authenticated",
            "--storage-filesystem-folder",
            str(folder / "collections"),
            "--web-type",
            "none",
            "--logging-level",
            "warning",
        ]
        with log_path.open("ab") as log:
            process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, cwd=folder)
        try:
            if _answers(process, port):
                yield port, log_path
                return
        finally:
            _stop(process)
    service_missing(
        "Radicale",
        RuntimeError(f"did not start:\n{log_path.read_text('utf-8', 'replace')[-3000:]}"),
    )


@pytest.fixture(name="caldav_server")
def caldav_server_fixture(tmp_path) -> Iterator[CalDAVClient]:
    """``caldav_server``: a Radicale server of this test's own, and a client for its empty
    /user/calendar/. tests/calendars/conftest.py imports it for that folder (elsewhere, import
    ``caldav_server_fixture`` into the test module or its folder's conftest.py), then a test
    takes a ``caldav_server`` argument."""
    with radicale_server(tmp_path) as (port, log_path):
        client = CalDAVClient("127.0.0.1", port, log_path)
        client.make_calendar()
        yield client
