"""The look of packs and badges: the palette, the paragraph styles and the table grid.

Every colour is named once here; markup that needs one takes it through ``in_colour``. The role
colours come from the Okabe–Ito palette, which stays distinguishable under the common
colour-vision deficiencies and prints well; the role is always printed as text beside or on its
colour, so colour is never the only cue.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Table, TableStyle

from planner.events.models import ParticipantRole
from planner.packs.fonts import SANS, paragraph_style

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#5a5a5a")
ACCENT = colors.HexColor("#0b4f8a")
RULE = colors.HexColor("#b8c4d0")
SHADE = colors.HexColor("#eef2f6")
SPEAKS = colors.HexColor("#b34700")  # darker vermillion: readable as text

ROLE_COLOURS: dict[ParticipantRole, colors.Color] = {
    ParticipantRole.VOTING_DELEGATE: colors.HexColor("#0072B2"),  # blue
    ParticipantRole.ALTERNATE: colors.HexColor("#56B4E9"),  # sky blue
    ParticipantRole.OBSERVER: colors.HexColor("#F0E442"),  # yellow
    ParticipantRole.SPEAKER: colors.HexColor("#D55E00"),  # vermillion
    ParticipantRole.STAFF: colors.HexColor("#000000"),  # black
    ParticipantRole.GUEST: colors.HexColor("#CC79A7"),  # reddish purple
    ParticipantRole.CHAIR: colors.HexColor("#009E73"),  # bluish green
}
VOTING = ROLE_COLOURS[ParticipantRole.VOTING_DELEGATE]  # the vote mark in the participant list


def _luminance(c: colors.Color) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.red) + 0.7152 * channel(c.green) + 0.0722 * channel(c.blue)


def text_colour_on(background: colors.Color) -> colors.Color:
    """Black or white, whichever contrasts more with the background (WCAG contrast ratio)."""
    lum = _luminance(background)
    return colors.black if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else colors.white


def hex_colour(colour: colors.Color) -> str:
    """ "#5a5a5a": the colour as paragraph markup names it."""
    return "#" + colour.hexval()[2:]


def in_colour(text: str, colour: colors.Color) -> str:
    """Markup that sets markup ``text`` in another colour."""
    return f"<font color='{hex_colour(colour)}'>{text}</font>"


@lru_cache(maxsize=1)
def paragraph_styles() -> dict[str, ParagraphStyle]:
    """The pack's paragraph styles by name."""

    def style(name: str, size: float, leading: float, *, bold: bool = False, **kw):
        kw.setdefault("textColor", INK)
        return paragraph_style(name, size=size, leading=leading, bold=bold, **kw)

    return {
        "body": style("body", 10, 14.5, spaceAfter=7),
        "small": style("small", 8.5, 11.5, textColor=MUTED),
        "h1": style("h1", 18, 23, bold=True, textColor=ACCENT, spaceAfter=8, keepWithNext=1),
        "h2": style("h2", 12.5, 16, bold=True, spaceBefore=10, spaceAfter=5, keepWithNext=1),
        "item_heading": style(
            "item_heading", 11, 14, bold=True, spaceBefore=9, spaceAfter=3, keepWithNext=1
        ),
        "cell": style("cell", 8.5, 10.8),
        "cell_bold": style("cell_bold", 8.5, 10.8, bold=True),
        "cell_muted": style("cell_muted", 7.5, 9.5, textColor=MUTED),
        "cell_head": style("cell_head", 8, 10, bold=True, textColor=colors.white),
        "list": style("list", 7.2, 8.8),
        "list_org": style("list_org", 7.2, 8.8, textColor=MUTED),
        "list_country": style("list_country", 8.5, 10.5, bold=True, textColor=ACCENT),
        "cover_network": style("cover_network", 13, 17, textColor=MUTED),
        "cover_title": style("cover_title", 26, 32, bold=True, textColor=ACCENT, spaceBefore=6),
        "cover_when": style("cover_when", 13, 18, spaceBefore=8),
        "cover_name": style("cover_name", 34, 41, bold=True),
        "cover_latin": style("cover_latin", 16, 21, textColor=MUTED, spaceBefore=2),
        "cover_org": style("cover_org", 13, 17, spaceBefore=10),
        "cover_org_latin": style("cover_org_latin", 11, 15, textColor=MUTED),
        "cover_position": style("cover_position", 11, 15, spaceBefore=6),
        "header": style("header", 7.5, 9.5, textColor=MUTED),
        "footer": style("footer", 7.5, 9.5, textColor=MUTED),
        "footer_right": style("footer_right", 7.5, 9.5, textColor=MUTED, alignment=TA_RIGHT),
        "role": style("role", 11, 14, bold=True, alignment=TA_CENTER),
    }


@lru_cache(maxsize=16)
def role_style(role: ParticipantRole) -> ParagraphStyle:
    """The role's name on its colour, in black or white by contrast."""
    return ParagraphStyle(
        f"role-{role}",
        parent=paragraph_styles()["role"],
        textColor=text_colour_on(ROLE_COLOURS[role]),
    )


def table_style(commands: Iterable) -> TableStyle:
    """Table commands over the base font: a cell without its own font would draw (even an
    empty string) in ReportLab's default Helvetica, which no PDF of ours may reference."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), SANS), *commands])


def table(data, widths, extra: Iterable = (), *, header: bool = True) -> Table:
    """A table of the pack's grid: thin rules between rows, a coloured header row if any."""
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), SANS),
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
        commands += [("BACKGROUND", (0, 0), (-1, 0), ACCENT)]
    grid = Table(data, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    grid.setStyle(table_style(commands + list(extra)))
    return grid
