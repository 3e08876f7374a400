"""Times as people read them: in the meeting's own time zone, saying which (and the reader's
own time where it differs). One place for every page, e-mail and pack."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.dates import format_skeleton, get_timezone_location
from flask import current_app
from flask_babel import get_locale


def network_today() -> date:
    """Today where the secretariat works (``PLANNER_TIMEZONE``): the day current seats and
    standing are reckoned on. Not UTC's date, which lags Seoul's by nine hours: an election
    confirmed after midnight in Seoul seats its winners from that (Seoul) day, and by UTC's
    date they would show as upcoming until the morning."""
    return datetime.now(ZoneInfo(current_app.config["PLANNER_TIMEZONE"])).date()


def to_utc(local: datetime, zone: str) -> datetime:
    """A wall-clock time typed for ``zone`` as an aware UTC instant."""
    return local.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


def from_utc(moment: datetime | None, zone: str) -> datetime | None:
    """A stored instant as the wall-clock time an organiser reads in ``zone``."""
    return moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None) if moment else None


def local_times(moment: datetime, timezone: str, viewer_timezone: str | None) -> str:
    """'2027-05-11 10:00 (Asia/Seoul) · 08:00 (Asia/Bangkok)': the meeting's time, and the
    reader's where it differs."""
    here = moment.astimezone(ZoneInfo(timezone))
    text = f"{here:%Y-%m-%d %H:%M} ({timezone})"
    if viewer_timezone and viewer_timezone != timezone:
        there = moment.astimezone(ZoneInfo(viewer_timezone))
        if there.utcoffset() != here.utcoffset():
            text += f" · {there:%Y-%m-%d %H:%M} ({viewer_timezone})"
    return text


def utc_offset(timezone: str, at: datetime | None = None) -> str:
    """'+09:00', '+05:30', '-03:00': the zone's offset at ``at`` (now by default; summer time
    changes it)."""
    offset = (at or datetime.now(UTC)).astimezone(ZoneInfo(timezone)).utcoffset()
    minutes = int(offset.total_seconds()) // 60 if offset else 0
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def zone_label(timezone: str, at: datetime | None = None, locale: Locale | None = None) -> str:
    """'Seoul, UTC+09:00': the zone's main city in the reader's language (the current one by
    default) and its offset at ``at``; the raw name for a zone this machine does not know."""
    try:
        offset = utc_offset(timezone, at)
    except (ZoneInfoNotFoundError, ValueError):
        return timezone
    city = get_timezone_location(timezone, locale=locale or get_locale(), return_city=True)
    return f"{city}, UTC{offset}"


def local_moment(moment: datetime, timezone: str, locale: Locale | None = None) -> str:
    """'Tue, 11 May 2027, 10:00 (Seoul, UTC+09:00)': a moment where the meeting happens, in the
    reader's language (the current one by default), saying where."""
    locale = locale or get_locale()
    zone = ZoneInfo(timezone)
    local = moment.astimezone(zone)
    day = format_skeleton("yMMMEd", local, tzinfo=zone, locale=locale)
    time = format_skeleton("Hm", local, tzinfo=zone, locale=locale)
    return f"{day} {time} ({zone_label(timezone, moment, locale)})"
