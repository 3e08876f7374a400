"""Words for stored values, in the reader's language: every page names them alike (the
templates get them all as globals)."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from planner.events.labels import (
    answer_label,
    event_kind_label,
    participant_status_label,
    role_label,
    session_kind_label,
)
from planner.events.models import EventStatus, ParticipantStatus
from planner.governance.agenda.labels import agenda_kind_label
from planner.governance.models import (
    Attendance,
    CredentialState,
)
from planner.governance.votes.labels import (
    majority_rule_label,
    vote_method_label,
    vote_outcome_label,
)
from planner.localtime import local_moment, utc_offset, zone_label
from planner.members.labels import seat_role_label
from planner.members.models import (
    Delegate,
    DuesStatus,
    Membership,
    QuorumRule,
    VotingRule,
)
from planner.members.service import Shortfall, Standing, Term
from planner.notifications.models import MessageKind, MessageStatus
from planner.packs.jobs import EXPIRED
from planner.packs.models import JobState


def status_label(status: EventStatus) -> str:
    return str(
        {
            EventStatus.DRAFT: _l("draft"),
            EventStatus.SCHEDULED: _l("scheduled"),
            EventStatus.POSTPONED: _l("postponed"),
            EventStatus.CANCELLED: _l("cancelled"),
        }[status]
    )


def own_answer_label(status: ParticipantStatus) -> str:
    """The delegate's own answer, in their words on the RSVP page."""
    return str(
        {
            ParticipantStatus.ACCEPTED: _l("I will attend"),
            ParticipantStatus.TENTATIVE: _l("I may attend"),
            ParticipantStatus.DECLINED: _l("I cannot attend"),
        }.get(status, _l("not given yet"))
    )


def message_kind_label(kind: MessageKind) -> str:
    return str(
        {
            MessageKind.INVITATION: _l("invitation"),
            MessageKind.UPDATE: _l("update"),
            MessageKind.CANCELLATION: _l("cancellation"),
            MessageKind.REMINDER: _l("reminder"),
            MessageKind.CREDENTIALS: _l("credentials rejected"),
            MessageKind.VISA_CORRECTION: _l("visa letter: correction asked"),
            MessageKind.VISA_ISSUED: _l("visa letter issued"),
            MessageKind.VISA_REVOKED: _l("visa letter revoked"),
            MessageKind.DOCUMENTS: _l("new documents"),
        }[kind]
    )


def message_status_label(status: MessageStatus) -> str:
    return str(
        {
            MessageStatus.PENDING: _l("waiting to be sent"),
            MessageStatus.SENT: _l("sent"),
            MessageStatus.FAILED: _l("failed"),
        }[status]
    )


def credential_label(state: CredentialState | None) -> str:
    """Where a member's credentials stand; None: no delegate designated yet."""
    return str(
        {
            None: _l("no credentials yet"),
            CredentialState.MISSING: _l("credentials: letter missing"),
            CredentialState.PENDING: _l("credentials submitted"),
            CredentialState.APPROVED: _l("credentials accepted"),
            CredentialState.REJECTED: _l("credentials rejected"),
        }[state]
    )


def membership_label(membership: Membership) -> str:
    return str(
        {
            Membership.FULL: _l("Full member"),
            Membership.ASSOCIATE: _l("Associate member"),
            Membership.PARTNER: _l("Partner (not a member)"),
        }[membership]
    )


def dues_status_label(status: DuesStatus) -> str:
    return {
        DuesStatus.PAID: _("paid"),
        DuesStatus.WAIVED: _("waived"),
        DuesStatus.OUTSTANDING: _("outstanding"),
    }[DuesStatus(status)]


def voting_rule_label(rule: VotingRule) -> str:
    return {
        VotingRule.GOOD_STANDING: _(
            "Full members in good standing (active, dues paid or waived up to the year before "
            "the meeting)"
        ),
        VotingRule.CURRENT_SEATS: _("Voting seats current on the meeting's local date"),
    }[VotingRule(rule)]


def standing_reasons(standing: Standing) -> list[str]:
    """Why an organisation is not in good standing, as sentences."""
    reasons = []
    for shortfall in standing.shortfalls:
        if shortfall is Shortfall.NOT_FULL_MEMBER:
            reasons.append(_("Only full members vote."))
        elif shortfall is Shortfall.SUSPENDED:
            reasons.append(_("The membership is suspended."))
        elif shortfall is Shortfall.DUES_OUTSTANDING:
            years = ", ".join(str(year) for year in standing.outstanding_years)
            reasons.append(_("Dues outstanding for %(years)s.", years=years))
        else:
            reasons.append(_("No dues recorded for %(year)d.", year=standing.dues_year))
    return reasons


def term_label(term: Term) -> str:
    return {Term.CURRENT: _("current"), Term.FUTURE: _("future"), Term.ENDED: _("ended")}[term]


def quorum_rule_label(rule: QuorumRule) -> str:
    return str(
        {
            QuorumRule.MAJORITY: _l("More than half of the voting seats"),
            QuorumRule.TWO_THIRDS: _l("At least two thirds of the voting seats"),
            QuorumRule.ONE_THIRD: _l("At least one third of the voting seats"),
        }[rule]
    )


def attendance_label(attendance: Attendance | str) -> str:
    return str(
        {
            Attendance.IN_PERSON: _l("present"),
            Attendance.REPRESENTED: _l("represented"),
            Attendance.ABSENT: _l("absent"),
        }[Attendance(attendance)]
    )


def country_name(code: str) -> str:
    """The country's name in the reader's language (Babel's CLDR data); the code if unknown."""
    return get_locale().territories.get(code.upper(), code)


def language_name(code: str | None) -> str:
    if not code:
        return ""
    return get_locale().languages.get(code.replace("-", "_"), code)


def day_label(day: date) -> str:
    return format_date(day, "medium")


def run_state_labels() -> dict[str, str]:
    """What a run's report may say its state is, in words: the stored states, and expired."""
    labels = {state.value: job_state_label(state) for state in JobState}
    labels[EXPIRED] = str(_l("files deleted"))
    return labels


def job_state_label(state: JobState) -> str:
    return str(
        {
            JobState.QUEUED: _l("waiting for a worker"),
            JobState.RUNNING: _l("being made"),
            JobState.ASSEMBLING: _l("putting the files together"),
            JobState.DONE: _l("ready"),
            JobState.FAILED: _l("failed"),
        }[state]
    )


def person_label(delegate: Delegate) -> str:
    """Native name and Latin name side by side, as the delegate writes them."""
    if delegate.native_name and delegate.native_name != delegate.full_name:
        return f"{delegate.native_name} ({delegate.full_name})"
    return delegate.full_name


#: What every template may call.
TEMPLATE_GLOBALS = (
    status_label,
    answer_label,
    own_answer_label,
    participant_status_label,
    role_label,
    event_kind_label,
    session_kind_label,
    agenda_kind_label,
    message_kind_label,
    message_status_label,
    credential_label,
    membership_label,
    seat_role_label,
    term_label,
    quorum_rule_label,
    attendance_label,
    vote_method_label,
    majority_rule_label,
    vote_outcome_label,
    dues_status_label,
    voting_rule_label,
    standing_reasons,
    country_name,
    language_name,
    day_label,
    person_label,
    zone_label,
    local_moment,
    utc_offset,
    format_date,
)
