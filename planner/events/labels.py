"""Words for the kinds of meetings and sessions and for participants' roles, in the current
language: the pages, the packs and the badges name them alike. Each call translates only the
word it returns (pages call them once per row)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from planner.events.models import EventKind, ParticipantRole, ParticipantStatus, SessionKind


def event_kind_label(kind: EventKind) -> str:
    return str(
        {
            EventKind.GENERAL_ASSEMBLY: _l("General Assembly"),
            EventKind.EXECUTIVE_COMMITTEE: _l("Executive Committee"),
            EventKind.STEERING_COMMITTEE: _l("Steering Committee"),
            EventKind.SEMINAR: _l("Seminar"),
            EventKind.WORKSHOP: _l("Workshop"),
            EventKind.STUDY_VISIT: _l("Study visit"),
            EventKind.SIDE_EVENT: _l("Side event"),
        }[kind]
    )


def session_kind_label(kind: SessionKind) -> str:
    return str(
        {
            SessionKind.PLENARY: _l("Plenary"),
            SessionKind.BUSINESS: _l("Business session"),
            SessionKind.PANEL: _l("Panel"),
            SessionKind.BREAK: _l("Break"),
            SessionKind.MEAL: _l("Meal"),
            SessionKind.VISIT: _l("Visit"),
        }[kind]
    )


def role_label(role: ParticipantRole) -> str:
    return str(
        {
            ParticipantRole.VOTING_DELEGATE: _l("Voting delegate"),
            ParticipantRole.ALTERNATE: _l("Alternate"),
            ParticipantRole.OBSERVER: _l("Observer"),
            ParticipantRole.SPEAKER: _l("Speaker"),
            ParticipantRole.STAFF: _l("Staff"),
            ParticipantRole.GUEST: _l("Guest"),
            ParticipantRole.CHAIR: _l("Chair"),
        }[role]
    )


def answer_label(status: ParticipantStatus) -> str:
    """A participant's answer, as organisers read it."""
    return str(
        {
            ParticipantStatus.ACCEPTED: _l("accepted"),
            ParticipantStatus.TENTATIVE: _l("tentative"),
            ParticipantStatus.DECLINED: _l("declined"),
        }.get(status, _l("no answer"))
    )


def participant_status_label(status: ParticipantStatus) -> str:
    """A participant's status as the organisers' list names it (a removed one included)."""
    if status is ParticipantStatus.CANCELLED:
        return _("removed")
    return answer_label(status)
