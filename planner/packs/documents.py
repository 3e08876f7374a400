"""The delegate pack: one PDF per participant, in the delegate's language.

Sections, each on a new page: cover, welcome letter (with the credential status at a General
Assembly), personal schedule (meeting time and, where it differs, the delegate's home time),
the full programme and side events, venue and practical information, the participant list (two
columns, grouped by country and organisation) and the badge as printed.

`build_pack` runs inside ``flask_babel.force_locale(pack.language)``: every label goes through
``gettext``, dates and times through Babel with that locale. Text from users (names, titles,
addresses, rooms, descriptions) only ever reaches the PDF through ``fonts.markup``, which escapes
it and picks a font with the glyphs of each script; labels go through ``markup`` too (a Korean
label needs a Hangul font just as a Korean name does).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from itertools import groupby
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton, get_timezone_location
from flask_babel import get_locale
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from planner.events.labels import event_kind_label, role_label, session_kind_label
from planner.events.models import CredentialStatus, EventKind, ParticipantRole, SessionKind
from planner.localtime import utc_offset
from planner.packs import replay
from planner.packs.badges import ROLE_COLOURS, Badge, text_colour_on
from planner.packs.content import Pack, Person, SessionLine
from planner.packs.fonts import SANS, SANS_BOLD, markup, paragraph_style, register_fonts

MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 18 * mm
COLUMN_GAP = 6 * mm
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#5a5a5a")
ACCENT = colors.HexColor("#0b4f8a")
RULE = colors.HexColor("#b8c4d0")
SHADE = colors.HexColor("#eef2f6")
SPEAKS = colors.HexColor("#b34700")  # darker vermillion: readable as text

VOTE_MARK = "\u25cf"  # black circle
STAR = "\u2605"  # black star

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3040-\u30ff]")
# Scripts whose letters change shape or order with their neighbours: Hebrew to Sinhala
# (Arabic, Thaana, Indic), Thai, Lao, Tibetan, Myanmar, Khmer, Arabic presentation forms.
_COMPLEX = re.compile(r"[\u0590-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff\ufb1d-\ufefc]")
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


# ------------------------------------------------------------------------------ text helpers


@lru_cache(maxsize=1)
def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()

    def style(name: str, size: float, leading: float, *, bold: bool = False, **kw):
        kw.setdefault("textColor", INK)
        return paragraph_style(name, size=size, leading=leading, bold=bold, **kw)

    return {
        "body": style("body", 10, 14.5, spaceAfter=7),
        "small": style("small", 8.5, 11.5, textColor=MUTED),
        "h1": style("h1", 18, 23, bold=True, textColor=ACCENT, spaceAfter=8, keepWithNext=1),
        "h2": style("h2", 12.5, 16, bold=True, spaceBefore=10, spaceAfter=5, keepWithNext=1),
        "cell": style("cell", 8.5, 10.8),
        "cell_bold": style("cell_bold", 8.5, 10.8, bold=True),
        "cell_muted": style("cell_muted", 7.5, 9.5, textColor=MUTED),
        "cell_head": style("cell_head", 8, 10, bold=True, textColor=colors.white),
        "list": style("list", 7.2, 8.8),
        "list_org": style("list_org", 7.2, 8.8, textColor=MUTED),
        "list_country": style("list_country", 8.5, 10.5, bold=True, textColor=ACCENT),
        "cover_network": style("cover_network", 13, 17, textColor=MUTED),
        "cover_title": style("cover_title", 26, 32, bold=True, textColor=ACCENT, spaceBefore=6),
        "cover_when": style("cover_when", 13, 18, spaceBefore=8),
        "cover_name": style("cover_name", 34, 41, bold=True),
        "cover_latin": style("cover_latin", 16, 21, textColor=MUTED, spaceBefore=2),
        "cover_org": style("cover_org", 13, 17, spaceBefore=10),
        "cover_org_latin": style("cover_org_latin", 11, 15, textColor=MUTED),
        "cover_position": style("cover_position", 11, 15, spaceBefore=6),
        "header": style("header", 7.5, 9.5, textColor=MUTED),
        "footer": style("footer", 7.5, 9.5, textColor=MUTED),
        "footer_right": style("footer_right", 7.5, 9.5, textColor=MUTED, alignment=TA_RIGHT),
        "role": style("role", 11, 14, bold=True, alignment=TA_CENTER),
    }


@lru_cache(maxsize=256)
def _variant(
    name: str, cjk: bool = False, shaped: bool = True, colour: str | None = None
) -> ParagraphStyle:
    """A style with CJK line breaking, or without HarfBuzz shaping, or in another colour."""
    base = _styles()[name]
    if not cjk and shaped and colour is None:
        return base
    extra: dict = {"wordWrap": "CJK"} if cjk else {}
    if not shaped:
        extra["shaping"] = 0
    if colour is not None:
        extra["textColor"] = colors.HexColor(colour)
    return ParagraphStyle(f"{name}-{cjk}-{shaped}-{colour}", parent=base, **extra)


def _table_style(commands: list) -> TableStyle:
    """Table commands over the base font: a cell without its own font would draw (even an
    empty string) in ReportLab's default Helvetica, which no PDF of ours may reference."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), SANS), *commands])


def P(text: str, style: str) -> Paragraph:
    """A Paragraph of markup. Ideographs get CJK line breaking; text without a script that
    needs shaping skips HarfBuzz (a third of the build time of a pack otherwise)."""
    return Paragraph(text, _variant(style, bool(_CJK.search(text)), bool(_COMPLEX.search(text))))


def para(text: str, style: str, *, bold: bool | None = None, lang: str | None = None) -> Paragraph:
    """User text (or a label) as a Paragraph: escaped, each script in a font that has it.

    Bold follows the style unless given: ``markup`` names a font for every run, so the
    style's font alone would not make the text bold."""
    if bold is None:
        bold = _styles()[style].fontName == SANS_BOLD
    return P(markup(text, bold=bold, lang=lang), style)


def fill(template: str, *, bold: bool = False, **values: str) -> str:
    """Paragraph markup of a translated template whose ``%(name)s`` placeholders take markup.

    The template's own text goes through ``markup`` piece by piece, so that a placeholder is
    never split by the font runs of the text around it; the values are markup already."""
    parts = _PLACEHOLDER.split(template)
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(values[part])
        elif part:
            out.append(markup(part.replace("%%", "%"), bold=bold))
    return "".join(out)


def fpara(template: str, style: str, *, bold: bool = False, **values: str) -> Paragraph:
    return P(fill(template, bold=bold, **values), style)


def _m(text: str, *, bold: bool = False, lang: str | None = None) -> str:
    return markup(text, bold=bold, lang=lang)


def city_of(zone: str, locale: Locale) -> str:
    """The city of an IANA zone name in the reader's language ("Asia/Bangkok" → "Bangkok")."""
    try:
        return get_timezone_location(zone, locale=locale, return_city=True)
    except (LookupError, ValueError):
        return zone.rsplit("/", 1)[-1].replace("_", " ")


# ------------------------------------------------------------------------------ labels


def credential_text(person: Person, credential: CredentialStatus) -> str:
    """The delegate's standing at a General Assembly, in one or two full sentences."""
    role = person.role
    if role == ParticipantRole.VOTING_DELEGATE and not person.voting:
        return _(
            "Your organisation does not hold a vote at this General Assembly: you take part "
            "in the debates without voting."
        )
    if role == ParticipantRole.VOTING_DELEGATE:
        return {
            CredentialStatus.ACCEPTED: _(
                "Your credentials as voting delegate have been accepted: you will receive "
                "your voting card when you check in."
            ),
            CredentialStatus.SUBMITTED: _(
                "Your credentials as voting delegate have been received and are awaiting the "
                "secretariat's check."
            ),
            CredentialStatus.NONE: _(
                "Your credentials as voting delegate have not reached us yet: please send the "
                "letter of credentials signed by your organisation to the secretariat before "
                "the meeting."
            ),
            CredentialStatus.REJECTED: _(
                "Your credentials as voting delegate could not be accepted. Please contact the "
                "secretariat before the meeting."
            ),
        }[credential]
    if role == ParticipantRole.ALTERNATE:
        return {
            CredentialStatus.ACCEPTED: _(
                "Your credentials as alternate have been accepted: you vote for your "
                "organisation when its voting delegate is absent."
            ),
            CredentialStatus.SUBMITTED: _(
                "Your credentials as alternate have been received and are awaiting the "
                "secretariat's check."
            ),
            CredentialStatus.NONE: _(
                "Your credentials as alternate have not reached us yet: please send the letter "
                "of credentials signed by your organisation to the secretariat before the "
                "meeting."
            ),
            CredentialStatus.REJECTED: _(
                "Your credentials as alternate could not be accepted. Please contact the "
                "secretariat before the meeting."
            ),
        }[credential]
    if role == ParticipantRole.OBSERVER:
        return _(
            "You attend the General Assembly as an observer: you are welcome at all open "
            "sessions and may take the floor, but do not vote."
        )
    return _(
        "You take part in the General Assembly as %(role)s; voting is reserved to the voting "
        "delegates of full members."
    )


# ------------------------------------------------------------------------------ the document


class _Times:
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
            return _m(self.span(start, end))
        here = f"{self.span(start, end)} {self.city}"
        home = f"{self.span(start, end, self.home)} {self.home_city}"
        shift = (start.astimezone(self.home).date() - self.local(start).date()).days
        if shift:
            home += f" ({shift:+d})"
        return f"{_m(here)}<br/><font color='#5a5a5a'>{_m(home)}</font>"


class _PackDoc(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, pack: Pack, pagesize: tuple[float, float]):
        super().__init__(
            buffer,
            pagesize=pagesize,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=pack.meeting.title,
            author=pack.meeting.network,
            subject=pack.person.latin_name,
            creator=pack.meeting.network,
            pageCompression=1,
            initialFontName=SANS,  # else an unembedded Helvetica lands in every PDF
        )
        width, height = pagesize
        inner = width - 2 * MARGIN_X
        frame_h = height - MARGIN_TOP - MARGIN_BOTTOM
        column = (inner - COLUMN_GAP) / 2
        self.addPageTemplates(
            [
                PageTemplate(
                    "cover",
                    [Frame(MARGIN_X, MARGIN_BOTTOM, inner, frame_h, id="cover")],
                    onPage=self._cover_page,
                ),
                PageTemplate(
                    "body",
                    [Frame(MARGIN_X, MARGIN_BOTTOM, inner, frame_h, id="body")],
                    onPage=self._page,
                ),
                PageTemplate(
                    "columns",
                    [
                        Frame(MARGIN_X, MARGIN_BOTTOM, column, frame_h, id="left"),
                        Frame(
                            MARGIN_X + column + COLUMN_GAP,
                            MARGIN_BOTTOM,
                            column,
                            frame_h,
                            id="right",
                        ),
                    ],
                    onPage=self._page,
                ),
            ]
        )
        self._inner = inner
        header = f"{_m(pack.meeting.network)} · {_m(pack.meeting.title)}"
        self._header = P(header, "header")
        self._header_h = self._header.wrap(inner, 30)[1]
        self._footer = para(pack.person.latin_name, "footer")
        self._footer.wrap(inner * 0.7, 20)
        self._page_label = _("Page %(number)s")

    def _page_number(self, canvas) -> None:
        label = fill(self._page_label, number=str(canvas.getPageNumber()))
        p = P(label, "footer_right")
        p.wrap(self._inner * 0.3, 20)
        p.drawOn(canvas, MARGIN_X + self._inner * 0.7, MARGIN_BOTTOM - 10 * mm)

    def _cover_page(self, canvas, doc) -> None:
        canvas.saveState()
        canvas.setFillColor(ACCENT)
        canvas.rect(0, self.pagesize[1] - 12 * mm, self.pagesize[0], 12 * mm, stroke=0, fill=1)
        canvas.restoreState()
        self._page_number(canvas)

    def _page(self, canvas, doc) -> None:
        top = self.pagesize[1] - MARGIN_TOP + 6 * mm
        self._header.drawOn(canvas, MARGIN_X, top)
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, top - 2, MARGIN_X + self._inner, top - 2)
        canvas.line(
            MARGIN_X, MARGIN_BOTTOM - 5 * mm, MARGIN_X + self._inner, MARGIN_BOTTOM - 5 * mm
        )
        canvas.restoreState()
        self._footer.drawOn(canvas, MARGIN_X, MARGIN_BOTTOM - 10 * mm)
        self._page_number(canvas)


def _table(data, widths, extra: Iterable = (), *, header: bool = True) -> Table:
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), SANS),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("LEADING", (0, 0), (-1, -1), 10.8),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]
    if header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), ACCENT)]
    table = Table(data, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    table.setStyle(_table_style(commands + list(extra)))
    return table


def _heads(*labels: str) -> list[Paragraph]:
    return [para(label, "cell_head") for label in labels]


class _Builder:
    def __init__(self, pack: Pack, width: float):
        self.pack = pack
        self.meeting = pack.meeting
        self.person = pack.person
        self.width = width
        locale = get_locale() or Locale.parse(pack.language)
        self.locale = locale
        self.times = _Times(pack, locale)

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
            fpara(_("Dear %(name)s,"), "body", name=_m(name)),
            fpara(
                _(
                    "On behalf of the secretariat of %(network)s, it is a great pleasure to "
                    "welcome you to %(meeting)s, in %(city)s, %(dates)s."
                ),
                "body",
                network=_m(m.network),
                meeting=_m(m.title, bold=True),
                city=_m(city),
                dates=_m(self.times.dates(m.starts_at, m.ends_at)),
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
                credential_text(p, self.pack.credential), role=_m(role_label(p.role).lower())
            )
            box = Table(
                [[para(_("Your credentials"), "cell_bold")], [P(text, "body")]],
                colWidths=[self.width],
            )
            box.setStyle(
                _table_style(
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
                email=_m(m.secretariat_email),
                city=_m(city),
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
                    city=_m(t.city),
                    home=_m(t.home_city),
                )
            )
        else:
            story.append(fpara(_("Times in %(city)s local time."), "small", city=_m(t.city)))
        story.append(Spacer(1, 6))
        if not mine:
            return [*story, para(_("No sessions are scheduled yet."), "body")]
        day_w, room_w = 26 * mm, 34 * mm
        time_w = 38 * mm if differs else 24 * mm
        rows: list[list] = [_heads(_("Day"), _("Time"), _("Session"), _("Room"))]
        extra = []
        you_speak = _m(_("You speak in this session"), bold=True)
        for _day, sessions in groupby(mine, key=lambda s: t.local(s.starts_at).date()):
            first = True
            for s in sessions:
                speaks = self.pack.delegate_id in s.speaker_ids
                title = [_m(s.title, bold=True)]
                if speaks:
                    title.append(f"<br/><font color='#b34700'>{_m(STAR)} {you_speak}</font>")
                row = [
                    para(t.day(s.starts_at), "cell") if first else "",
                    P(t.both(s.starts_at, s.ends_at), "cell"),
                    P("".join(title), "cell"),
                    _room(s),
                ]
                if s.kind in (SessionKind.BREAK, SessionKind.MEAL):
                    extra.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), SHADE))
                if speaks:
                    extra.append(("LINEBEFORE", (2, len(rows)), (2, len(rows)), 2.5, SPEAKS))
                rows.append(row)
                first = False
        widths = [day_w, time_w, self.width - day_w - time_w - room_w, room_w]
        story.append(_table(rows, widths, extra))
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
                parts = [_m(s.title, bold=True), " "]
                parts.append(f"<font color='#5a5a5a'>· {_m(session_kind_label(s.kind))}</font>")
                if s.speakers:
                    who = ", ".join(_m(x) for x in s.speakers)
                    parts.append("<br/>" + fill(_("Speakers: %(names)s"), names=who))
                if s.restricted_to:
                    restricted = fill(_("For members of %(body)s only"), body=_m(s.restricted_to))
                    parts.append(f"<br/><font color='#5a5a5a'>{restricted}</font>")
                text = "".join(parts)
                if s.kind in (SessionKind.BREAK, SessionKind.MEAL):
                    extra.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), SHADE))
                rows.append(
                    [
                        para(t.span(s.starts_at, s.ends_at), "cell"),
                        P(text, "cell"),
                        _room(s),
                    ]
                )
            story.append(_table(rows, widths, extra))
        if self.meeting.side_events:
            story.append(CondPageBreak(50 * mm))
            story.append(para(_("Side events"), "h2", bold=True))
            when_w, place_w = 48 * mm, 50 * mm
            rows = [_heads(_("When"), _("Side event"), _("Place"))]
            for e in self.meeting.side_events:
                when = f"{t.day(e.starts_at)}, {t.span(e.starts_at, e.ends_at)}"
                title = (
                    f"{_m(e.title, bold=True)} "
                    f"<font color='#5a5a5a'>· {_m(event_kind_label(e.kind))}</font>"
                )
                rows.append(
                    [
                        para(when, "cell"),
                        P(title, "cell"),
                        para(e.place, "cell") if e.place else "",
                    ]
                )
            story.append(_table(rows, [when_w, self.width - when_w - place_w, place_w]))
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
                    P(
                        f"<link href='mailto:{_attr(m.secretariat_email)}' color='#0b4f8a'>"
                        f"{_m(m.secretariat_email)}</link>",
                        "cell",
                    ),
                ],
            ]
        )
        label_w = 36 * mm
        table = _table(
            rows,
            [label_w, self.width - label_w],
            [("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 7)],
            header=False,
        )
        story.append(table)
        return story

    # ------------------------------------------------------------------ 6. participants

    def participants(self, column: float) -> list[Flowable]:
        territories = Locale.parse(self.pack.language).territories
        people = sorted(
            self.meeting.participants, key=lambda x: territories.get(x.country, x.country)
        )
        legend = f"<font color='#0072B2'>{_m(VOTE_MARK)}</font> " + _m(
            _("voting delegate of a full member")
        )
        story: list[Flowable] = [
            para(_("Participants"), "h1", bold=True),
            fpara(
                _("%(count)s participants, grouped by country and organisation."),
                "small",
                count=_m(str(len(people))),
            ),
            P(legend, "small"),
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
            table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
            table.setStyle(_table_style(_list_style() + commands))
            story.append(table)
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
        ("TEXTCOLOR", (0, 1), (0, -1), colors.HexColor("#0072B2")),
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
    text = (
        f"{_m(native, bold=True, lang=person.language)} "
        f"<font color='#5a5a5a'>{_m(person.latin_name)}</font>"
    )
    return P(text, "list")


def _org_cell(name: str, native: str | None, lang: str | None):
    if native and native != name:
        text = f"{_m(native, lang=lang)} · {_m(name)}"
        return P(text, "list_org")
    return name if name.isascii() else para(name, "list_org")


def _room(s: SessionLine):
    if not s.room and not s.room_native:
        return ""
    if s.room_native and s.room and s.room_native != s.room:
        text = f"{_m(s.room_native)}<br/><font color='#5a5a5a'>{_m(s.room)}</font>"
        return P(text, "cell")
    return para(s.room or s.room_native or "", "cell")


def _role_chip(role: ParticipantRole) -> Table:
    colour = ROLE_COLOURS[role]
    label = Paragraph(
        markup(role_label(role), bold=True),
        _variant("role", colour=text_colour_on(colour).hexval().replace("0x", "#")),
    )
    chip = Table([[label]], colWidths=[60 * mm], hAlign="LEFT")
    chip.setStyle(
        _table_style(
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


def _attr(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("'", "&#39;").replace('"', "&quot;").replace("<", "&lt;")
    )


def build_pack(pack: Pack) -> bytes:
    """The delegate's pack as PDF bytes; call inside ``force_locale(pack.language)``."""
    register_fonts()
    pagesize = LETTER if pack.paper == "letter" else A4
    buffer = io.BytesIO()
    doc = _PackDoc(buffer, pack, pagesize)
    width = pagesize[0] - 2 * MARGIN_X
    column = (width - COLUMN_GAP) / 2
    b = _Builder(pack, width)

    def shared() -> list[Flowable]:
        return [
            *b.programme(),
            PageBreak(),
            *b.venue(),
            NextPageTemplate("columns"),
            PageBreak(),
            *b.participants(column),
        ]

    key = (pack.meeting.digest, pack.language, pack.paper)
    shared_story, first_layout = replay.shared_pages(key, shared)
    story: list[Flowable] = [
        *b.cover(),
        NextPageTemplate("body"),
        PageBreak(),
        *b.welcome(),
        PageBreak(),
        *b.schedule(),
        PageBreak(),
        *shared_story,
        NextPageTemplate("body"),
        PageBreak(),
        *b.badge(),
    ]
    doc.build(story)
    if first_layout is not None:
        replay.keep(key, first_layout)
    return buffer.getvalue()
