"""The reports' words in the reader's language: titles, column headings and the values of
their cells. Every format (PDF, CSV, XLSX) names things alike."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from planner.governance.models import CredentialState
from planner.governance.reports.service import AttendanceList, CredentialsReport, Presence


def credentials_title() -> str:
    return _("Credentials report")


def attendance_title() -> str:
    return _("Attendance list")


def credential_state_label(state: CredentialState | None) -> str:
    """Where a member's credentials stand; None: it designated no delegate."""
    if state is None:
        return _("no delegate designated")
    return str(
        {
            CredentialState.MISSING: _l("letter missing"),
            CredentialState.PENDING: _l("pending"),
            CredentialState.APPROVED: _l("approved"),
            CredentialState.REJECTED: _l("rejected"),
        }[state]
    )


def presence_label(presence: Presence) -> str:
    return str(
        {
            Presence.PRESENT: _l("present"),
            Presence.LEFT: _l("left"),
            Presence.NOT_ARRIVED: _l("not arrived"),
        }[presence]
    )


def letter_label(needed: bool, received: bool) -> str:
    """The Delegation of Authority letter: not needed, needed and in, or needed and missing."""
    if not needed:
        return _("not needed")
    return _("received") if received else _("missing")


def credential_totals(report: CredentialsReport) -> list[tuple[str, int]]:
    """How many members stand in each state, as the report's heading figures."""
    return [(credential_state_label(state), count) for state, count in report.totals]


def quorum_figures(attendance: AttendanceList) -> list[tuple[str, int]]:
    """The live quorum as the attendance list's heading figures."""
    return [
        (_("Voting members"), attendance.entitled),
        (_("Present"), attendance.present),
        (_("Represented"), attendance.represented),
        (_("Needed for a quorum"), attendance.needed),
    ]
