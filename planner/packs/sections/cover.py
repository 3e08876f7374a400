"""1. The cover: the meeting, the delegate's name as they write it and their role."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from planner.events.labels import role_label
from planner.events.models import ParticipantRole
from planner.packs.fonts import markup
from planner.packs.sections.context import SectionContext
from planner.packs.styles import ACCENT, ROLE_COLOURS, role_style, table_style
from planner.packs.text import para


def section(ctx: SectionContext) -> list[Flowable]:
    m, p = ctx.meeting, ctx.person
    where = ctx.times.dates(m.starts_at, m.ends_at)
    if m.venue and m.venue.city:
        where = f"{where} · {m.venue.city}"
    story: list[Flowable] = [
        Spacer(1, 18 * mm),
        para(m.network, "cover_network"),
        para(m.title, "cover_title", bold=True),
        para(where, "cover_when"),
        Spacer(1, 30 * mm),
        _Rule(ctx.width, ACCENT, 1.5),
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
