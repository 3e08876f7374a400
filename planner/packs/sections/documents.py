"""After the personal schedule: the meeting's documents the delegate may read, by agenda item,
each with its languages and the link that opens it. Nothing when there are none."""

from __future__ import annotations

from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from planner.documents.labels import document_kind_label
from planner.packs.content import DocumentLine
from planner.packs.fonts import markup
from planner.packs.sections.context import SectionContext, heads
from planner.packs.styles import ACCENT, MUTED, hex_colour, in_colour, table
from planner.packs.text import attribute, para, styled


def section(ctx: SectionContext) -> list[Flowable]:
    if not ctx.pack.documents:
        return []
    number_w, kind_w = 14 * mm, 34 * mm
    rows: list[list] = [heads(_("No."), _("Document"), _("Kind"))]
    for line in ctx.pack.documents:
        rows.append(
            [
                para(line.number or "–", "cell"),
                styled(_document(line), "cell"),
                para(document_kind_label(line.kind), "cell"),
            ]
        )
    return [
        para(_("Meeting documents"), "h1", bold=True),
        table(rows, [number_w, ctx.width - number_w - kind_w, kind_w]),
        PageBreak(),
    ]


def _document(line: DocumentLine) -> str:
    """The title as a link, its languages, and the address written out (for paper)."""
    link = (
        f"<link href='{attribute(line.url)}' color='{hex_colour(ACCENT)}'>"
        f"{markup(line.title, bold=True)}</link>"
    )
    languages = in_colour(markup(" · ".join(line.languages)), MUTED)
    return f"{link} {languages}<br/>{in_colour(markup(line.url), MUTED)}"
