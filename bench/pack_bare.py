"""The yardstick for delegate packs: the same pack built with plain ReportLab in one file.

What a competent engineer writes without our framework: the same sections, page size and
TrueType files as ``planner.packs.documents.build_pack``, registered here directly with
``TTFont``; each character of user text set in the first font whose cmap has it; HarfBuzz
shaping switched on only for paragraphs holding a complex script. No Flask, no Babel, no
caching: English labels are hard-coded and dates go through ``strftime``.

It reads a ``planner.packs.content.Pack`` as plain input data and nothing else from the project.
``bench.pack_build`` runs it through ``BareProcess``, in a process of its own, so that it never
runs with the ReportLab patch the app installs (``planner.packs.reportlab_patch``).
"""

from __future__ import annotations

import io
import pickle
import re
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from itertools import groupby
from pathlib import Path
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
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

from planner.events.models import EventKind, ParticipantRole, SessionKind
from planner.governance.models import CredentialState
from planner.packs.content import Pack, Person, SessionLine

FONT_DIR = Path(__file__).resolve().parent.parent / "planner" / "packs" / "fonts"

BASE, BASE_BOLD = "BareSans", "BareSans-Bold"
# (name, regular file, bold file or None), in the order the cmap lookup tries them.
FACES = (
    (BASE, "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ("BareThai", "NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf"),
    ("BareLao", "NotoSansLao-Regular.ttf", "NotoSansLao-Bold.ttf"),
    ("BareKhmer", "NotoSansKhmer-Regular.ttf", "NotoSansKhmer-Bold.ttf"),
    ("BareMyanmar", "NotoSansMyanmar-Regular.ttf", "NotoSansMyanmar-Bold.ttf"),
    ("BareDevanagari", "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"),
    ("BareBengali", "NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf"),
    ("BareGujarati", "NotoSansGujarati-Regular.ttf", "NotoSansGujarati-Bold.ttf"),
    ("BareTamil", "NotoSansTamil-Regular.ttf", "NotoSansTamil-Bold.ttf"),
    ("BareSinhala", "NotoSansSinhala-Regular.ttf", "NotoSansSinhala-Bold.ttf"),
    ("BareTibetan", "NotoSerifTibetan-Regular.ttf", "NotoSerifTibetan-Bold.ttf"),
    ("BareArabic", "NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
    ("BareThaana", "NotoSansThaana-Regular.ttf", "NotoSansThaana-Bold.ttf"),
    ("BareKorean", "NanumGothic.ttf", "NanumGothicBold.ttf"),
    ("BareJapanese", "ipaexg.ttf", None),
    ("BareChinese", "DroidSansFallbackFull.ttf", None),
)
_CJK_FACES = ("BareKorean", "BareJapanese", "BareChinese")
_HAN_BY_LANG = {"ko": "BareKorean", "ja": "BareJapanese", "zh": "BareChinese"}

_cmaps: dict[str, dict[int, int]] = {}
_bold: dict[str, str] = {}
_styles: dict[tuple[str, bool, bool], ParagraphStyle] = {}
_mark_font = BASE
_lock = threading.Lock()

COMPLEX = re.compile(r"[\u0590-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff\ufb1d-\ufefc]")
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff]")
RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
LATIN = re.compile(r"[A-Za-z]")

MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM, GAP = 18 * mm, 22 * mm, 18 * mm, 6 * mm
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#5a5a5a")
ACCENT = colors.HexColor("#0b4f8a")
RULE = colors.HexColor("#b8c4d0")
SHADE = colors.HexColor("#eef2f6")
SPEAKS = colors.HexColor("#b34700")
VOTE_BLUE = colors.HexColor("#0072B2")

ROLES = {  # label, band colour, text colour on the band
    ParticipantRole.VOTING_DELEGATE: ("Voting delegate", "#0072B2", colors.white),
    ParticipantRole.ALTERNATE: ("Alternate", "#56B4E9", colors.black),
    ParticipantRole.OBSERVER: ("Observer", "#F0E442", colors.black),
    ParticipantRole.SPEAKER: ("Speaker", "#D55E00", colors.black),
    ParticipantRole.STAFF: ("Staff", "#000000", colors.white),
    ParticipantRole.GUEST: ("Guest", "#CC79A7", colors.black),
    ParticipantRole.CHAIR: ("Chair", "#009E73", colors.black),
}
SESSION_KINDS = {
    SessionKind.PLENARY: "Plenary",
    SessionKind.BUSINESS: "Business session",
    SessionKind.PANEL: "Panel",
    SessionKind.BREAK: "Break",
    SessionKind.MEAL: "Meal",
    SessionKind.VISIT: "Visit",
}
EVENT_KINDS = {
    EventKind.GENERAL_ASSEMBLY: "General Assembly",
    EventKind.EXECUTIVE_COMMITTEE: "Executive Committee",
    EventKind.STEERING_COMMITTEE: "Steering Committee",
    EventKind.SEMINAR: "Seminar",
    EventKind.WORKSHOP: "Workshop",
    EventKind.STUDY_VISIT: "Study visit",
    EventKind.SIDE_EVENT: "Side event",
}
COUNTRIES = {
    "AU": "Australia",
    "BD": "Bangladesh",
    "BT": "Bhutan",
    "CN": "China",
    "DE": "Germany",
    "ES": "Spain",
    "FJ": "Fiji",
    "FR": "France",
    "GB": "United Kingdom",
    "ID": "Indonesia",
    "IN": "India",
    "JP": "Japan",
    "KH": "Cambodia",
    "KR": "South Korea",
    "LA": "Laos",
    "LK": "Sri Lanka",
    "MM": "Myanmar (Burma)",
    "MN": "Mongolia",
    "MV": "Maldives",
    "MY": "Malaysia",
    "NL": "Netherlands",
    "NP": "Nepal",
    "NZ": "New Zealand",
    "PG": "Papua New Guinea",
    "PH": "Philippines",
    "PK": "Pakistan",
    "SG": "Singapore",
    "TH": "Thailand",
    "TW": "Taiwan",
    "US": "United States",
    "VN": "Vietnam",
}


# ---------------------------------------------------------------------------- fonts and text


def register_bare_fonts() -> None:
    """Register every face (and its bold) with ReportLab and build the styles; once."""
    global _mark_font
    if _styles:
        return
    with _lock:
        if _styles:
            return
        for name, regular, bold in FACES:
            font = TTFont(name, str(FONT_DIR / regular))
            pdfmetrics.registerFont(font)
            _cmaps[name] = font.face.charToGlyph
            _bold[name] = f"{name}-Bold" if bold else name
            if bold:
                pdfmetrics.registerFont(TTFont(_bold[name], str(FONT_DIR / bold)))
        _mark_font = _lookup(ord("\u25cf"), [n for n, _, _ in FACES])
        _styles.update(_make_styles())


def _lookup(code: int, order: list[str]) -> str:
    for name in order:
        if code in _cmaps[name]:
            return name
    return BASE


def _order(lang: str | None) -> list[str]:
    """Font order: the Han face of the text's language first among the CJK faces."""
    faces = [n for n, _, _ in FACES]
    first = _HAN_BY_LANG.get((lang or "")[:2])
    if first and first != _CJK_FACES[0]:
        faces.remove(first)
        faces.insert(faces.index(_CJK_FACES[0]), first)
    return faces


def runs(text: str, lang: str | None = None) -> list[tuple[str, str]]:
    """(font, text) runs: a letter goes to the first font with its glyph; anything else stays
    in the current run if that font has it."""
    order = _order(lang)
    out: list[tuple[str, list[str]]] = []
    font = None
    for ch in text:
        code = ord(ch)
        if font is None or ch.isalpha() or code not in _cmaps[font]:
            font = _lookup(code, order)
        if out and out[-1][0] == font:
            out[-1][1].append(ch)
        else:
            out.append((font, [ch]))
    return [(f, "".join(chars)) for f, chars in out]


def mk(text: str, *, bold: bool = False, lang: str | None = None) -> str:
    """Paragraph markup for user text: escaped, one ``<font>`` per run."""
    if RTL.search(text) and not LATIN.search(text):
        text = " ".join(reversed(text.split(" ")))  # no bidi: words in visual order
    return "".join(
        f'<font name="{_bold[f] if bold else f}">{escape(s)}</font>' for f, s in runs(text, lang)
    )


def _make_styles() -> dict[tuple[str, bool, bool], ParagraphStyle]:
    specs = {
        # name: size, leading, bold, extra
        "body": (10, 14.5, False, {"spaceAfter": 7}),
        "small": (8.5, 11.5, False, {"textColor": MUTED}),
        "h1": (18, 23, True, {"textColor": ACCENT, "spaceAfter": 8, "keepWithNext": 1}),
        "h2": (12.5, 16, True, {"spaceBefore": 10, "spaceAfter": 5, "keepWithNext": 1}),
        "cell": (8.5, 10.8, False, {}),
        "cell_bold": (8.5, 10.8, True, {}),
        "list": (7.2, 8.8, False, {}),
        "list_org": (7.2, 8.8, False, {"textColor": MUTED}),
        "list_country": (8.5, 10.5, True, {"textColor": ACCENT}),
        "cover_network": (13, 17, False, {"textColor": MUTED}),
        "cover_title": (26, 32, True, {"textColor": ACCENT, "spaceBefore": 6}),
        "cover_when": (13, 18, False, {"spaceBefore": 8}),
        "cover_name": (34, 41, True, {}),
        "cover_latin": (16, 21, False, {"textColor": MUTED, "spaceBefore": 2}),
        "cover_org": (13, 17, False, {"spaceBefore": 10}),
        "cover_org_latin": (11, 15, False, {"textColor": MUTED}),
        "cover_position": (11, 15, False, {"spaceBefore": 6}),
        "header": (7.5, 9.5, False, {"textColor": MUTED}),
        "role": (11, 14, True, {"alignment": TA_CENTER}),
        "badge_title": (6.5, 7.5, False, {}),
    }
    out = {}
    for name, (size, leading, bold, extra) in specs.items():
        base = ParagraphStyle(
            name,
            fontName=BASE_BOLD if bold else BASE,
            fontSize=size,
            leading=leading,
            textColor=extra.pop("textColor", INK),
            **extra,
        )
        for shaped in (False, True):
            for cjk in (False, True):
                out[name, shaped, cjk] = ParagraphStyle(
                    f"{name}-{shaped}-{cjk}",
                    parent=base,
                    shaping=1 if shaped else 0,
                    wordWrap="CJK" if cjk else None,
                )
    return out


def P(markup: str, style: str) -> Paragraph:
    """A Paragraph of markup; shaped only if it holds a complex script."""
    return Paragraph(markup, _styles[style, bool(COMPLEX.search(markup)), bool(CJK.search(markup))])


def T(text: str, style: str, *, bold: bool = False, lang: str | None = None) -> Paragraph:
    return P(mk(text, bold=bold, lang=lang), style)


def plain(text: str) -> bool:
    """Whether text prints in the base font alone (then a table cell takes it as a string)."""
    return all(font == BASE for font, _ in runs(text))


# ---------------------------------------------------------------------------- dates


def _city(zone: str) -> str:
    return zone.rsplit("/", 1)[-1].replace("_", " ")


class Clock:
    def __init__(self, pack: Pack):
        self.zone = ZoneInfo(pack.meeting.timezone)
        self.home = ZoneInfo(pack.timezone)
        self.city = _city(pack.meeting.timezone)
        self.home_city = _city(pack.timezone)

    def local(self, dt: datetime) -> datetime:
        return dt.astimezone(self.zone)

    def day(self, dt: datetime) -> str:
        d = self.local(dt)
        return f"{d:%a} {d.day} {d:%b}"

    def long_day(self, dt: datetime) -> str:
        d = self.local(dt)
        return f"{d:%A} {d.day} {d:%B %Y}"

    def span(self, start: datetime, end: datetime, zone: ZoneInfo | None = None) -> str:
        zone = zone or self.zone
        return f"{start.astimezone(zone):%H:%M}–{end.astimezone(zone):%H:%M}"

    def dates(self, start: datetime, end: datetime) -> str:
        a, b = self.local(start), self.local(end)
        if a.date() == b.date():
            return f"{a.day} {a:%B %Y}"
        if (a.year, a.month) == (b.year, b.month):
            return f"{a.day}–{b.day} {b:%B %Y}"
        return f"{a.day} {a:%B} – {b.day} {b:%B %Y}"

    def differs(self, dt: datetime) -> bool:
        return dt.astimezone(self.zone).utcoffset() != dt.astimezone(self.home).utcoffset()

    def both(self, start: datetime, end: datetime) -> str:
        if not self.differs(start):
            return mk(self.span(start, end))
        home = f"{self.span(start, end, self.home)} {self.home_city}"
        shift = (start.astimezone(self.home).date() - self.local(start).date()).days
        if shift:
            home += f" ({shift:+d})"
        here = mk(f"{self.span(start, end)} {self.city}")
        return f"{here}<br/><font color='#5a5a5a'>{mk(home)}</font>"


def _utc_offset(dt: datetime) -> str:
    offset = dt.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    h, m = divmod(abs(minutes), 60)
    return f"UTC{'+' if minutes >= 0 else '−'}{h}" + (f":{m:02d}" if m else "")


# ---------------------------------------------------------------------------- page furniture


class Doc(BaseDocTemplate):
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
            pageCompression=1,
            initialFontName=BASE,
        )
        width, height = pagesize
        self.inner = inner = width - 2 * MARGIN_X
        frame_h = height - MARGIN_TOP - MARGIN_BOTTOM
        column = (inner - GAP) / 2

        def frame(x: float, w: float, name: str) -> Frame:
            return Frame(x, MARGIN_BOTTOM, w, frame_h, id=name)

        self.addPageTemplates(
            [
                PageTemplate("cover", [frame(MARGIN_X, inner, "cover")], onPage=self.cover),
                PageTemplate("body", [frame(MARGIN_X, inner, "body")], onPage=self.page),
                PageTemplate(
                    "columns",
                    [
                        frame(MARGIN_X, column, "left"),
                        frame(MARGIN_X + column + GAP, column, "right"),
                    ],
                    onPage=self.page,
                ),
            ]
        )
        self.header = P(f"{mk(pack.meeting.network)} · {mk(pack.meeting.title)}", "header")
        self.header.wrap(inner, 30)
        self.footer = T(pack.person.latin_name, "header")
        self.footer.wrap(inner * 0.7, 20)

    def number(self, canvas) -> None:
        canvas.saveState()
        canvas.setFont(BASE, 7.5)
        canvas.setFillColor(MUTED)
        y = MARGIN_BOTTOM - 10 * mm + 2
        canvas.drawRightString(MARGIN_X + self.inner, y, f"Page {canvas.getPageNumber()}")
        canvas.restoreState()

    def cover(self, canvas, doc) -> None:
        canvas.saveState()
        canvas.setFillColor(ACCENT)
        w, h = self.pagesize
        canvas.rect(0, h - 12 * mm, w, 12 * mm, stroke=0, fill=1)
        canvas.restoreState()
        self.number(canvas)

    def page(self, canvas, doc) -> None:
        top = self.pagesize[1] - MARGIN_TOP + 6 * mm
        self.header.drawOn(canvas, MARGIN_X, top)
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, top - 2, MARGIN_X + self.inner, top - 2)
        low = MARGIN_BOTTOM - 5 * mm
        canvas.line(MARGIN_X, low, MARGIN_X + self.inner, low)
        canvas.restoreState()
        self.footer.drawOn(canvas, MARGIN_X, MARGIN_BOTTOM - 10 * mm)
        self.number(canvas)


class HRule(Flowable):
    def __init__(self, width: float):
        super().__init__()
        self.width, self.height = width, 1.5

    def draw(self) -> None:
        self.canv.setStrokeColor(ACCENT)
        self.canv.setLineWidth(1.5)
        self.canv.line(0, 0, self.width, 0)


def table(rows, widths, extra=(), *, header: bool = True) -> Table:
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), BASE),
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
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
            ("FONTNAME", (0, 0), (-1, 0), BASE_BOLD),
            ("FONTSIZE", (0, 0), (-1, 0), 8),
            ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ]
    t = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    t.setStyle(TableStyle(commands + list(extra)))
    return t


def room(s: SessionLine):
    if s.room_native and s.room and s.room_native != s.room:
        return P(f"{mk(s.room_native)}<br/><font color='#5a5a5a'>{mk(s.room)}</font>", "cell")
    text = s.room or s.room_native
    return T(text, "cell") if text else ""


# ---------------------------------------------------------------------------- sections


def cover(pack: Pack, clock: Clock, width: float) -> list[Flowable]:
    m, p = pack.meeting, pack.person
    where = clock.dates(m.starts_at, m.ends_at)
    if m.venue and m.venue.city:
        where += f" · {m.venue.city}"
    story = [
        Spacer(1, 18 * mm),
        T(m.network, "cover_network"),
        T(m.title, "cover_title", bold=True),
        T(where, "cover_when"),
        Spacer(1, 30 * mm),
        HRule(width),
        Spacer(1, 8 * mm),
        T(p.native_name or p.latin_name, "cover_name", bold=True, lang=p.language),
    ]
    if p.native_name and p.native_name != p.latin_name:
        story.append(T(p.latin_name, "cover_latin"))
    if p.position:
        story.append(T(p.position, "cover_position"))
    if p.organisation_native and p.organisation_native != p.organisation:
        story.append(T(p.organisation_native, "cover_org", lang=p.language))
        story.append(T(p.organisation, "cover_org_latin"))
    else:
        story.append(T(p.organisation, "cover_org"))
    label, band, ink = ROLES[p.role]
    chip = Table([[label]], colWidths=[60 * mm], hAlign="LEFT")
    chip.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(band)),
                ("FONTNAME", (0, 0), (-1, -1), BASE_BOLD),
                ("FONTSIZE", (0, 0), (-1, -1), 11),
                ("TEXTCOLOR", (0, 0), (-1, -1), ink),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        )
    )
    return [*story, Spacer(1, 10 * mm), chip]


def credential_text(person: Person, credential: CredentialState | None) -> str:
    role = person.role
    if role == ParticipantRole.VOTING_DELEGATE and not person.voting:
        return (
            "Your organisation does not hold a vote at this General Assembly: you take part in "
            "the debates without voting."
        )
    if role in (ParticipantRole.VOTING_DELEGATE, ParticipantRole.ALTERNATE):
        what = "voting delegate" if role == ParticipantRole.VOTING_DELEGATE else "alternate"
        return {
            CredentialState.APPROVED: f"Your credentials as {what} have been accepted: "
            + (
                "you will receive your voting card when you check in."
                if role == ParticipantRole.VOTING_DELEGATE
                else "you vote for your organisation when its voting delegate is absent."
            ),
            CredentialState.PENDING: f"Your credentials as {what} have been received and "
            "are awaiting the secretariat's check.",
            CredentialState.MISSING: f"Your credentials as {what} have not reached us yet: please "
            "send the letter of credentials signed by your organisation to the secretariat "
            "before the meeting.",
            CredentialState.REJECTED: f"Your credentials as {what} could not be accepted. "
            "Please contact the secretariat before the meeting.",
        }[credential or CredentialState.MISSING]
    if role == ParticipantRole.OBSERVER:
        return (
            "You attend the General Assembly as an observer: you are welcome at all open "
            "sessions and may take the floor, but do not vote."
        )
    return (
        f"You take part in the General Assembly as {ROLES[role][0].lower()}; voting is reserved "
        "to the voting delegates of full members."
    )


def welcome(pack: Pack, clock: Clock, width: float) -> list[Flowable]:
    m, p = pack.meeting, pack.person
    city = (m.venue.city if m.venue and m.venue.city else None) or clock.city
    name = f"{p.title} {p.latin_name}" if p.title else p.latin_name
    dates = clock.dates(m.starts_at, m.ends_at)
    story: list[Flowable] = [
        T("Welcome", "h1", bold=True),
        T(f"Dear {name},", "body"),
        P(
            mk(
                f"On behalf of the secretariat of {m.network}, it is a great pleasure to welcome "
                "you to "
            )
            + mk(m.title, bold=True)
            + mk(f", in {city}, {dates}."),
            "body",
        ),
    ]
    if m.description:
        story.append(T(m.description, "body"))
    story.append(
        T(
            "This pack gathers what you need for the coming days: your personal schedule, the "
            "full programme with its side events, practical information on the venue, the list "
            "of participants and your badge. Times are given in the local time of the meeting "
            "and, where yours differs, in your home time beside it.",
            "body",
        )
    )
    if m.kind == EventKind.GENERAL_ASSEMBLY:
        box = Table(
            [
                [T("Your credentials", "cell_bold", bold=True)],
                [T(credential_text(p, pack.credential), "body")],
            ],
            colWidths=[width],
        )
        box.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), BASE),
                    ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                    ("LINEBEFORE", (0, 0), (0, -1), 3, colors.HexColor(ROLES[p.role][1])),
                    ("LEFTPADDING", (0, 0), (-1, -1), 10),
                    ("TOPPADDING", (0, 0), (-1, 0), 8),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), 2),
                ]
            )
        )
        story += [Spacer(1, 4), box, Spacer(1, 10)]
    story += [
        T(
            "Our team will be at the registration desk from the first morning. Do not hesitate "
            f"to write to us at {m.secretariat_email} if you need anything before or during the "
            f"meeting. We look forward to welcoming you in {city}.",
            "body",
        ),
        Spacer(1, 6),
        T("With warm regards,", "body"),
        T(m.secretariat_name, "body", bold=True),
    ]
    return story


def schedule(pack: Pack, clock: Clock, width: float) -> list[Flowable]:
    mine = [s for s in pack.meeting.sessions if pack.attends(s)]
    story: list[Flowable] = [T("Your schedule", "h1", bold=True)]
    differs = any(clock.differs(s.starts_at) for s in mine)
    if differs:
        note = (
            f"Times in {clock.city}, the meeting's local time, and in {clock.home_city}, your "
            "home time."
        )
    else:
        note = f"Times in {clock.city} local time."
    story += [T(note, "small"), Spacer(1, 6)]
    if not mine:
        return [*story, T("No sessions are scheduled yet.", "body")]
    day_w, room_w = 26 * mm, 34 * mm
    time_w = 38 * mm if differs else 24 * mm
    rows: list[list] = [["Day", "Time", "Session", "Room"]]
    extra: list[tuple] = []
    you_speak = f"<br/><font color='#b34700'>{mk('★ You speak in this session', bold=True)}</font>"
    last_day = None
    for s in mine:
        day = clock.local(s.starts_at).date()
        speaks = pack.delegate_id in s.speaker_ids
        title = mk(s.title, bold=True) + (you_speak if speaks else "")
        if s.kind in (SessionKind.BREAK, SessionKind.MEAL):
            extra.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), SHADE))
        if speaks:
            extra.append(("LINEBEFORE", (2, len(rows)), (2, len(rows)), 2.5, SPEAKS))
        rows.append(
            [
                T(clock.day(s.starts_at), "cell") if day != last_day else "",
                P(clock.both(s.starts_at, s.ends_at), "cell"),
                P(title, "cell"),
                room(s),
            ]
        )
        last_day = day
    story.append(table(rows, [day_w, time_w, width - day_w - time_w - room_w, room_w], extra))
    return story


def programme(pack: Pack, clock: Clock, width: float) -> list[Flowable]:
    m = pack.meeting
    story: list[Flowable] = [T("Programme", "h1", bold=True)]
    time_w, room_w = 24 * mm, 38 * mm
    for _day, group in groupby(m.sessions, key=lambda s: clock.local(s.starts_at).date()):
        sessions = list(group)
        story.append(T(clock.long_day(sessions[0].starts_at), "h2", bold=True))
        rows: list[list] = [["Time", "Session", "Room"]]
        extra = []
        for s in sessions:
            kind = mk("· " + SESSION_KINDS[s.kind])
            text = f"{mk(s.title, bold=True)} <font color='#5a5a5a'>{kind}</font>"
            if s.speakers:
                text += "<br/>" + mk("Speakers: ") + ", ".join(mk(x) for x in s.speakers)
            if s.restricted_to:
                only = mk(f"For members of {s.restricted_to} only")
                text += f"<br/><font color='#5a5a5a'>{only}</font>"
            if s.kind in (SessionKind.BREAK, SessionKind.MEAL):
                extra.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), SHADE))
            rows.append([clock.span(s.starts_at, s.ends_at), P(text, "cell"), room(s)])
        story.append(table(rows, [time_w, width - time_w - room_w, room_w], extra))
    if m.side_events:
        story += [CondPageBreak(50 * mm), T("Side events", "h2", bold=True)]
        when_w, place_w = 48 * mm, 50 * mm
        rows = [["When", "Side event", "Place"]]
        for e in m.side_events:
            kind = mk("· " + EVENT_KINDS[e.kind])
            title = f"{mk(e.title, bold=True)} <font color='#5a5a5a'>{kind}</font>"
            rows.append(
                [
                    T(f"{clock.day(e.starts_at)}, {clock.span(e.starts_at, e.ends_at)}", "cell"),
                    P(title, "cell"),
                    T(e.place, "cell") if e.place else "",
                ]
            )
        story.append(table(rows, [when_w, width - when_w - place_w, place_w]))
    return story


def venue(pack: Pack, clock: Clock, width: float) -> list[Flowable]:
    m, v = pack.meeting, pack.meeting.venue
    rows: list[list] = []

    def add(label: str, *lines: tuple[str | None, str]) -> None:
        cells = [T(text, style, bold=style == "cell_bold") for text, style in lines if text]
        if cells:
            rows.append([label, cells])

    if v is not None:
        add(
            "Venue",
            (v.native_name if v.native_name != v.name else None, "cell_bold"),
            (v.name, "cell"),
        )
        add(
            "Address",
            (v.native_address if v.native_address != v.address else None, "cell"),
            (v.address, "cell"),
        )
        add("City", (v.city, "cell"))
        add("Getting there", (v.directions, "cell"))
        if v.latitude is not None and v.longitude is not None:
            lat, lon = v.latitude, v.longitude
            where = (
                f"{abs(lat):.5f}° {'N' if lat >= 0 else 'S'}, "
                f"{abs(lon):.5f}° {'E' if lon >= 0 else 'W'}"
            )
            add("Coordinates", (where, "cell"))
    offset = _utc_offset(clock.local(m.starts_at))
    add("Local time", (f"{clock.city} ({m.timezone}, {offset})", "cell"))
    email = escape(m.secretariat_email, {"'": "&#39;", '"': "&quot;"})
    link = f"<link href='mailto:{email}' color='#0b4f8a'>{mk(m.secretariat_email)}</link>"
    rows.append(["Secretariat", [T(m.secretariat_name, "cell"), P(link, "cell")]])
    label_w = 36 * mm
    extra = [
        ("FONTNAME", (0, 0), (0, -1), BASE_BOLD),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
    ]
    return [
        T("Venue and practical information", "h1", bold=True),
        table(rows, [label_w, width - label_w], extra, header=False),
    ]


def participants(pack: Pack, column: float) -> list[Flowable]:
    people = sorted(pack.meeting.participants, key=lambda x: COUNTRIES.get(x.country, x.country))
    legend = f"<font name='{_mark_font}' color='#0072B2'>\u25cf</font> " + mk(
        "voting delegate of a full member"
    )
    story: list[Flowable] = [
        T("Participants", "h1", bold=True),
        T(f"{len(people)} participants, grouped by country and organisation.", "small"),
        P(legend, "small"),
        Spacer(1, 6),
    ]
    mark_w, role_w = 4 * mm, 22 * mm
    widths = [mark_w, column - mark_w - role_w, role_w]
    base = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), BASE),
        ("FONTSIZE", (0, 0), (-1, -1), 7.2),
        ("LEADING", (0, 0), (-1, -1), 8.8),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("FONTNAME", (0, 1), (0, -1), _mark_font),
        ("FONTSIZE", (0, 1), (0, -1), 7),
        ("TEXTCOLOR", (0, 1), (0, -1), VOTE_BLUE),
        ("TEXTCOLOR", (2, 1), (2, -1), MUTED),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 0.6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
        ("SPAN", (0, 0), (-1, 0)),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
        ("TOPPADDING", (0, 0), (-1, 0), 6),
        ("NOSPLIT", (0, 0), (-1, 2)),
    ]
    for country, group in groupby(people, key=lambda x: x.country):
        rows: list[list] = [[T(COUNTRIES.get(country, country), "list_country", bold=True)]]
        rows[0] += ["", ""]
        commands = list(base)
        for (org, org_native, lang), members in groupby(
            group, key=lambda x: (x.organisation, x.organisation_native, x.language)
        ):
            n = len(rows)
            if org_native and org_native != org:
                org_cell = P(f"{mk(org_native, lang=lang)} · {mk(org)}", "list_org")
            else:
                org_cell = org if plain(org) else T(org, "list_org")
            rows.append([org_cell, "", ""])
            commands += [
                ("SPAN", (0, n), (-1, n)),
                ("FONTNAME", (0, n), (0, n), BASE),
                ("TEXTCOLOR", (0, n), (0, n), MUTED),
                ("NOSPLIT", (0, n), (-1, n + 1)),
                ("TOPPADDING", (0, n), (-1, n), 3),
            ]
            for p in members:
                if p.native_name and p.native_name != p.latin_name:
                    name = P(
                        f"{mk(p.native_name, bold=True, lang=p.language)} "
                        f"<font color='#5a5a5a'>{mk(p.latin_name)}</font>",
                        "list",
                    )
                else:
                    name = p.latin_name if plain(p.latin_name) else T(p.latin_name, "list")
                rows.append(["\u25cf" if p.voting else "", name, ROLES[p.role][0]])
        t = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        t.setStyle(TableStyle(commands))
        story.append(t)
    return story


# ---------------------------------------------------------------------------- badge

BADGE_W, BADGE_H, PAD, BAND, QR = 90 * mm, 62 * mm, 3 * mm, 8 * mm, 30 * mm


def _badge_para(text: str, size: float, *, bold: bool = False, lang: str | None = None):
    markup = mk(text, bold=bold, lang=lang)
    style = ParagraphStyle(
        "badge",
        fontName=BASE_BOLD if bold else BASE,
        fontSize=size,
        leading=size * 1.2,
        shaping=1 if COMPLEX.search(text) else 0,
        wordWrap="CJK" if CJK.search(text) else None,
        splitLongWords=True,
    )
    return Paragraph(markup, style)


class Badge(Flowable):
    """The badge at its printed size inside a dashed cutting line."""

    def __init__(self, person: Person, token: str, title: str):
        super().__init__()
        self.width, self.height = BADGE_W, BADGE_H
        inner = BADGE_W - 2 * PAD
        self.title = P(mk(title), "badge_title")
        self.title_y = BADGE_H - PAD - self.title.wrap(inner, 30)[1]
        name = person.native_name or person.latin_name
        for size, most_lines in ((30, 1), (27, 1), (24, 1), (21, 1), (18, 1), (16, 2), (14, 2)):
            self.name = _badge_para(name, size, bold=True, lang=person.language)
            self.name.wrap(inner, 1000)
            if len(self.name.blPara.lines) <= most_lines and self.name.minWidth() <= inner:
                break
        self.name_y = self.title_y - 1 * mm - self.name.height
        qr = QrCodeWidget(token, barLevel="M", barBorder=2, barWidth=QR, barHeight=QR)
        self.qr = Drawing(QR, QR, initialFontName=BASE)
        self.qr.add(qr)
        lines: list[tuple[str, float, bool]] = []
        if person.native_name and person.native_name != person.latin_name:
            lines.append((person.latin_name, 10, True))
        if person.organisation_native and person.organisation_native != person.organisation:
            lines.append((person.organisation_native, 9, False))
        lines.append((person.organisation, 8.5, False))
        if person.position:
            lines.append((person.position, 7.5, False))
        self.block_top = min(self.name_y - 0.25 * self.name.style.fontSize, BAND + 1.5 * mm + QR)
        room_h = self.block_top - BAND - 2 * mm
        for scale in (1.0, 0.85, 0.7, 0.6):
            self.block = []
            for text, text_size, bold in lines:
                p = _badge_para(text, text_size * scale, bold=bold, lang=person.language)
                self.block.append((p, p.wrap(inner - QR - 1 * mm, 1000)[1]))
            if sum(h for _, h in self.block) <= room_h:
                break
        self.role, band, self.ink = ROLES[person.role]
        self.band = colors.HexColor(band)

    def wrap(self, availWidth, availHeight):
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setStrokeColor(colors.grey)
        c.setLineWidth(0.5)
        c.setDash(3, 2)
        c.rect(0, 0, self.width, self.height)
        c.setDash()
        c.setFillColor(self.band)
        c.rect(0, 0, self.width, BAND, stroke=0, fill=1)
        c.setFillColor(self.ink)
        c.setFont(BASE_BOLD, 11)
        c.drawCentredString(self.width / 2, BAND / 2 - 3.5, self.role)
        c.restoreState()
        self.title.drawOn(c, PAD, self.title_y)
        self.name.drawOn(c, PAD, self.name_y)
        self.qr.drawOn(c, self.width - PAD - QR + 2 * mm, BAND + 1.5 * mm)
        top = self.block_top
        for p, h in self.block:
            top -= h
            p.drawOn(c, PAD, top)


def badge_page(pack: Pack) -> list[Flowable]:
    badge = Badge(pack.person, pack.check_in_token, pack.meeting.title)
    badge.hAlign = "CENTER"
    return [
        T("Your badge", "h1", bold=True),
        T(
            "Please bring this page, printed or on your phone, to the registration desk: the QR "
            "code checks you in and your printed badge is handed to you at once.",
            "body",
        ),
        Spacer(1, 10 * mm),
        badge,
        Spacer(1, 6 * mm),
        T("Actual size. Keep your badge visible during the meeting.", "small"),
    ]


# ---------------------------------------------------------------------------- the pack


def build_bare_pack(pack: Pack) -> bytes:
    """The delegate's pack as PDF bytes, with plain ReportLab."""
    register_bare_fonts()
    pagesize = LETTER if pack.paper == "letter" else A4
    buffer = io.BytesIO()
    doc = Doc(buffer, pack, pagesize)
    width = pagesize[0] - 2 * MARGIN_X
    clock = Clock(pack)
    story = [
        *cover(pack, clock, width),
        NextPageTemplate("body"),
        PageBreak(),
        *welcome(pack, clock, width),
        PageBreak(),
        *schedule(pack, clock, width),
        PageBreak(),
        *programme(pack, clock, width),
        PageBreak(),
        *venue(pack, clock, width),
        NextPageTemplate("columns"),
        PageBreak(),
        *participants(pack, (width - GAP) / 2),
        NextPageTemplate("body"),
        PageBreak(),
        *badge_page(pack),
    ]
    doc.build(story)
    return buffer.getvalue()


# ---------------------------------------------------------------------------- its own process


class BareProcess:
    """The bare script in a process of its own, so that it never runs with the patch that
    ``create_app`` installs into ReportLab: it builds the packs it is given on request and
    answers with the seconds each request took."""

    def __init__(self, packs: list[Pack]):
        self._file = tempfile.NamedTemporaryFile(suffix=".pickle")  # noqa: SIM115 (open while the child runs)
        pickle.dump(packs, self._file)
        self._file.flush()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "bench.pack_bare", self._file.name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def send(self, first: int, stop: int) -> None:
        """Ask for packs ``first`` to ``stop - 1``; ``seconds`` reads the answer."""
        assert self._process.stdin is not None
        self._process.stdin.write(f"{first} {stop}\n")
        self._process.stdin.flush()

    def seconds(self) -> float:
        assert self._process.stdout is not None
        return float(self._process.stdout.readline())

    def build(self, first: int, stop: int | None = None) -> float:
        self.send(first, first + 1 if stop is None else stop)
        return self.seconds()

    def close(self) -> None:
        assert self._process.stdin is not None
        self._process.stdin.close()
        self._process.wait(timeout=60)
        self._file.close()


def _serve(path: str) -> None:
    """Read "first stop" lines; build those packs and write the seconds it took."""
    from reportlab.platypus import paragraph as rl_paragraph

    assert rl_paragraph.shapeFragWord.__module__.startswith("reportlab"), "patched ReportLab"
    with open(path, "rb") as file:
        packs = pickle.load(file)  # written by our parent process
    register_bare_fonts()
    for line in sys.stdin:
        first, stop = map(int, line.split())
        started = time.perf_counter()
        for pack in packs[first:stop]:
            build_bare_pack(pack)
        print(time.perf_counter() - started, flush=True)


if __name__ == "__main__":
    _serve(sys.argv[1])
