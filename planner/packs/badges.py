"""Name badges: the `Badge` flowable and the print sheet of cut-out badges.

A badge is 90 × 62 mm. From the top: the meeting title (small), the name as its owner writes it
(large: the font shrinks to fit the width, and a long name wraps to two lines at most), then the
Latin form of the name and the organisation beside the QR code of the check-in token, and at the
bottom a colour band with the role written on it.

The band takes the role's colour (``styles.ROLE_COLOURS``) with the role written on it in black
or white, whichever contrasts more.

The QR code's symbol is at least 25 mm wide, so that a phone or a door scanner reads it from a
printed badge, and a 150-dpi rendering is still decodable.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from planner.events.labels import role_label
from planner.events.models import ParticipantRole
from planner.packs.content import Person
from planner.packs.fonts import SANS, markup, paragraph, paragraph_style, register_fonts
from planner.packs.styles import ROLE_COLOURS, text_colour_on

BADGE_WIDTH = 90 * mm
BADGE_HEIGHT = 62 * mm
_PAD = 3 * mm
_BAND = 8 * mm
_QR = 30 * mm  # the drawing; the symbol inside is ≥ 25 mm (2-module quiet zone in the drawing)
_GUTTER = 5 * mm  # between badges on the sheet: the cut marks live there
_MIN_MARGIN = 8 * mm
_MARK_GAP = 1 * mm
_MARK_LENGTH = 3 * mm


@lru_cache(maxsize=256)
def _style(size: float, bold: bool, leading: float = 1.2, align: int = 0) -> ParagraphStyle:
    return paragraph_style(
        f"badge-{size}-{bold}-{leading}-{align}",
        size=size,
        leading=size * leading,
        bold=bold,
        alignment=align,
        splitLongWords=True,
    )


def _para(
    text: str,
    size: float,
    *,
    bold: bool = False,
    align: int = 0,
    leading: float = 1.2,
    lang: str | None = None,
) -> Paragraph:
    return paragraph(markup(text, bold=bold, lang=lang), _style(size, bold, leading, align))


def _fitted_name(name: str, width: float, lang: str | None) -> Paragraph:
    """The name as large as it fits: one line from 30 pt down to 16 pt, else two lines."""
    sizes = ((30, 1), (27, 1), (24, 1), (21, 1), (18, 1), (16, 1), (16, 2), (14, 2), (12, 2))
    for size, lines in sizes:
        p = _para(name, size, bold=True, leading=1.2, lang=lang)
        p.wrap(width, 1000)
        if len(p.blPara.lines) <= lines and p.minWidth() <= width:
            return p
    p = _para(name, 10, bold=True, leading=1.2, lang=lang)
    p.wrap(width, 1000)
    return p


def _fitted_block(
    lines: Sequence[tuple[str, float, bool]], width: float, height: float, lang: str | None
) -> list[tuple[Paragraph, float]]:
    """Paragraphs of (text, size, bold), all made smaller together until they fit the box."""
    for scale in (1.0, 0.9, 0.8, 0.7, 0.6):
        out = []
        for text, size, bold in lines:
            p = _para(text, round(size * scale, 1), bold=bold, leading=1.25, lang=lang)
            out.append((p, p.wrap(width, 1000)[1]))
        if sum(h for _, h in out) <= height:
            break
    return out


@lru_cache(maxsize=16)
def _band_style(role: ParticipantRole) -> ParagraphStyle:
    return ParagraphStyle(
        f"band-{role}",
        parent=_style(11, True, 1.2, TA_CENTER),
        textColor=text_colour_on(ROLE_COLOURS[role]),
    )


def qr_drawing(token: str, size: float = _QR) -> Drawing:
    """The check-in token as a QR code, `size` wide including a 2-module quiet zone.

    The widget's group is made once here: drawing the widget itself would encode the data (and
    try all eight mask patterns) again at every render."""
    widget = QrCodeWidget(token, barLevel="M", barBorder=2, barWidth=size, barHeight=size)
    drawing = Drawing(size, size, initialFontName=SANS)  # else an unembedded Helvetica
    drawing.add(widget.draw())
    return drawing


class Badge(Flowable):
    """One badge at its printed size; `outline` draws a dashed cutting line around it."""

    def __init__(self, person: Person, token: str, *, meeting_title: str, outline: bool = False):
        super().__init__()
        self.person = person
        self.outline = outline
        self.width = BADGE_WIDTH
        self.height = BADGE_HEIGHT
        inner = BADGE_WIDTH - 2 * _PAD
        self._title = _para(meeting_title, 6.5, leading=1.15)
        title_h = self._title.wrap(inner, 30)[1]
        self._title_y = BADGE_HEIGHT - _PAD - title_h
        self._name = _fitted_name(person.native_name or person.latin_name, inner, person.language)
        self._name_y = self._title_y - 1 * mm - self._name.height
        # Room below the last line for marks that hang low (Tibetan, Myanmar, Khmer stacks).
        name_bottom = self._name_y - 0.25 * self._name.style.fontSize
        self._qr = qr_drawing(token)
        self._qr_y = _BAND + 1.5 * mm
        lines: list[tuple[str, float, bool]] = []
        if person.native_name and person.native_name != person.latin_name:
            lines.append((person.latin_name, 10, True))
        org_native = person.organisation_native
        if org_native and org_native != person.organisation:
            lines.append((org_native, 9, False))
        lines.append((person.organisation, 8.5, False))
        if person.position:
            lines.append((person.position, 7.5, False))
        self._block_top = min(name_bottom, self._qr_y + _QR - 1 * mm)
        block_h = self._block_top - _BAND - 2 * mm
        self._block = _fitted_block(lines, inner - _QR - 1 * mm, block_h, person.language)
        self._band = ROLE_COLOURS[person.role]
        self._label = Paragraph(
            markup(role_label(person.role), bold=True), _band_style(person.role)
        )
        self._label_h = self._label.wrap(inner, _BAND)[1]

    def wrap(self, availWidth, availHeight):
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        w, h = self.width, self.height
        c.saveState()
        if self.outline:
            c.setStrokeColor(colors.grey)
            c.setLineWidth(0.5)
            c.setDash(3, 2)
            c.rect(0, 0, w, h)
            c.setDash()
        c.setFillColor(self._band)
        c.rect(0, 0, w, _BAND, stroke=0, fill=1)
        c.restoreState()
        self._label.drawOn(c, _PAD, (_BAND - self._label_h) / 2 + 1)
        self._title.drawOn(c, _PAD, self._title_y)
        self._name.drawOn(c, _PAD, self._name_y)
        self._qr.drawOn(c, w - _PAD - _QR + 2 * mm, self._qr_y)
        top = self._block_top
        for p, height in self._block:
            top -= height
            p.drawOn(c, _PAD, top)


def sheet_layout(paper: str) -> tuple[tuple[float, float], int, int, float, float]:
    """Page size, columns, rows and the lower-left corner of the grid of badges."""
    page = LETTER if paper == "letter" else A4
    cols = int((page[0] - 2 * _MIN_MARGIN + _GUTTER) // (BADGE_WIDTH + _GUTTER))
    rows = int((page[1] - 2 * _MIN_MARGIN + _GUTTER) // (BADGE_HEIGHT + _GUTTER))
    x0 = (page[0] - cols * BADGE_WIDTH - (cols - 1) * _GUTTER) / 2
    y0 = (page[1] - rows * BADGE_HEIGHT - (rows - 1) * _GUTTER) / 2
    return page, cols, rows, x0, y0


def _cut_marks(c: Canvas, x: float, y: float) -> None:
    """Short lines on the cutting lines, outside the badge, at its four corners."""
    a, b = _MARK_GAP, _MARK_GAP + _MARK_LENGTH
    for cx, sx in ((x, -1), (x + BADGE_WIDTH, 1)):
        for cy, sy in ((y, -1), (y + BADGE_HEIGHT, 1)):
            c.line(cx + sx * a, cy, cx + sx * b, cy)
            c.line(cx, cy + sy * a, cx, cy + sy * b)


def build_badge_sheet(
    people: Sequence[tuple[Person, str]], *, meeting_title: str, paper: str = "a4"
) -> bytes:
    """Badges of the given people (with their check-in tokens), in the given order, with cut
    marks: 2 × 4 on A4 and on US Letter."""
    register_fonts()
    page, cols, rows, x0, y0 = sheet_layout(paper)
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=page, pageCompression=1, initialFontName=SANS)
    c.setTitle(meeting_title)
    per_page = cols * rows
    for i, (person, token) in enumerate(people):
        slot = i % per_page
        if slot == 0 and i:
            c.showPage()
        col, row = slot % cols, slot // cols
        x = x0 + col * (BADGE_WIDTH + _GUTTER)
        y = y0 + (rows - 1 - row) * (BADGE_HEIGHT + _GUTTER)
        Badge(person, token, meeting_title=meeting_title).drawOn(c, x, y)
        c.setStrokeColor(colors.black)
        c.setLineWidth(0.3)
        _cut_marks(c, x, y)
    c.showPage()
    c.save()
    return buffer.getvalue()
