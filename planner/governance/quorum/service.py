"""Quorum: how many voting members must be there, and the forecast from their answers."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from planner.errors import Invalid
from planner.events.models import Event, ParticipantRole, ParticipantStatus, Participation
from planner.events.service import meeting_day
from planner.extensions import db
from planner.governance.credentials import service as credentials
from planner.governance.models import Credential, CredentialState
from planner.members import service as members
from planner.members.models import Body, Delegate, QuorumRule


@dataclass(frozen=True)
class QuorumForecast:
    """Will the meeting be quorate? Voting seats of its body against the voting delegates who
    said they are coming (``expected``) or might (``possible``), whose credentials can still
    be approved (rejected ones count for nothing); ``letters_missing``: credentials of voting
    members still waiting for their Delegation of Authority letter."""

    voting_seats: int
    needed: int
    expected: int
    possible: int
    letters_missing: int

    @property
    def reached(self) -> bool:
        return self.expected >= self.needed


def body_of(event: Event) -> Body:
    """The body whose quorum and votes a meeting follows; a meeting of none has neither."""
    if event.body is None:
        raise Invalid(_("this meeting belongs to no body, so it has no quorum"))
    return event.body


def quorum_needed(rule: QuorumRule, voting_seats: int) -> int:
    if rule is QuorumRule.MAJORITY:
        return voting_seats // 2 + 1
    share = Fraction(2, 3) if rule is QuorumRule.TWO_THIRDS else Fraction(1, 3)
    return math.ceil(share * voting_seats)


def quorum_forecasts(events: Sequence[Event]) -> dict[int, QuorumForecast]:
    """The forecast of each meeting that has a body, in four queries for all of them.

    The voters are those ``members.service.voters_at`` names for the meeting's body on its
    first (local) day (the body's voting rule: good standing, or current voting seats); an
    organisation counts once, however many delegates come, unless its credentials were
    rejected.
    """
    with_body = [(event, event.body) for event in events if event.body is not None]
    if not with_body:
        return {}
    ids = [event.id for event, _body in with_body]
    days = {event.id: meeting_day(event) for event, _body in with_body}
    voting = members.voters_at((body, days[event.id]) for event, body in with_body)
    # Who said they come, by organisation: a voting delegate of an organisation that has no
    # vote at the meeting (in arrears, its seat ended) counts for nothing.
    coming: dict[tuple[int, ParticipantStatus], set[int]] = defaultdict(set)
    for event_id, status, organisation_id in db.session.execute(
        sa.select(Participation.event_id, Participation.status, Delegate.organisation_id)
        .distinct()
        .join(Delegate, Delegate.id == Participation.delegate_id)
        .where(
            Participation.event_id.in_(ids),
            Participation.role == ParticipantRole.VOTING_DELEGATE,
            Participation.status.in_((ParticipantStatus.ACCEPTED, ParticipantStatus.TENTATIVE)),
        )
    ):
        coming[event_id, status].add(organisation_id)
    standing: dict[tuple[int, CredentialState], set[int]] = defaultdict(set)
    for credential in db.session.scalars(
        sa.select(Credential)
        .where(Credential.event_id.in_(ids))
        .options(joinedload(Credential.delegate, innerjoin=True).joinedload(Participation.delegate))
    ):
        standing[credential.event_id, credentials.state(credential)].add(credential.organisation_id)
    forecasts = {}
    for event, body in with_body:
        voters = voting[body.id, days[event.id]]
        counted = voters - standing[event.id, CredentialState.REJECTED]
        seats = len(voters)
        expected = len(coming[event.id, ParticipantStatus.ACCEPTED] & counted)
        forecasts[event.id] = QuorumForecast(
            voting_seats=seats,
            needed=quorum_needed(body.quorum_rule, seats),
            expected=expected,
            possible=expected + len(coming[event.id, ParticipantStatus.TENTATIVE] & counted),
            letters_missing=len(standing[event.id, CredentialState.MISSING] & voters),
        )
    return forecasts
