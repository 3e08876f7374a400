"""Pack text as paragraphs: labels and user text alike go through ``fonts.markup``.

``para`` takes plain text (escaped, each script in a font that has it), ``styled`` takes markup
already made, ``fill`` puts markup into the placeholders of a translated template.
"""

from __future__ import annotations

import re

from reportlab.platypus import Paragraph

from planner.packs.fonts import SANS_BOLD, markup, paragraph
from planner.packs.styles import paragraph_styles

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def styled(text: str, style: str) -> Paragraph:
    """A Paragraph of markup in the pack style of that name."""
    return paragraph(text, paragraph_styles()[style])


def para(text: str, style: str, *, bold: bool | None = None, lang: str | None = None) -> Paragraph:
    """User text (or a label) as a Paragraph: escaped, each script in a font that has it.

    Bold follows the style unless given: ``markup`` names a font for every run, so the
    style's font alone would not make the text bold."""
    if bold is None:
        bold = paragraph_styles()[style].fontName == SANS_BOLD
    return styled(markup(text, bold=bold, lang=lang), style)


def fill(template: str, *, bold: bool = False, **values: str) -> str:
    """Paragraph markup of a translated template whose ``%(name)s`` placeholders take markup.

    The template's own text goes through ``markup`` piece by piece, so that a placeholder is
    never split by the font runs of the text around it; the values are markup already."""
    parts = _PLACEHOLDER.split(template)
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(values[part])
        elif part:
            out.append(markup(part.replace("%%", "%"), bold=bold))
    return "".join(out)


def fpara(template: str, style: str, *, bold: bool = False, **values: str) -> Paragraph:
    """A Paragraph of ``fill``: a translated template whose placeholders take markup."""
    return styled(fill(template, bold=bold, **values), style)


def attribute(text: str) -> str:
    """Text as the value of a markup attribute (a link's address)."""
    return (
        text.replace("&", "&amp;").replace("'", "&#39;").replace('"', "&quot;").replace("<", "&lt;")
    )
