"""Numbering adopted resolutions. A number is given in the transaction that closes the vote,
so a vote whose close fails takes none: the register has no gaps."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from planner.errors import Conflict
from planner.extensions import db
from planner.governance.models import Decision, Vote, VoteOutcome
from planner.governance.quorum.service import body_of
from planner.members.models import Body


def prefix_of(body: Body) -> str:
    """The body's initials, as its numbers carry them: ``general-assembly`` gives ``GA``."""
    return "".join(word[0] for word in body.slug.split("-") if word).upper()[:10]


def record(vote: Vote) -> Decision:
    """The decision an adopted vote makes: the next number of its body's year (the meeting's
    local year when the vote closed), the agenda item's title, and its text (or the question
    put, when the item has none)."""
    if vote.outcome is not VoteOutcome.ADOPTED or vote.closed_at is None:
        raise Conflict(_("only an adopted vote makes a decision"))
    body = body_of(vote.event)
    # Numbers of one body are given one at a time (a row lock; SQLite serialises anyway).
    db.session.execute(sa.select(Body.id).where(Body.id == body.id).with_for_update())
    prefix = prefix_of(body)
    year = vote.closed_at.astimezone(vote.event.zone).year
    last = db.session.scalar(
        sa.select(sa.func.max(Decision.sequence)).where(
            Decision.prefix == prefix, Decision.year == year
        )
    )
    item = vote.agenda_item
    decision = Decision(
        event_id=vote.event_id,
        vote_id=vote.id,
        prefix=prefix,
        year=year,
        sequence=(last or 0) + 1,
        title=item.title,
        text=item.text or vote.question,
        adopted_at=vote.closed_at,
    )
    db.session.add(decision)
    db.session.flush()
    return decision
