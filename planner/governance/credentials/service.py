"""The rules of credentials: who needs a letter, and where a member's credentials stand."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from planner.events.models import Participation
from planner.extensions import db
from planner.governance.models import Credential, CredentialDecision, CredentialState


def letter_needed(credential: Credential) -> bool:
    """A delegate who does not head the authority speaks for it by a Delegation of Authority."""
    return not credential.delegate.delegate.heads_authority


def state(credential: Credential) -> CredentialState:
    """Decided credentials are as decided; undecided ones wait for their letter, if one is
    needed, then for the committee."""
    if credential.decision is not CredentialDecision.PENDING:
        return CredentialState(credential.decision.value)
    if credential.letter_id is None and letter_needed(credential):
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
