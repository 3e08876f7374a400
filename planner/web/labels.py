"""Words for stored values, in the reader's language."""

from __future__ import annotations

from flask_babel import gettext as _

from planner.events.models import EventStatus, ParticipantStatus


def status_label(status: EventStatus) -> str:
    return {
        EventStatus.DRAFT: _("draft"),
        EventStatus.SCHEDULED: _("scheduled"),
        EventStatus.POSTPONED: _("postponed"),
        EventStatus.CANCELLED: _("cancelled"),
    }[status]


def answer_label(status: ParticipantStatus) -> str:
    """A participant's answer, as organisers read it."""
    return {
        ParticipantStatus.ACCEPTED: _("accepted"),
        ParticipantStatus.TENTATIVE: _("tentative"),
        ParticipantStatus.DECLINED: _("declined"),
    }.get(status, _("no answer"))


def own_answer_label(status: ParticipantStatus) -> str:
    """The delegate's own answer, in their words on the RSVP page."""
    return {
        ParticipantStatus.ACCEPTED: _("I will attend"),
        ParticipantStatus.TENTATIVE: _("I may attend"),
        ParticipantStatus.DECLINED: _("I cannot attend"),
    }.get(status, _("not given yet"))
