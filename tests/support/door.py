"""The door as the quorum tests need it: credentials decided, people in and out of the room,
and the meeting's live count from the API."""

from __future__ import annotations

from datetime import timedelta

from planner.db import utcnow
from planner.events.models import Participation
from planner.extensions import db
from planner.governance.models import Credential, CredentialDecision


def accredit(participation_id: int, alternate_id: int | None = None) -> Credential:
    """The participation's organisation speaks through it (and ``alternate_id``), approved."""
    participation = db.session.get(Participation, participation_id)
    credential = Credential(
        event_id=participation.event_id,
        organisation_id=participation.delegate.organisation_id,
        delegate_id=participation_id,
        alternate_id=alternate_id,
        decision=CredentialDecision.APPROVED,
        decided_at=utcnow(),
    )
    db.session.add(credential)
    db.session.commit()
    return credential


def arrive(participation_id: int) -> None:
    participation = db.session.get(Participation, participation_id)
    participation.checked_in_at, participation.checked_out_at = utcnow(), None
    db.session.commit()


def leave(participation_id: int) -> None:
    participation = db.session.get(Participation, participation_id)
    participation.checked_out_at = utcnow() + timedelta(microseconds=1)
    db.session.commit()


def counted(api, event_id: int) -> tuple[int, int, bool]:
    """(present, represented, quorate) as the quorum endpoint answers now."""
    quorum = api.get(f"/events/{event_id}/quorum").json
    return quorum["present"], quorum["represented"], quorum["quorate"]
