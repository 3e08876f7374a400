"""4. The full programme, day by day, and the side events."""

from __future__ import annotations

from itertools import groupby

from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from planner.events.labels import event_kind_label, session_kind_label
from planner.events.models import SessionKind
from planner.packs.fonts import markup
from planner.packs.sections.context import SectionContext, heads, room_cell
from planner.packs.styles import MUTED, SHADE, in_colour, table
from planner.packs.text import fill, para, styled


def section(ctx: SectionContext) -> list[Flowable]:
    t = ctx.times
    story: list[Flowable] = [para(_("Programme"), "h1", bold=True)]
    time_w, room_w = 24 * mm, 38 * mm
    widths = [time_w, ctx.width - time_w - room_w, room_w]
    for _day, group in groupby(ctx.meeting.sessions, key=lambda s: t.local(s.starts_at).date()):
        sessions = list(group)
        story.append(para(t.long_day(sessions[0].starts_at), "h2", bold=True))
        rows: list[list] = [heads(_("Time"), _("Session"), _("Room"))]
        extra = []
        for s in sessions:
            parts = [markup(s.title, bold=True), " "]
            parts.append(in_colour(f"· {markup(session_kind_label(s.kind))}", MUTED))
            if s.speakers:
                who = ", ".join(markup(x) for x in s.speakers)
                parts.append("<br/>" + fill(_("Speakers: %(names)s"), names=who))
            if s.restricted_to:
                restricted = fill(_("For members of %(body)s only"), body=markup(s.restricted_to))
                parts.append("<br/>" + in_colour(restricted, MUTED))
            text = "".join(parts)
            if s.kind in (SessionKind.BREAK, SessionKind.MEAL):
                extra.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), SHADE))
            rows.append(
                [
                    para(t.span(s.starts_at, s.ends_at), "cell"),
                    styled(text, "cell"),
                    room_cell(s),
                ]
            )
        story.append(table(rows, widths, extra))
    if ctx.meeting.side_events:
        story.append(CondPageBreak(50 * mm))
        story.append(para(_("Side events"), "h2", bold=True))
        when_w, place_w = 48 * mm, 50 * mm
        rows = [heads(_("When"), _("Side event"), _("Place"))]
        for e in ctx.meeting.side_events:
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
        story.append(table(rows, [when_w, ctx.width - when_w - place_w, place_w]))
    return story
