"""7. The badge as printed, with its check-in code."""

from __future__ import annotations

from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from planner.packs.badges import Badge
from planner.packs.sections.context import SectionContext
from planner.packs.text import para


def section(ctx: SectionContext) -> list[Flowable]:
    badge = Badge(ctx.person, ctx.pack.check_in_token, meeting_title=ctx.meeting.title)
    badge.outline = True
    badge.hAlign = "CENTER"
    return [
        para(_("Your badge"), "h1", bold=True),
        para(
            _(
                "Please bring this page, printed or on your phone, to the registration desk: "
                "the QR code checks you in and your printed badge is handed to you at once."
            ),
            "body",
        ),
        Spacer(1, 10 * mm),
        badge,
        Spacer(1, 6 * mm),
        para(_("Actual size. Keep your badge visible during the meeting."), "small"),
    ]
