"""Words for stored values, in the reader's language."""

from __future__ import annotations

from flask_babel import gettext as _

from planner.events.models import EventStatus


def status_label(status: EventStatus) -> str:
    return {
        EventStatus.DRAFT: _("draft"),
        EventStatus.SCHEDULED: _("scheduled"),
        EventStatus.POSTPONED: _("postponed"),
        EventStatus.CANCELLED: _("cancelled"),
    }[status]
