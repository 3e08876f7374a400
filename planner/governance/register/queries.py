"""Reads of the decisions register, for the API and the page alike."""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from planner.db import get_or_404
from planner.governance.models import Decision
from planner.members.queries import text_matches

#: A decision's number as it is written: ``GA/2027/04``.
NUMBER = re.compile(r"(?P<prefix>[A-Za-z]{1,10})/(?P<year>\d{4})/(?P<sequence>\d{1,4})")


def decisions_matching(
    text: str | None = None, prefix: str | None = None, year: int | None = None
) -> sa.Select[tuple[Decision]]:
    """Decisions whose number is ``text``, or whose title or text holds it; of one body
    (``prefix``) and year; latest first, with their meeting."""
    statement = (
        sa.select(Decision)
        .options(joinedload(Decision.event))
        .order_by(Decision.year.desc(), Decision.prefix, Decision.sequence.desc())
    )
    if prefix:
        statement = statement.where(Decision.prefix == prefix.upper())
    if year is not None:
        statement = statement.where(Decision.year == year)
    if text and text.strip():
        number = NUMBER.fullmatch(text.strip())
        if number:
            statement = statement.where(
                Decision.prefix == number["prefix"].upper(),
                Decision.year == int(number["year"]),
                Decision.sequence == int(number["sequence"]),
            )
        else:
            statement = statement.where(text_matches(text, Decision.title, Decision.text))
    return statement


def decision(decision_id: int) -> Decision:
    return get_or_404(Decision, decision_id, "decision")
