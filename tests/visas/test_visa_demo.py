"""The demo network's visa letters: the coming Assembly has them in every state, numbered
without gaps, a revoked one replaced, and no e-mail written for the demo's past."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from planner.demo.loader import load_demo
from planner.extensions import db
from planner.notifications.models import VISA_KINDS, OutboxMessage
from planner.visas.models import VisaLetter, VisaLetterCounter, VisaLetterState

pytestmark = pytest.mark.parametrize("app", ["sqlite"], indirect=True)


def test_the_demo_has_letters_in_every_state(app):
    load_demo()
    letters = db.session.scalars(sa.select(VisaLetter)).all()
    assert {letter.state for letter in letters} == set(VisaLetterState)
    issued = sorted((letter.year, letter.sequence) for letter in letters if letter.issued)
    for year in {year for year, _sequence in issued}:
        numbers = [sequence for y, sequence in issued if y == year]
        assert numbers == list(range(1, len(numbers) + 1))
        assert db.session.get(VisaLetterCounter, year).last == len(numbers)
    replaced = [letter for letter in letters if letter.replaces is not None]
    assert replaced
    assert all(letter.replaces.state is VisaLetterState.REVOKED for letter in replaced)
    assert any(letter.in_korean for letter in letters if letter.issued)
    assert all(letter.correction_message for letter in letters
               if letter.state is VisaLetterState.CORRECTION)  # fmt: skip
    written = db.session.scalar(
        sa.select(sa.func.count()).where(OutboxMessage.kind.in_(VISA_KINDS))
    )
    assert written == 0
