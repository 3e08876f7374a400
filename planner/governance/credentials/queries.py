"""Reads of credentials, for the API and the pages alike: every voting member of a meeting
with the credentials it has, or none yet."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from planner.events.models import Event, ParticipantStatus, Participation
from planner.events.service import meeting_day
from planner.extensions import db
from planner.governance.credentials.service import credentials_of, state
from planner.governance.models import Credential, CredentialState
from planner.members import service as members
from planner.members.models import Delegate, Organisation


@dataclass(frozen=True)
class Entry:
    """A voting member of the meeting and its credentials (None: no delegate designated)."""

    organisation: Organisation
    credential: Credential | None

    @property
    def state(self) -> CredentialState | None:
        return state(self.credential) if self.credential is not None else None


def entries(event: Event) -> list[Entry]:
    """Every member with a vote at the meeting (``members.voters``), by name, with its
    credentials: a fixed number of statements however many members."""
    if event.body is None:
        return []
    voting = members.voters(event.body, meeting_day(event))
    organisations = db.session.scalars(
        sa.select(Organisation).where(Organisation.id.in_(voting)).order_by(Organisation.name)
    ).all()
    held = {credential.organisation_id: credential for credential in credentials_of(event.id)}
    return [Entry(organisation, held.get(organisation.id)) for organisation in organisations]


def credential_of(event_id: int, credential_id: int) -> Credential | None:
    """One credential of this meeting, or None (also when it is another meeting's)."""
    credential = db.session.get(Credential, credential_id)
    return credential if credential is not None and credential.event_id == event_id else None


def delegated_to(participation_id: int) -> Credential | None:
    """The credentials a participant is the designated delegate of, if any."""
    return db.session.scalar(
        sa.select(Credential).where(Credential.delegate_id == participation_id)
    )


def candidates(event_id: int) -> dict[int, list[Participation]]:
    """Who may be designated for each member: its participants still coming, by name (one
    statement for every member)."""
    found: dict[int, list[Participation]] = {}
    for participation in db.session.scalars(
        sa.select(Participation)
        .join(Delegate, Delegate.id == Participation.delegate_id)
        .where(
            Participation.event_id == event_id,
            Participation.status.not_in((ParticipantStatus.CANCELLED, ParticipantStatus.DECLINED)),
        )
        .options(contains_eager(Participation.delegate))
        .order_by(Delegate.full_name, Participation.id)
    ):
        found.setdefault(participation.delegate.organisation_id, []).append(participation)
    return found
