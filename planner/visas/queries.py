"""Reads of visa letters, for the API and the pages alike."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from planner.events.models import Participation
from planner.extensions import db
from planner.links import token_hash
from planner.members.models import Delegate
from planner.visas.models import VisaLetter, VisaLetterState

#: The queue's order: what waits for the organisers first, then the issued letters by number.
_QUEUE_ORDER = sa.case(
    {VisaLetterState.SUBMITTED.value: 0, VisaLetterState.CORRECTION.value: 1},
    value=VisaLetter.state,
    else_=2,
)


def letters_of(event_id: int, state: VisaLetterState | None = None) -> sa.Select:
    """Every application and letter of a meeting: those awaiting a decision first, then
    those sent back, then issued letters by number."""
    statement = (
        sa.select(VisaLetter)
        .join(Participation, Participation.id == VisaLetter.participation_id)
        .join(Delegate, Delegate.id == Participation.delegate_id)
        .where(Participation.event_id == event_id)
        .options(joinedload(VisaLetter.participation).joinedload(Participation.delegate))
        .order_by(_QUEUE_ORDER, VisaLetter.year, VisaLetter.sequence, Delegate.full_name)
    )
    if state is not None:
        statement = statement.where(VisaLetter.state == state)
    return statement


def letter_of(event_id: int, letter_id: int) -> VisaLetter | None:
    """One letter of this meeting, or None (also when it is another meeting's)."""
    letter = db.session.get(VisaLetter, letter_id)
    if letter is None or letter.participation.event_id != event_id:
        return None
    return letter


def by_check_token(token: str) -> VisaLetter | None:
    """The issued letter whose verification link this is, or None."""
    letter = db.session.scalar(
        sa.select(VisaLetter).where(VisaLetter.check_token_hash == token_hash(token))
    )
    return letter if letter is not None and letter.issued else None
