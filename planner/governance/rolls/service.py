"""Freezing the voter roll: the live quorum written down, with names as they stand, never to
change (a correction is a new roll)."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from planner.db import utcnow
from planner.errors import Conflict, NotFound
from planner.events.models import Event, Participation
from planner.extensions import db
from planner.governance.models import Roll, RollEntry
from planner.governance.proxies.service import lock_meeting
from planner.governance.quorum.live import live_quorum
from planner.governance.quorum.service import body_of
from planner.members.models import Delegate, Organisation


def freeze(event: Event, user_id: int | None) -> Roll:
    """Write down who may vote now and how: one roll per second at most."""
    body = body_of(event)
    lock_meeting(event)
    frozen_at = utcnow().replace(microsecond=0)
    if db.session.scalar(
        sa.select(Roll.id).where(Roll.event_id == event.id, Roll.frozen_at == frozen_at)
    ):
        raise _same_second()
    quorum = live_quorum(event)
    ids = set(quorum.members)
    names = {
        organisation_id: name
        for organisation_id, name in db.session.execute(
            sa.select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))
        ).tuples()
    }
    attendee_ids = [m.attendee_id for m in quorum.members.values() if m.attendee_id]
    people = {
        participation_id: (full_name, native_name)
        for participation_id, full_name, native_name in db.session.execute(
            sa.select(Participation.id, Delegate.full_name, Delegate.native_name)
            .join(Delegate, Delegate.id == Participation.delegate_id)
            .where(Participation.id.in_(attendee_ids))
        ).tuples()
    }
    roll = Roll(
        event_id=event.id,
        frozen_at=frozen_at,
        frozen_by_id=user_id,
        quorum_rule=body.quorum_rule.value,
        entitled=quorum.entitled,
        present=quorum.present,
        represented=quorum.represented,
        needed=quorum.needed,
    )
    for member in quorum.members.values():
        person = people.get(member.attendee_id) if member.attendee_id else None
        roll.entries.append(
            RollEntry(
                organisation_id=member.organisation_id,
                organisation_name=names[member.organisation_id],
                attendance=member.attendance,
                attendee_name=person[0] if person else None,
                attendee_native_name=person[1] if person else None,
                represented_by_id=member.represented_by,
                represented_by_name=names.get(member.represented_by)
                if member.represented_by
                else None,
            )
        )
    db.session.add(roll)
    try:
        db.session.flush()
    except IntegrityError as error:  # another organiser froze one in this very second
        raise _same_second() from error
    return roll


def _same_second() -> Conflict:
    return Conflict(_("a roll of this meeting was frozen in this same second: look at that one"))


def rolls_in_order(event: Event) -> sa.Select[tuple[Roll]]:
    return sa.select(Roll).where(Roll.event_id == event.id).order_by(Roll.frozen_at.desc())


def roll_of(event: Event, roll_id: int) -> Roll:
    roll = db.session.scalar(
        sa.select(Roll)
        .where(Roll.id == roll_id, Roll.event_id == event.id)
        .options(selectinload(Roll.entries))
    )
    if roll is None:
        raise NotFound(_("no such roll at this meeting"))
    return roll
