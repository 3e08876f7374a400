"""6. The participant list: two columns, grouped by country and organisation."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import groupby

from babel import Locale
from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from planner.events.labels import role_label
from planner.events.models import ParticipantRole
from planner.packs.content import Person
from planner.packs.fonts import SANS, markup
from planner.packs.sections.context import SectionContext
from planner.packs.styles import ACCENT, INK, MUTED, VOTING, in_colour, table_style
from planner.packs.text import fpara, para, styled

VOTE_MARK = "\u25cf"  # black circle


def section(ctx: SectionContext, column: float) -> list[Flowable]:
    territories = Locale.parse(ctx.pack.language).territories
    people = sorted(ctx.meeting.participants, key=lambda x: territories.get(x.country, x.country))
    legend = (
        in_colour(markup(VOTE_MARK), VOTING) + " " + markup(_("voting delegate of a full member"))
    )
    story: list[Flowable] = [
        para(_("Participants"), "h1", bold=True),
        fpara(
            _("%(count)s participants, grouped by country and organisation."),
            "small",
            count=markup(str(len(people))),
        ),
        styled(legend, "small"),
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
        grid = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        grid.setStyle(table_style(_list_style() + commands))
        story.append(grid)
    return story


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
        ("TEXTCOLOR", (0, 1), (0, -1), VOTING),
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
    text = f"{markup(native, bold=True, lang=person.language)} " + in_colour(
        markup(person.latin_name), MUTED
    )
    return styled(text, "list")


def _org_cell(name: str, native: str | None, lang: str | None):
    if native and native != name:
        text = f"{markup(native, lang=lang)} · {markup(name)}"
        return styled(text, "list_org")
    return name if name.isascii() else para(name, "list_org")
