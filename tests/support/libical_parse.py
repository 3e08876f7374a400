"""Parse iCalendar bytes with libical (Evolution's parser) and print what it understood as JSON.

Runs under the *system* Python (``/usr/bin/python3``), which has PyGObject and the
``ICalGLib`` typelib from Debian (``python3-gi``, ``gir1.2-ical-3.0``); the project venv has
neither. ``tests/support/calendar_clients.py`` runs it through ``subprocess``.

Input: the iCalendar object on stdin. Arguments: ``--no-restrictions`` skips libical's
RFC 5545/5546 restriction check (``icalcomponent_check_restrictions``).

Output (stdout, one JSON object)::

    {"ok": bool, "complaints": [str, ...], "method": str | null,
     "events": [{"uid", "summary", "sequence", "status", "recurrence_id", "tzid", "dtstart",
                 "dtend"}]}

``dtstart``/``dtend`` are UTC, ``YYYY-MM-DDTHH:MM:SSZ`` (``YYYY-MM-DD`` for all-day dates).
libical never raises on bad input: it repairs what it can and inserts ``X-LIC-ERROR``
properties (or ``X-LIC-INVALID`` components) describing each problem. Every one of them,
anywhere in the tree, is a complaint. Exit status: 0 when it parsed (complaints or not), 2
when libical itself is unavailable.
"""

from __future__ import annotations

import json
import sys

try:
    import gi

    gi.require_version("ICalGLib", "3.0")
    from gi.repository import ICalGLib
except (ImportError, ValueError) as error:  # pragma: no cover - environment problem
    print(json.dumps({"unavailable": f"libical (ICalGLib 3.0 via PyGObject): {error}"}))
    sys.exit(2)

KIND = ICalGLib.ComponentKind
UTC = ICalGLib.Timezone.get_utc_timezone()


def kind_name(component) -> str:
    return ICalGLib.Component.kind_to_string(component.isa()) or str(component.isa())


def walk(component, path: str, complaints: list[str]) -> None:
    """Collect every X-LIC-ERROR property and invalid/unknown component under ``component``."""
    here = f"{path}/{kind_name(component)}" if path else kind_name(component)
    if component.isa() in (KIND.XLICINVALID_COMPONENT, KIND.NO_COMPONENT):
        complaints.append(f"{here}: libical could not make sense of this component")
    prop = component.get_first_property(ICalGLib.PropertyKind.ANY_PROPERTY)
    while prop is not None:
        # By name: isa() of a property kind the GIR enum lacks (e.g. RFC 7986's, such as
        # REFRESH-INTERVAL, in libical 3.0) raises in PyGObject instead of answering.
        if prop.get_property_name() == "X-LIC-ERROR":
            param = prop.get_first_parameter(ICalGLib.ParameterKind.XLICERRORTYPE_PARAMETER)
            kind = param.as_ical_string().partition("=")[2] if param is not None else "?"
            complaints.append(f"{here}: X-LIC-ERROR [{kind}] {prop.get_xlicerror()}")
        prop = component.get_next_property(ICalGLib.PropertyKind.ANY_PROPERTY)
    child = component.get_first_component(KIND.ANY_COMPONENT)
    while child is not None:
        walk(child, here, complaints)
        child = component.get_next_component(KIND.ANY_COMPONENT)


def as_utc(value, what: str, uid: str, complaints: list[str]) -> str | None:
    if value is None or value.is_null_time():
        return None
    if value.is_date():
        return f"{value.get_year():04d}-{value.get_month():02d}-{value.get_day():02d}"
    zone = value.get_timezone()
    if zone is None and not value.is_utc():
        complaints.append(
            f"VEVENT {uid!r}: {what} is a floating time (no TZID libical could resolve, not UTC)"
        )
        return None
    converted = value.convert_to_zone(UTC)
    return (
        f"{converted.get_year():04d}-{converted.get_month():02d}-{converted.get_day():02d}T"
        f"{converted.get_hour():02d}:{converted.get_minute():02d}:{converted.get_second():02d}Z"
    )


def tzid_of(event, kind) -> str | None:
    prop = event.get_first_property(kind)
    if prop is None:
        return None
    return prop.get_parameter_as_string("TZID")


def check_tzids(root, event, uid: str, complaints: list[str]) -> None:
    """libical silently treats a TZID without a VTIMEZONE as floating: say so."""
    for kind, name in (
        (ICalGLib.PropertyKind.DTSTART_PROPERTY, "DTSTART"),
        (ICalGLib.PropertyKind.DTEND_PROPERTY, "DTEND"),
    ):
        tzid = tzid_of(event, kind)
        if tzid and root.get_timezone(tzid) is None:
            complaints.append(f"VEVENT {uid!r}: {name};TZID={tzid} has no matching VTIMEZONE")


def main() -> int:
    restrictions = "--no-restrictions" not in sys.argv[1:]
    raw = sys.stdin.buffer.read()
    complaints: list[str] = []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        print(json.dumps({"ok": False, "complaints": [f"not UTF-8: {error}"], "events": []}))
        return 0

    try:
        root = ICalGLib.Component.new_from_string(text)
    except TypeError:  # PyGObject: "constructor returned NULL"
        root = None
    if root is None:
        complaint = "libical returned no component (unbalanced BEGIN/END or not iCalendar)"
        print(json.dumps({"ok": False, "complaints": [complaint], "events": []}))
        return 0
    if root.isa() != KIND.VCALENDAR_COMPONENT:
        complaints.append(f"top-level component is {kind_name(root)}, not VCALENDAR")

    if restrictions:
        # Failures become X-LIC-ERROR;X-LIC-ERRORTYPE=INVALID-ITIP properties in the tree,
        # which walk() reports like the parser's own.
        root.check_restrictions()
    walk(root, "", complaints)

    method_prop = root.get_first_property(ICalGLib.PropertyKind.METHOD_PROPERTY)
    method = method_prop.get_value_as_string() if method_prop is not None else None

    events = []
    event = root.get_first_component(KIND.VEVENT_COMPONENT)
    while event is not None:
        uid = event.get_uid()
        check_tzids(root, event, uid, complaints)
        status_prop = event.get_first_property(ICalGLib.PropertyKind.STATUS_PROPERTY)
        events.append(
            {
                "uid": uid,
                "summary": event.get_summary(),
                "sequence": event.get_sequence(),
                "status": status_prop.get_value_as_string() if status_prop else None,
                "recurrence_id": as_utc(event.get_recurrenceid(), "RECURRENCE-ID", uid, []),
                "tzid": tzid_of(event, ICalGLib.PropertyKind.DTSTART_PROPERTY),
                "dtstart": as_utc(event.get_dtstart(), "DTSTART", uid, complaints),
                "dtend": as_utc(event.get_dtend(), "DTEND", uid, complaints),
            }
        )
        event = root.get_next_component(KIND.VEVENT_COMPONENT)

    print(
        json.dumps(
            {"ok": not complaints, "complaints": complaints, "method": method, "events": events},
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
