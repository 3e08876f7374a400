"""Members' words in the reader's language, for the pages and the documents alike."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from planner.members.models import SeatRole

_SEAT_ROLES = {
    SeatRole.PRESIDENT: _l("President"),
    SeatRole.VICE_PRESIDENT: _l("Vice-president"),
    SeatRole.MEMBER: _l("Member"),
    SeatRole.OBSERVER: _l("Observer (no vote)"),
}


def seat_role_label(role: SeatRole) -> str:
    return str(_SEAT_ROLES[role])
