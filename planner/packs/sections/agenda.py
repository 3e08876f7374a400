"""Before the programme: the meeting's agenda, numbered, with each item's kind and the session
it is taken at; a sub-item indented under its item. Nothing when the meeting has no agenda."""

from __future__ import annotations

from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from planner.governance.agenda.labels import agenda_kind_label
from planner.packs.content import AgendaLine
from planner.packs.fonts import markup
from planner.packs.sections.context import SectionContext, heads
from planner.packs.styles import MUTED, in_colour, table
from planner.packs.text import fill, para, styled

#: How far a sub-item sits in from its item.
INDENT = 6 * mm


def section(ctx: SectionContext) -> list[Flowable]:
    if not ctx.meeting.agenda:
        return []
    number_w, kind_w = 14 * mm, 34 * mm
    rows: list[list] = [heads(_("No."), _("Item"), _("Kind"))]
    extra = []
    for line in ctx.meeting.agenda:
        if line.sub:
            extra.append(("LEFTPADDING", (0, len(rows)), (1, len(rows)), INDENT))
        rows.append(
            [
                para(line.number, "cell", bold=not line.sub),
                styled(_item(ctx, line), "cell"),
                para(agenda_kind_label(line.kind), "cell"),
            ]
        )
    return [
        para(_("Agenda"), "h1", bold=True),
        table(rows, [number_w, ctx.width - number_w - kind_w, kind_w], extra),
        PageBreak(),
    ]


def _item(ctx: SectionContext, line: AgendaLine) -> str:
    """The title (bold for an item, plain for a sub-item), its text, and its session."""
    parts = [markup(line.title, bold=not line.sub)]
    if line.text:
        parts.append(in_colour(markup(line.text), MUTED))
    start, end = line.session_starts_at, line.session_ends_at
    if line.session and start and end:
        when = markup(f"{ctx.times.day(start)}, {ctx.times.span(start, end)}")
        session = fill(_("Session: %(session)s, %(when)s"), session=markup(line.session), when=when)
        parts.append(in_colour(session, MUTED))
    return "<br/>".join(parts)
