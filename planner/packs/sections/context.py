"""What the sections share: the reader's times and locale, table heads and room cells."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton, get_timezone_location
from flask_babel import get_locale
from reportlab.platypus import Paragraph

from planner.packs.content import Pack, SessionLine
from planner.packs.fonts import markup
from planner.packs.styles import MUTED, in_colour
from planner.packs.text import para, styled


def city_of(zone: str, locale: Locale) -> str:
    """The city of an IANA zone name in the reader's language ("Asia/Bangkok" → "Bangkok")."""
    try:
        return get_timezone_location(zone, locale=locale, return_city=True)
    except (LookupError, ValueError):
        return zone.rsplit("/", 1)[-1].replace("_", " ")


class MeetingTimes:
    """Dates and times of the meeting in the reader's locale."""

    def __init__(self, pack: Pack, locale: Locale):
        self.locale = locale
        self.zone = ZoneInfo(pack.meeting.timezone)
        self.home = ZoneInfo(pack.timezone)
        self.city = city_of(pack.meeting.timezone, locale)
        self.home_city = city_of(pack.timezone, locale)

    def local(self, dt: datetime) -> datetime:
        return dt.astimezone(self.zone)

    def day(self, dt: datetime) -> str:
        return format_skeleton("MMMEd", self.local(dt), locale=self.locale)

    def long_day(self, dt: datetime) -> str:
        return format_date(self.local(dt).date(), "full", locale=self.locale)

    def span(self, start: datetime, end: datetime, zone: ZoneInfo | None = None) -> str:
        zone = zone or self.zone
        return format_interval(
            start.astimezone(zone), end.astimezone(zone), "Hm", tzinfo=zone, locale=self.locale
        )

    def dates(self, start: datetime, end: datetime) -> str:
        a, b = self.local(start).date(), self.local(end).date()
        if a == b:
            return format_date(a, "long", locale=self.locale)
        return format_interval(a, b, "yMMMMd", locale=self.locale)

    def differs(self, dt: datetime) -> bool:
        return dt.astimezone(self.zone).utcoffset() != dt.astimezone(self.home).utcoffset()

    def both(self, start: datetime, end: datetime) -> str:
        """Markup: "10:00–11:30 Seoul · 08:00–09:30 Bangkok" (home time only if it differs)."""
        if not self.differs(start):
            return markup(self.span(start, end))
        here = f"{self.span(start, end)} {self.city}"
        home = f"{self.span(start, end, self.home)} {self.home_city}"
        shift = (start.astimezone(self.home).date() - self.local(start).date()).days
        if shift:
            home += f" ({shift:+d})"
        return f"{markup(here)}<br/>{in_colour(markup(home), MUTED)}"


class SectionContext:
    """What every section reads: the pack, its meeting and person, the text width and the
    meeting's times in the reader's locale."""

    def __init__(self, pack: Pack, width: float):
        self.pack = pack
        self.meeting = pack.meeting
        self.person = pack.person
        self.width = width
        locale = get_locale() or Locale.parse(pack.language)
        self.locale = locale
        self.times = MeetingTimes(pack, locale)


def heads(*labels: str) -> list[Paragraph]:
    return [para(label, "cell_head") for label in labels]


def room_cell(s: SessionLine):
    if not s.room and not s.room_native:
        return ""
    if s.room_native and s.room and s.room_native != s.room:
        text = f"{markup(s.room_native)}<br/>{in_colour(markup(s.room), MUTED)}"
        return styled(text, "cell")
    return para(s.room or s.room_native or "", "cell")
