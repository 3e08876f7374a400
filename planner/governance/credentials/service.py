"""The rules of credentials: who needs a letter, and where a member's credentials stand."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from planner.db import get_or_404, utcnow
from planner.errors import Conflict, Invalid, NotFound
from planner.events import service as events
from planner.events.models import Event, ParticipantRole, ParticipantStatus, Participation
from planner.events.service import meeting_day
from planner.events.signals import participant_removed
from planner.extensions import db
from planner.governance.credentials.signals import credential_rejected
from planner.governance.models import Credential, CredentialDecision, CredentialState
from planner.members import service as members
from planner.members.models import Delegate, Organisation
from planner.uploads import service as uploads
from planner.validation import check


def letter_needed(credential: Credential) -> bool:
    """A delegate who does not head the authority speaks for it by a Delegation of Authority."""
    return not credential.delegate.delegate.heads_authority


def state(credential: Credential) -> CredentialState:
    """Where a member's credentials stand."""
    return state_of(credential.decision, credential.letter_id, lambda: letter_needed(credential))


def state_of(
    decision: CredentialDecision, letter_id: int | None, needs_letter: Callable[[], bool]
) -> CredentialState:
    """Decided credentials are as decided; undecided ones wait for their letter, if one is
    needed, then for the committee. ``needs_letter`` is asked only of undecided credentials
    without a letter (for a loaded credential, answering may cost a read)."""
    if decision is not CredentialDecision.PENDING:
        return CredentialState(decision.value)
    if letter_id is None and needs_letter():
        return CredentialState.MISSING
    return CredentialState.PENDING


def credentials_of(event_id: int) -> list[Credential]:
    """The meeting's credentials with their delegates and alternates, in two statements."""
    return list(
        db.session.scalars(
            sa.select(Credential)
            .where(Credential.event_id == event_id)
            .options(
                selectinload(Credential.delegate).selectinload(Participation.delegate),
                selectinload(Credential.alternate).selectinload(Participation.delegate),
            )
        )
    )


def by_participation(credentials: list[Credential]) -> dict[int, Credential]:
    """Each designated delegate's and alternate's participation id, to the credential they
    speak under."""
    found: dict[int, Credential] = {}
    for credential in credentials:
        found[credential.delegate_id] = credential
        if credential.alternate_id is not None:
            found[credential.alternate_id] = credential
    return found


# Designating, letters and the committee's decision ---------------------------------------

#: Answers of someone who will not be there to speak for their member.
_NOT_COMING = (ParticipantStatus.CANCELLED, ParticipantStatus.DECLINED)


def designate(
    event: Event, organisation_id: int, delegate_id: int, alternate_id: int | None = None
) -> Credential:
    """A voting member's designated delegate (and alternate) at this meeting: their roles
    become voting delegate and alternate. One set of credentials per member (409)."""
    organisation = get_or_404(Organisation, organisation_id, "organisation", "organisation_id")
    if event.body is None or not members.may_vote(organisation, event.body, meeting_day(event)):
        raise Invalid.field(
            "organisation_id",
            _("%(name)s has no vote at this meeting", name=organisation.name),
        )
    if db.session.scalar(
        sa.select(Credential.id).where(
            Credential.event_id == event.id, Credential.organisation_id == organisation.id
        )
    ):
        raise Conflict(
            _("%(name)s has a designated delegate at this meeting already", name=organisation.name),
            {"organisation_id": [_("one designated delegate per member: change that one")]},
        )
    credential = Credential(event=event, organisation=organisation)
    _appoint(credential, delegate_id, alternate_id)
    db.session.add(credential)
    db.session.flush()
    return credential


def change(credential: Credential, changes: dict[str, Any]) -> Credential:
    """Another delegate or alternate (``alternate_id`` None: no alternate). A new delegate
    starts over: no letter, no decision."""
    _appoint(
        credential,
        changes.get("delegate_id", credential.delegate_id),
        changes.get("alternate_id", credential.alternate_id),
    )
    db.session.flush()
    return credential


def _appoint(credential: Credential, delegate_id: int, alternate_id: int | None) -> None:
    event, organisation = credential.event, credential.organisation
    delegate = _speaker(event, organisation, delegate_id, "delegate_id")
    alternate = None
    if alternate_id is not None:
        if alternate_id == delegate_id:
            raise Invalid.field(
                "alternate_id", _("the alternate must be someone else than the delegate")
            )
        alternate = _speaker(event, organisation, alternate_id, "alternate_id")
    chosen = {delegate.id} | ({alternate.id} if alternate else set())
    already = db.session.scalars(
        sa.select(Participation)
        .join(Delegate, Delegate.id == Participation.delegate_id)
        .where(
            Participation.event_id == event.id,
            Participation.role == ParticipantRole.VOTING_DELEGATE,
            Participation.status != ParticipantStatus.CANCELLED,
            Delegate.organisation_id == organisation.id,
            Participation.id.not_in(chosen),
        )
    ).first()
    was = {credential.delegate, credential.alternate} - {None}
    if already is not None and already not in was:
        raise Conflict(
            _(
                "%(name)s is this member's voting delegate already: designate them, or change "
                "their role first",
                name=already.delegate.full_name,
            ),
            {"delegate_id": [_("another voting delegate of this member")]},
        )
    if credential.delegate_id is not None and credential.delegate_id != delegate.id:
        credential.letter = None  # the letter named the person replaced
        _reopen(credential)
    # Those replaced step back first: a member has one voting delegate at a time.
    for person in was:
        if person is not None and person.id not in chosen:
            events.update_participant(person, {"role": ParticipantRole.OBSERVER})
    if alternate is not None:
        events.update_participant(alternate, {"role": ParticipantRole.ALTERNATE})
    events.update_participant(delegate, {"role": ParticipantRole.VOTING_DELEGATE})
    credential.delegate, credential.alternate = delegate, alternate


def _speaker(
    event: Event, organisation: Organisation, participation_id: int, field: str
) -> Participation:
    """A participant of this meeting from this member, still coming."""
    participation = db.session.get(Participation, participation_id)
    if participation is None or participation.event_id != event.id:
        raise NotFound(
            _("participant %(id)s of this meeting does not exist", id=participation_id),
            {field: [_("does not exist")]},
        )
    person = participation.delegate
    if person.organisation_id != organisation.id:
        raise Invalid.field(
            field,
            _(
                "%(name)s is a delegate of another organisation (%(other)s)",
                name=person.full_name,
                other=person.organisation.name,
            ),
        )
    if participation.status in _NOT_COMING:
        raise Invalid.field(
            field,
            _(
                "%(name)s is not coming to this meeting (%(status)s)",
                name=person.full_name,
                status=participation.status.value,
            ),
        )
    return participation


def upload_letter(
    credential: Credential, data: bytes, filename: str | None, uploaded_by_id: int | None = None
) -> Credential:
    """The Delegation of Authority letter (PDF, JPEG or PNG); credentials rejected before go
    back to the committee."""
    if credential.decision is CredentialDecision.APPROVED:
        raise Conflict(
            _("these credentials are approved already"),
            {"letter": [_("approved: no letter to add")]},
        )
    credential.letter = uploads.store(data, filename, uploads.LETTERS, uploaded_by_id, "letter")
    _reopen(credential)
    db.session.flush()
    return credential


def _reopen(credential: Credential) -> None:
    credential.decision = CredentialDecision.PENDING
    credential.reason = credential.decided_at = credential.decided_by_id = None


def decide(
    credential: Credential,
    decision: CredentialDecision | str,
    reason: str | None = None,
    decided_by_id: int | None = None,
) -> Credential:
    """The committee approves credentials whose letter is in (or not needed), or rejects them
    with a reason that the delegate receives by e-mail."""
    decision = CredentialDecision(decision)
    if decision is CredentialDecision.PENDING:
        raise Invalid.field("decision", _("approved or rejected"))
    reason = (reason or "").strip() or None
    if decision is CredentialDecision.APPROVED:
        if state(credential) is CredentialState.MISSING:
            raise Invalid.field(
                "decision",
                _("the Delegation of Authority letter is missing: it cannot be approved"),
            )
        reason = None
    elif reason is None:
        raise Invalid.field("reason", _("say why the credentials are rejected"))
    check(Credential, {"reason": reason})
    credential.decision, credential.reason = decision, reason
    credential.decided_at, credential.decided_by_id = utcnow(), decided_by_id
    db.session.flush()
    if decision is CredentialDecision.REJECTED:
        credential_rejected.send(credential)
    return credential


def forget_removed(participation: Participation) -> None:
    """A participant taken off the meeting speaks for no one: credentials naming them as the
    delegate go (the member designates again), and they are no one's alternate any more.
    (One never invited is deleted outright, and the database's cascades do the same.)"""
    db.session.execute(sa.delete(Credential).where(Credential.delegate_id == participation.id))
    db.session.execute(
        sa.update(Credential)
        .where(Credential.alternate_id == participation.id)
        .values(alternate_id=None)
    )


def listen_to_events() -> None:
    """Connect credentials to what the events domain announces (called by create_app)."""
    participant_removed.connect(forget_removed)
