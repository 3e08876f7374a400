"""Reads for the quorum pages: the voting members by name, with the people behind the count."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from planner.events.models import Participation
from planner.extensions import db
from planner.governance.models import Attendance
from planner.governance.quorum.live import LiveQuorum
from planner.members.models import Organisation


@dataclass(frozen=True)
class MemberRow:
    organisation: Organisation
    attendance: Attendance
    attendee: Participation | None
    holder: Organisation | None


def member_rows(quorum: LiveQuorum) -> list[MemberRow]:
    """Every voting member in name order, how it attends and through whom: three statements."""
    organisations = {
        organisation.id: organisation
        for organisation in db.session.scalars(
            sa.select(Organisation).where(Organisation.id.in_(quorum.members))
        )
    }
    attendee_ids = [m.attendee_id for m in quorum.members.values() if m.attendee_id]
    attendees = {
        participation.id: participation
        for participation in db.session.scalars(
            sa.select(Participation)
            .where(Participation.id.in_(attendee_ids))
            .options(selectinload(Participation.delegate))
        )
    }
    rows = [
        MemberRow(
            organisation=organisations[member.organisation_id],
            attendance=member.attendance,
            attendee=attendees.get(member.attendee_id) if member.attendee_id else None,
            holder=organisations.get(member.represented_by) if member.represented_by else None,
        )
        for member in quorum.members.values()
    ]
    return sorted(rows, key=lambda row: (row.organisation.name.casefold(), row.organisation.id))
