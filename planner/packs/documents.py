"""The delegate pack: one PDF per participant, in the delegate's language.

``build_pack`` lays out the sections (``sections/``, one module each) on the pack's pages
(``template``) in the styles of ``styles``; the agenda, programme, venue and participant pages,
the same in every pack of a meeting, are laid out once and drawn again (``replay``).

``build_pack`` runs inside ``flask_babel.force_locale(pack.language)``: every label goes through
``gettext``, dates and times through Babel with that locale. Text from users (names, titles,
addresses, rooms, descriptions) only ever reaches the PDF through ``fonts.markup``, which escapes
it and picks a font with the glyphs of each script; labels go through ``markup`` too (a Korean
label needs a Hangul font just as a Korean name does).
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from planner.packs import replay
from planner.packs.content import Pack
from planner.packs.fonts import register_fonts
from planner.packs.sections import (
    agenda,
    badge,
    cover,
    documents,
    participants,
    programme,
    schedule,
    venue,
    welcome,
)
from planner.packs.sections.context import SectionContext
from planner.packs.template import COLUMN_GAP, MARGIN_X, PackDocument


def build_pack(pack: Pack) -> bytes:
    """The delegate's pack as PDF bytes; call inside ``force_locale(pack.language)``."""
    register_fonts()
    pagesize = LETTER if pack.paper == "letter" else A4
    buffer = io.BytesIO()
    doc = PackDocument(buffer, pack, pagesize)
    width = pagesize[0] - 2 * MARGIN_X
    column = (width - COLUMN_GAP) / 2
    context = SectionContext(pack, width)

    def shared() -> list[Flowable]:
        return [
            *agenda.section(context),
            *programme.section(context),
            PageBreak(),
            *venue.section(context),
            NextPageTemplate("columns"),
            PageBreak(),
            *participants.section(context, column),
        ]

    key = (pack.meeting.digest, pack.language, pack.paper)
    shared_story, first_layout = replay.shared_pages(key, shared)
    story: list[Flowable] = [
        *cover.section(context),
        NextPageTemplate("body"),
        PageBreak(),
        *welcome.section(context),
        PageBreak(),
        *schedule.section(context),
        PageBreak(),
        *documents.section(context),
        *shared_story,
        NextPageTemplate("body"),
        PageBreak(),
        *badge.section(context),
    ]
    doc.build(story)
    if first_layout is not None:
        replay.keep(key, first_layout)
    return buffer.getvalue()
