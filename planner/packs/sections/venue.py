"""5. The venue and practical information."""

from __future__ import annotations

from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from planner.localtime import utc_offset
from planner.packs.fonts import markup
from planner.packs.sections.context import SectionContext
from planner.packs.styles import ACCENT, hex_colour, table
from planner.packs.text import attribute, para, styled


def section(ctx: SectionContext) -> list[Flowable]:
    m = ctx.meeting
    v = m.venue
    story: list[Flowable] = [para(_("Venue and practical information"), "h1", bold=True)]
    rows: list[list] = []

    def add(label: str, *lines: tuple[str, str]) -> None:
        cells = [para(text, style) for text, style in lines if text]
        if cells:
            rows.append([para(label, "cell_bold"), cells])

    if v is not None:
        native_name = v.native_name if v.native_name and v.native_name != v.name else None
        add(_("Venue"), (native_name or "", "cell_bold"), (v.name, "cell"))
        native_address = (
            v.native_address if v.native_address and v.native_address != v.address else None
        )
        add(_("Address"), (native_address or "", "cell"), (v.address or "", "cell"))
        add(_("City"), (v.city or "", "cell"))
        add(_("Getting there"), (v.directions or "", "cell"))
        if v.latitude is not None and v.longitude is not None:
            add(_("Coordinates"), (_coordinates(v.latitude, v.longitude), "cell"))
    add(
        _("Local time"),
        (
            f"{ctx.times.city} ({m.timezone}, UTC{utc_offset(m.timezone, m.starts_at)})",
            "cell",
        ),
    )
    rows.append(
        [
            para(_("Secretariat"), "cell_bold"),
            [
                para(m.secretariat_name, "cell"),
                styled(
                    f"<link href='mailto:{attribute(m.secretariat_email)}'"
                    f" color='{hex_colour(ACCENT)}'>{markup(m.secretariat_email)}</link>",
                    "cell",
                ),
            ],
        ]
    )
    label_w = 36 * mm
    grid = table(
        rows,
        [label_w, ctx.width - label_w],
        [("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 7)],
        header=False,
    )
    story.append(grid)
    return story


def _coordinates(lat: float, lon: float) -> str:
    ns = "N" if lat >= 0 else "S"
    ew = "E" if lon >= 0 else "W"
    return f"{abs(lat):.5f}° {ns}, {abs(lon):.5f}° {ew}"
