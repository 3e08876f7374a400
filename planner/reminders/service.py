"""Which reminders are due, and sending each exactly once.

Due means: the meeting is scheduled (not a draft, postponed or cancelled) and has not started,
now ≥ start − offset, the participant was invited and has not declined or been removed, and
the ledger has no row for (participant, offset, start). Due-ness is computed from the current
start, so moving a meeting re-times its reminders by itself. A reminder whose moment passed
while nothing ran still goes out before the start; when several offsets of one participant
are due at once, one e-mail goes and the ledger records them all.

A pass costs a fixed number of statements whatever the number of participants.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from planner.caching import note_change
from planner.db import insert_new
from planner.durations import parse_duration
from planner.events.models import (
    EXPECTED_STATUSES,
    Event,
    EventStatus,
    Participation,
)
from planner.extensions import db
from planner.notifications.models import MessageKind
from planner.notifications.service import queue_many
from planner.reminders.models import ReminderSent

# Longest offset considered: meetings further ahead cannot have a reminder due.
HORIZON = timedelta(days=366)


def dispatch_due(now: datetime) -> int:
    """Queue the reminders due at ``now``; how many e-mails were written."""
    events = db.session.scalars(
        sa.select(Event).where(
            Event.status == EventStatus.SCHEDULED,
            Event.starts_at > now,
            Event.starts_at <= now + HORIZON,
        )
    ).all()
    due_offsets = {
        event.id: [o for o in event.reminder_offsets if now >= event.starts_at - parse_duration(o)]
        for event in events
    }
    due_offsets = {event_id: offsets for event_id, offsets in due_offsets.items() if offsets}
    if not due_offsets:
        return 0
    starts = {event.id: event.starts_at for event in events}
    participations = _eligible(due_offsets, starts)
    wanted = [
        {"participation_id": p.id, "offset": offset, "starts_at": starts[p.event_id]}
        for p in participations
        for offset in due_offsets[p.event_id]
    ]
    if not wanted:
        return 0
    won = _claim(wanted)
    by_participation: dict[int, list[str]] = defaultdict(list)
    for participation_id, offset in won:
        by_participation[participation_id].append(offset)
    winners = [p for p in participations if p.id in by_participation]
    items = []
    for participation in winners:
        offset = min(by_participation[participation.id], key=parse_duration)
        key = f"reminder:{participation.id}:{offset}:{starts[participation.event_id].isoformat()}"
        items.append((participation, key))
    return queue_many(MessageKind.REMINDER, items, now)


def _eligible(
    due_offsets: dict[int, list[str]], starts: dict[int, datetime]
) -> list[Participation]:
    """Participants of these meetings who may be reminded and still have a due reminder.

    Offsets fall due from the longest to the shortest and a pass records every due one, so
    someone whose shortest due offset is in the ledger has had all: the pass that runs every
    minute of the fortnight before a meeting then finds (and locks) nobody.
    """
    pending = [
        sa.and_(
            Participation.event_id == event_id,
            ~sa.exists().where(
                ReminderSent.participation_id == Participation.id,
                ReminderSent.offset == min(offsets, key=parse_duration),
                ReminderSent.starts_at == starts[event_id],
            ),
        )
        for event_id, offsets in due_offsets.items()
    ]
    statement = (
        sa.select(Participation)
        .where(
            sa.or_(*pending),
            Participation.status.in_(EXPECTED_STATUSES),
            Participation.invited_at.is_not(None),
        )
        # One query whatever the number: the delegate joined, each meeting's timetable and
        # venue (which the e-mail shows) loaded once.
        .options(
            joinedload(Participation.delegate, innerjoin=True),
            selectinload(Participation.event).selectinload(Event.sessions),
            selectinload(Participation.event).selectinload(Event.venue),
        )
        .order_by(Participation.id)
    )
    if db.engine.dialect.name == "postgresql":
        # A second dispatcher running at once skips these rows instead of waiting for them.
        statement = statement.with_for_update(skip_locked=True, of=Participation)
    return list(db.session.scalars(statement).unique())


def _claim(rows: list[dict]) -> list[tuple[int, str]]:
    """Insert ledger rows; the (participation, offset) pairs this pass won. The unique key
    lets exactly one of two concurrent dispatchers win each."""
    statement = insert_new(ReminderSent, "participation_id", "offset", "starts_at").returning(
        ReminderSent.participation_id, ReminderSent.offset
    )
    won = [tuple(row) for row in db.session.execute(statement, rows)]
    if won:
        note_change(db.session())
    return won
