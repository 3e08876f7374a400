"""Votes already closed, written straight to the tables: what the register and the minutes
are made from, without running a vote."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from planner.events.models import Event
from planner.extensions import db
from planner.governance.models import (
    AgendaItem,
    AgendaItemKind,
    MajorityRule,
    Roll,
    Vote,
    VoteMethod,
    VoteOutcome,
)
from planner.governance.rolls.service import freeze


def closed_vote(
    event_id: int,
    title: str,
    outcome: VoteOutcome,
    closed_at: datetime,
    text: str | None = None,
    **election: Any,
) -> Vote:
    """A show of hands on a new resolution item of the meeting (an election item with
    ``seats``, ``seat_role`` and ``seat_body_id``), closed with ``outcome``, against the
    meeting's latest roll (frozen now if it has none)."""
    event = db.session.get(Event, event_id)
    assert event is not None
    roll_id = db.session.scalar(
        sa.select(Roll.id).where(Roll.event_id == event_id).order_by(Roll.frozen_at.desc())
    )
    if roll_id is None:
        roll_id = freeze(event, None).id
    item = AgendaItem(
        event=event,
        position=1,
        title=title,
        text=text,
        kind=AgendaItemKind.ELECTION if election else AgendaItemKind.RESOLUTION,
    )
    vote = Vote(
        event=event,
        agenda_item=item,
        roll_id=roll_id,
        question=f"Do you adopt {title}?",
        method=VoteMethod.SHOW_OF_HANDS,
        rule=MajorityRule.SIMPLE,
        quorum_counted=6,
        quorum_needed=4,
        opened_at=closed_at - timedelta(minutes=5),
        closed_at=closed_at,
        outcome=outcome,
        **election,
    )
    db.session.add(vote)
    db.session.flush()
    return vote
