"""Reads of credentials, for the API and the pages alike: every voting member of a meeting
with the credentials it has, or none yet."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from planner.events.models import Event
from planner.events.service import meeting_day
from planner.extensions import db
from planner.governance.credentials.service import credentials_of, state
from planner.governance.models import Credential, CredentialState
from planner.members import service as members
from planner.members.models import Organisation


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
