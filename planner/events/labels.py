"""Words for the kinds of meetings and sessions and for participants' roles, in the current
language: the pages, the packs and the badges name them alike."""

from __future__ import annotations

from flask_babel import gettext as _

from planner.events.models import EventKind, ParticipantRole, SessionKind


def event_kind_label(kind: EventKind) -> str:
    return {
        EventKind.GENERAL_ASSEMBLY: _("General Assembly"),
        EventKind.EXECUTIVE_COMMITTEE: _("Executive Committee"),
        EventKind.STEERING_COMMITTEE: _("Steering Committee"),
        EventKind.SEMINAR: _("Seminar"),
        EventKind.WORKSHOP: _("Workshop"),
        EventKind.STUDY_VISIT: _("Study visit"),
        EventKind.SIDE_EVENT: _("Side event"),
    }[kind]


def session_kind_label(kind: SessionKind) -> str:
    return {
        SessionKind.PLENARY: _("Plenary"),
        SessionKind.BUSINESS: _("Business session"),
        SessionKind.PANEL: _("Panel"),
        SessionKind.BREAK: _("Break"),
        SessionKind.MEAL: _("Meal"),
        SessionKind.VISIT: _("Visit"),
    }[kind]


def role_label(role: ParticipantRole) -> str:
    return {
        ParticipantRole.VOTING_DELEGATE: _("Voting delegate"),
        ParticipantRole.ALTERNATE: _("Alternate"),
        ParticipantRole.OBSERVER: _("Observer"),
        ParticipantRole.SPEAKER: _("Speaker"),
        ParticipantRole.STAFF: _("Staff"),
        ParticipantRole.GUEST: _("Guest"),
        ParticipantRole.CHAIR: _("Chair"),
    }[role]
