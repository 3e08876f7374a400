"""The pack's pages: A4 or US Letter, a cover page, body pages and two-column pages.

Body and column pages carry the meeting as a header and the delegate's name and the page
number as a footer; the cover carries a band of the accent colour instead of the header.
"""

from __future__ import annotations

import io

from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from planner.packs.content import Pack
from planner.packs.fonts import SANS, markup
from planner.packs.styles import ACCENT, RULE
from planner.packs.text import fill, para, styled

MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 18 * mm
COLUMN_GAP = 6 * mm


class PackDocument(BaseDocTemplate):
    """Page templates "cover", "body" and "columns"; the story switches between them."""

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
        header = f"{markup(pack.meeting.network)} · {markup(pack.meeting.title)}"
        self._header = styled(header, "header")
        self._header_h = self._header.wrap(inner, 30)[1]
        self._footer = para(pack.person.latin_name, "footer")
        self._footer.wrap(inner * 0.7, 20)
        self._page_label = _("Page %(number)s")

    def _page_number(self, canvas) -> None:
        label = fill(self._page_label, number=str(canvas.getPageNumber()))
        p = styled(label, "footer_right")
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
