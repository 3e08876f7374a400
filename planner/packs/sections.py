"""The sections of the delegate pack, each a list of flowables, in the order printed.

Sections, each on a new page: cover, welcome letter (with the credential status at a General
Assembly), personal schedule (meeting time and, where it differs, the delegate's home time),
the full programme and side events, venue and practical information, the participant list (two
columns, grouped by country and organisation) and the badge as printed.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from itertools import groupby
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton, get_timezone_location
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table

from planner.events.labels import event_kind_label, role_label, session_kind_label
from planner.events.models import CredentialStatus, EventKind, ParticipantRole, SessionKind
from planner.localtime import utc_offset
from planner.packs.badges import Badge
from planner.packs.content import Pack, Person, SessionLine
from planner.packs.fonts import SANS, markup
from planner.packs.styles import (
    ACCENT,
    INK,
    MUTED,
    ROLE_COLOURS,
    SHADE,
    SPEAKS,
    VOTING,
    hex_colour,
    in_colour,
    role_style,
    table,
    table_style,
)
from planner.packs.text import attribute, fill, fpara, para, styled

VOTE_MARK = "\u25cf"  # black circle
STAR = "\u2605"  # black star


def city_of(zone: str, locale: Locale) -> str:
    """The city of an IANA zone name in the reader's language ("Asia/Bangkok" → "Bangkok")."""
    try:
        return get_timezone_location(zone, locale=locale, return_city=True)
    except (LookupError, ValueError):
        return zone.rsplit("/", 1)[-1].replace("_", " ")


_NO_VOTE = _l(
    "Your organisation does not hold a vote at this General Assembly: you take part "
    "in the debates without voting."
)
_OTHER_ROLE = _l(
    "You take part in the General Assembly as %(role)s; voting is reserved to the voting "
    "delegates of full members."
)
# A delegate's standing at a General Assembly by role and credential status (None: any status).
_CREDENTIAL_TEXT = {
    (ParticipantRole.VOTING_DELEGATE, CredentialStatus.ACCEPTED): _l(
        "Your credentials as voting delegate have been accepted: you will receive "
        "your voting card when you check in."
    ),
    (ParticipantRole.VOTING_DELEGATE, CredentialStatus.SUBMITTED): _l(
        "Your credentials as voting delegate have been received and are awaiting the "
        "secretariat's check."
    ),
    (ParticipantRole.VOTING_DELEGATE, CredentialStatus.NONE): _l(
        "Your credentials as voting delegate have not reached us yet: please send the "
        "letter of credentials signed by your organisation to the secretariat before "
        "the meeting."
    ),
    (ParticipantRole.VOTING_DELEGATE, CredentialStatus.REJECTED): _l(
        "Your credentials as voting delegate could not be accepted. Please contact the "
        "secretariat before the meeting."
    ),
    (ParticipantRole.ALTERNATE, CredentialStatus.ACCEPTED): _l(
        "Your credentials as alternate have been accepted: you vote for your "
        "organisation when its voting delegate is absent."
    ),
    (ParticipantRole.ALTERNATE, CredentialStatus.SUBMITTED): _l(
        "Your credentials as alternate have been received and are awaiting the secretariat's check."
    ),
    (ParticipantRole.ALTERNATE, CredentialStatus.NONE): _l(
        "Your credentials as alternate have not reached us yet: please send the letter "
        "of credentials signed by your organisation to the secretariat before the "
        "meeting."
    ),
    (ParticipantRole.ALTERNATE, CredentialStatus.REJECTED): _l(
        "Your credentials as alternate could not be accepted. Please contact the "
        "secretariat before the meeting."
    ),
    (ParticipantRole.OBSERVER, None): _l(
        "You attend the General Assembly as an observer: you are welcome at all open "
        "sessions and may take the floor, but do not vote."
    ),
}


def credential_text(person: Person, credential: CredentialStatus) -> str:
    """The delegate's standing at a General Assembly, in one or two full sentences (a
    ``%(role)s`` in them takes the role's name)."""
    if person.role == ParticipantRole.VOTING_DELEGATE and not person.voting:
        return str(_NO_VOTE)
    text = _CREDENTIAL_TEXT.get((person.role, credential)) or _CREDENTIAL_TEXT.get(
        (person.role, None), _OTHER_ROLE
    )
    return str(text)


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


def _heads(*labels: str) -> list[Paragraph]:
    return [para(label, "cell_head") for label in labels]


class Sections:
    def __init__(self, pack: Pack, width: float):
        self.pack = pack
        self.meeting = pack.meeting
        self.person = pack.person
        self.width = width
        locale = get_locale() or Locale.parse(pack.language)
        self.locale = locale
        self.times = MeetingTimes(pack, locale)

    # ------------------------------------------------------------------ 1. cover

    def cover(self) -> list[Flowable]:
        m, p = self.meeting, self.person
        where = self.times.dates(m.starts_at, m.ends_at)
        if m.venue and m.venue.city:
            where = f"{where} · {m.venue.city}"
        story: list[Flowable] = [
            Spacer(1, 18 * mm),
            para(m.network, "cover_network"),
            para(m.title, "cover_title", bold=True),
            para(where, "cover_when"),
            Spacer(1, 30 * mm),
            _Rule(self.width, ACCENT, 1.5),
            Spacer(1, 8 * mm),
            para(p.native_name or p.latin_name, "cover_name", bold=True, lang=p.language),
        ]
        if p.native_name and p.native_name != p.latin_name:
            story.append(para(p.latin_name, "cover_latin"))
        if p.position:
            story.append(para(p.position, "cover_position"))
        if p.organisation_native and p.organisation_native != p.organisation:
            story.append(para(p.organisation_native, "cover_org", lang=p.language))
            story.append(para(p.organisation, "cover_org_latin"))
        else:
            story.append(para(p.organisation, "cover_org"))
        story += [Spacer(1, 10 * mm), _role_chip(p.role)]
        return story

    # ------------------------------------------------------------------ 2. welcome

    def welcome(self) -> list[Flowable]:
        m, p = self.meeting, self.person
        city = (m.venue.city if m.venue and m.venue.city else None) or self.times.city
        name = f"{p.title} {p.latin_name}" if p.title else p.latin_name
        if self.pack.language == "ko" and p.native_name:
            name = p.native_name  # "오준호 님께": the honorific follows the name, no "Mr"
        story: list[Flowable] = [
            para(_("Welcome"), "h1", bold=True),
            fpara(_("Dear %(name)s,"), "body", name=markup(name)),
            fpara(
                _(
                    "On behalf of the secretariat of %(network)s, it is a great pleasure to "
                    "welcome you to %(meeting)s, in %(city)s, %(dates)s."
                ),
                "body",
                network=markup(m.network),
                meeting=markup(m.title, bold=True),
                city=markup(city),
                dates=markup(self.times.dates(m.starts_at, m.ends_at)),
            ),
        ]
        if m.description:
            story.append(para(m.description, "body"))
        story.append(
            para(
                _(
                    "This pack gathers what you need for the coming days: your personal "
                    "schedule, the full programme with its side events, practical information "
                    "on the venue, the list of participants and your badge. Times are given in "
                    "the local time of the meeting and, where yours differs, in your home time "
                    "beside it."
                ),
                "body",
            )
        )
        if m.kind == EventKind.GENERAL_ASSEMBLY:
            text = fill(
                credential_text(p, self.pack.credential), role=markup(role_label(p.role).lower())
            )
            box = Table(
                [[para(_("Your credentials"), "cell_bold")], [styled(text, "body")]],
                colWidths=[self.width],
            )
            box.setStyle(
                table_style(
                    [
                        ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                        ("LINEBEFORE", (0, 0), (0, -1), 3, ROLE_COLOURS[p.role]),
                        ("LEFTPADDING", (0, 0), (-1, -1), 10),
                        ("TOPPADDING", (0, 0), (-1, 0), 8),
                        ("BOTTOMPADDING", (0, -1), (-1, -1), 2),
                    ]
                )
            )
            story += [Spacer(1, 4), box, Spacer(1, 10)]
        story += [
            fpara(
                _(
                    "Our team will be at the registration desk from the first morning. Do not "
                    "hesitate to write to us at %(email)s if you need anything before or during "
                    "the meeting. We look forward to welcoming you in %(city)s."
                ),
                "body",
                email=markup(m.secretariat_email),
                city=markup(city),
            ),
            Spacer(1, 6),
            para(_("With warm regards,"), "body"),
            para(m.secretariat_name, "body", bold=True),
        ]
        return story

    # ------------------------------------------------------------------ 3. personal schedule

    def schedule(self) -> list[Flowable]:
        mine = [s for s in self.meeting.sessions if self.pack.attends(s)]
        story: list[Flowable] = [para(_("Your schedule"), "h1", bold=True)]
        t = self.times
        differs = any(t.differs(s.starts_at) for s in mine)
        if differs:
            story.append(
                fpara(
                    _(
                        "Times in %(city)s, the meeting's local time, and in %(home)s, your "
                        "home time."
                    ),
                    "small",
                    city=markup(t.city),
                    home=markup(t.home_city),
                )
            )
        else:
            story.append(fpara(_("Times in %(city)s local time."), "small", city=markup(t.city)))
        story.append(Spacer(1, 6))
        if not mine:
            return [*story, para(_("No sessions are scheduled yet."), "body")]
        day_w, room_w = 26 * mm, 34 * mm
        time_w = 38 * mm if differs else 24 * mm
        rows: list[list] = [_heads(_("Day"), _("Time"), _("Session"), _("Room"))]
        extra = []
        you_speak = markup(_("You speak in this session"), bold=True)
        for _day, sessions in groupby(mine, key=lambda s: t.local(s.starts_at).date()):
            first = True
            for s in sessions:
                speaks = self.pack.delegate_id in s.speaker_ids
                title = [markup(s.title, bold=True)]
                if speaks:
                    title.append("<br/>" + in_colour(f"{markup(STAR)} {you_speak}", SPEAKS))
                row = [
                    para(t.day(s.starts_at), "cell") if first else "",
                    styled(t.both(s.starts_at, s.ends_at), "cell"),
                    styled("".join(title), "cell"),
                    _room(s),
                ]
                if s.kind in (SessionKind.BREAK, SessionKind.MEAL):
                    extra.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), SHADE))
                if speaks:
                    extra.append(("LINEBEFORE", (2, len(rows)), (2, len(rows)), 2.5, SPEAKS))
                rows.append(row)
                first = False
        widths = [day_w, time_w, self.width - day_w - time_w - room_w, room_w]
        story.append(table(rows, widths, extra))
        return story

    # ------------------------------------------------------------------ 4. programme

    def programme(self) -> list[Flowable]:
        t = self.times
        story: list[Flowable] = [para(_("Programme"), "h1", bold=True)]
        time_w, room_w = 24 * mm, 38 * mm
        widths = [time_w, self.width - time_w - room_w, room_w]
        for _day, sessions in groupby(
            self.meeting.sessions, key=lambda s: t.local(s.starts_at).date()
        ):
            sessions = list(sessions)
            story.append(para(t.long_day(sessions[0].starts_at), "h2", bold=True))
            rows: list[list] = [_heads(_("Time"), _("Session"), _("Room"))]
            extra = []
            for s in sessions:
                parts = [markup(s.title, bold=True), " "]
                parts.append(in_colour(f"· {markup(session_kind_label(s.kind))}", MUTED))
                if s.speakers:
                    who = ", ".join(markup(x) for x in s.speakers)
                    parts.append("<br/>" + fill(_("Speakers: %(names)s"), names=who))
                if s.restricted_to:
                    restricted = fill(
                        _("For members of %(body)s only"), body=markup(s.restricted_to)
                    )
                    parts.append("<br/>" + in_colour(restricted, MUTED))
                text = "".join(parts)
                if s.kind in (SessionKind.BREAK, SessionKind.MEAL):
                    extra.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), SHADE))
                rows.append(
                    [
                        para(t.span(s.starts_at, s.ends_at), "cell"),
                        styled(text, "cell"),
                        _room(s),
                    ]
                )
            story.append(table(rows, widths, extra))
        if self.meeting.side_events:
            story.append(CondPageBreak(50 * mm))
            story.append(para(_("Side events"), "h2", bold=True))
            when_w, place_w = 48 * mm, 50 * mm
            rows = [_heads(_("When"), _("Side event"), _("Place"))]
            for e in self.meeting.side_events:
                when = f"{t.day(e.starts_at)}, {t.span(e.starts_at, e.ends_at)}"
                title = f"{markup(e.title, bold=True)} " + in_colour(
                    f"· {markup(event_kind_label(e.kind))}", MUTED
                )
                rows.append(
                    [
                        para(when, "cell"),
                        styled(title, "cell"),
                        para(e.place, "cell") if e.place else "",
                    ]
                )
            story.append(table(rows, [when_w, self.width - when_w - place_w, place_w]))
        return story

    # ------------------------------------------------------------------ 5. venue

    def venue(self) -> list[Flowable]:
        m = self.meeting
        v = m.venue
        story: list[Flowable] = [para(_("Venue and practical information"), "h1", bold=True)]
        rows: list[list] = []

        def add(label: str, *lines: tuple[str, str]) -> None:
            cells = [para(text, style) for text, style in lines if text]
            if cells:
                rows.append([para(label, "cell_bold"), cells])

        if v is not None:
            native_name = v.native_name if v.native_name and v.native_name != v.name else None
            add(_("Venue"), (native_name or "", "cell_bold"), (v.name, "cell"))
            native_address = (
                v.native_address if v.native_address and v.native_address != v.address else None
            )
            add(_("Address"), (native_address or "", "cell"), (v.address or "", "cell"))
            add(_("City"), (v.city or "", "cell"))
            add(_("Getting there"), (v.directions or "", "cell"))
            if v.latitude is not None and v.longitude is not None:
                add(_("Coordinates"), (_coordinates(v.latitude, v.longitude), "cell"))
        add(
            _("Local time"),
            (
                f"{self.times.city} ({m.timezone}, UTC{utc_offset(m.timezone, m.starts_at)})",
                "cell",
            ),
        )
        rows.append(
            [
                para(_("Secretariat"), "cell_bold"),
                [
                    para(m.secretariat_name, "cell"),
                    styled(
                        f"<link href='mailto:{attribute(m.secretariat_email)}'"
                        f" color='{hex_colour(ACCENT)}'>{markup(m.secretariat_email)}</link>",
                        "cell",
                    ),
                ],
            ]
        )
        label_w = 36 * mm
        grid = table(
            rows,
            [label_w, self.width - label_w],
            [("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 7)],
            header=False,
        )
        story.append(grid)
        return story

    # ------------------------------------------------------------------ 6. participants

    def participants(self, column: float) -> list[Flowable]:
        territories = Locale.parse(self.pack.language).territories
        people = sorted(
            self.meeting.participants, key=lambda x: territories.get(x.country, x.country)
        )
        legend = (
            in_colour(markup(VOTE_MARK), VOTING)
            + " "
            + markup(_("voting delegate of a full member"))
        )
        story: list[Flowable] = [
            para(_("Participants"), "h1", bold=True),
            fpara(
                _("%(count)s participants, grouped by country and organisation."),
                "small",
                count=markup(str(len(people))),
            ),
            styled(legend, "small"),
            Spacer(1, 6),
        ]
        mark_w, role_w = 4 * mm, 22 * mm
        widths = [mark_w, column - mark_w - role_w, role_w]
        roles = {r: role_label(r) for r in ParticipantRole}
        for country, group in groupby(people, key=lambda x: x.country):
            rows: list[list] = [
                [para(territories.get(country, country), "list_country", bold=True), "", ""]
            ]
            commands = [
                ("SPAN", (0, 0), (-1, 0)),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
                ("TOPPADDING", (0, 0), (-1, 0), 6),
            ]
            for org, members in groupby(
                group, key=lambda x: (x.organisation, x.organisation_native, x.language)
            ):
                n = len(rows)
                rows.append([_org_cell(*org), "", ""])
                commands += [
                    ("SPAN", (0, n), (-1, n)),
                    ("FONTNAME", (0, n), (0, n), SANS),
                    ("TEXTCOLOR", (0, n), (0, n), MUTED),
                    ("NOSPLIT", (0, n), (-1, n + 1)),
                    ("TOPPADDING", (0, n), (-1, n), 3),
                ]
                for person in members:
                    rows.append(
                        [
                            VOTE_MARK if person.voting else "",
                            _name_cell(person),
                            _plain_or_para(roles[person.role], "list_org"),
                        ]
                    )
            commands.append(("NOSPLIT", (0, 0), (-1, 2)))
            grid = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
            grid.setStyle(table_style(_list_style() + commands))
            story.append(grid)
        return story

    # ------------------------------------------------------------------ 7. badge

    def badge(self) -> list[Flowable]:
        badge = Badge(self.person, self.pack.check_in_token, meeting_title=self.meeting.title)
        badge.outline = True
        badge.hAlign = "CENTER"
        return [
            para(_("Your badge"), "h1", bold=True),
            para(
                _(
                    "Please bring this page, printed or on your phone, to the registration desk: "
                    "the QR code checks you in and your printed badge is handed to you at once."
                ),
                "body",
            ),
            Spacer(1, 10 * mm),
            badge,
            Spacer(1, 6 * mm),
            para(_("Actual size. Keep your badge visible during the meeting."), "small"),
        ]


@lru_cache(maxsize=1)
def _mark_font() -> str:
    """The font ``markup`` picks for the vote mark: plain cell strings are drawn in it."""
    found = re.search(r'name="([^"]+)"', markup(VOTE_MARK))
    return found.group(1) if found else SANS


def _list_style() -> list:
    return [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), SANS),
        ("FONTSIZE", (0, 0), (-1, -1), 7.2),
        ("LEADING", (0, 0), (-1, -1), 8.8),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("FONTNAME", (0, 1), (0, -1), _mark_font()),
        ("FONTSIZE", (0, 1), (0, -1), 7),
        ("TEXTCOLOR", (0, 1), (0, -1), VOTING),
        ("TEXTCOLOR", (2, 1), (2, -1), MUTED),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 0.6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
    ]


def _plain_or_para(text: str, style: str):
    """ASCII text as a plain cell string (drawn in the base font, no Paragraph to parse)."""
    return text if text.isascii() else para(text, style)


def _name_cell(person: Person):
    native = person.native_name
    if not native or native == person.latin_name:
        if person.latin_name.isascii():
            return person.latin_name
        return para(person.latin_name, "list")
    text = f"{markup(native, bold=True, lang=person.language)} " + in_colour(
        markup(person.latin_name), MUTED
    )
    return styled(text, "list")


def _org_cell(name: str, native: str | None, lang: str | None):
    if native and native != name:
        text = f"{markup(native, lang=lang)} · {markup(name)}"
        return styled(text, "list_org")
    return name if name.isascii() else para(name, "list_org")


def _room(s: SessionLine):
    if not s.room and not s.room_native:
        return ""
    if s.room_native and s.room and s.room_native != s.room:
        text = f"{markup(s.room_native)}<br/>{in_colour(markup(s.room), MUTED)}"
        return styled(text, "cell")
    return para(s.room or s.room_native or "", "cell")


def _role_chip(role: ParticipantRole) -> Table:
    colour = ROLE_COLOURS[role]
    label = Paragraph(
        markup(role_label(role), bold=True),
        role_style(role),
    )
    chip = Table([[label]], colWidths=[60 * mm], hAlign="LEFT")
    chip.setStyle(
        table_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), colour),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        )
    )
    return chip


class _Rule(Flowable):
    def __init__(self, width: float, colour: colors.Color, thickness: float):
        super().__init__()
        self.width, self.height = width, thickness
        self.colour, self.thickness = colour, thickness

    def draw(self) -> None:
        self.canv.setStrokeColor(self.colour)
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, 0, self.width, 0)


def _coordinates(lat: float, lon: float) -> str:
    ns = "N" if lat >= 0 else "S"
    ew = "E" if lon >= 0 else "W"
    return f"{abs(lat):.5f}° {ns}, {abs(lon):.5f}° {ew}"
