"""3. The personal schedule: meeting time and, where it differs, the delegate's home time."""

from __future__ import annotations

from itertools import groupby

from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from planner.events.models import SessionKind
from planner.packs.fonts import markup
from planner.packs.sections.context import SectionContext, heads, room_cell
from planner.packs.styles import SHADE, SPEAKS, in_colour, table
from planner.packs.text import fpara, para, styled

STAR = "\u2605"  # black star


def section(ctx: SectionContext) -> list[Flowable]:
    mine = [s for s in ctx.meeting.sessions if ctx.pack.attends(s)]
    story: list[Flowable] = [para(_("Your schedule"), "h1", bold=True)]
    t = ctx.times
    differs = any(t.differs(s.starts_at) for s in mine)
    if differs:
        story.append(
            fpara(
                _("Times in %(city)s, the meeting's local time, and in %(home)s, your home time."),
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
    rows: list[list] = [heads(_("Day"), _("Time"), _("Session"), _("Room"))]
    extra: list[tuple] = []
    you_speak = markup(_("You speak in this session"), bold=True)
    for _day, sessions in groupby(mine, key=lambda s: t.local(s.starts_at).date()):
        first = True
        for s in sessions:
            speaks = ctx.pack.delegate_id in s.speaker_ids
            title = [markup(s.title, bold=True)]
            if speaks:
                title.append("<br/>" + in_colour(f"{markup(STAR)} {you_speak}", SPEAKS))
            row = [
                para(t.day(s.starts_at), "cell") if first else "",
                styled(t.both(s.starts_at, s.ends_at), "cell"),
                styled("".join(title), "cell"),
                room_cell(s),
            ]
            if s.kind in (SessionKind.BREAK, SessionKind.MEAL):
                extra.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), SHADE))
            if speaks:
                extra.append(("LINEBEFORE", (2, len(rows)), (2, len(rows)), 2.5, SPEAKS))
            rows.append(row)
            first = False
    widths = [day_w, time_w, ctx.width - day_w - time_w - room_w, room_w]
    story.append(table(rows, widths, extra))
    return story
