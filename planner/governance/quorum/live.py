"""The quorum in the room: the voting members present or represented, as the door sees them.

A member is present in person when its designated delegate, credentials approved, is in the
room, or its alternate while the delegate is not. A member not present is represented when it
gave a standing proxy to a member present in person. Everything else (associates, members in
arrears, a delegate without approved credentials, a proxy held by an absent member) counts for
nothing. Four SQL statements at most, however many members and participants.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute, aliased

from planner.events.models import Event, Participation
from planner.events.service import meeting_day
from planner.extensions import db
from planner.governance.models import Attendance, Credential, CredentialDecision, Proxy
from planner.governance.quorum.service import body_of, quorum_needed
from planner.members import service as members


@dataclass(frozen=True)
class MemberAttendance:
    """How one voting member attends: in person (through ``attendee_id``, a participation),
    represented (by ``represented_by``, an organisation id), or absent."""

    organisation_id: int
    attendance: Attendance
    attendee_id: int | None = None
    represented_by: int | None = None


@dataclass(frozen=True)
class LiveQuorum:
    entitled: int
    needed: int
    members: dict[int, MemberAttendance]

    def _count(self, attendance: Attendance) -> int:
        return sum(member.attendance is attendance for member in self.members.values())

    @property
    def present(self) -> int:
        return self._count(Attendance.IN_PERSON)

    @property
    def represented(self) -> int:
        return self._count(Attendance.REPRESENTED)

    @property
    def counted(self) -> int:
        return self.present + self.represented

    @property
    def reached(self) -> bool:
        return self.entitled > 0 and self.counted >= self.needed


def in_the_room(checked_in, checked_out) -> bool:
    """Checked in, and not checked out since."""
    return checked_in is not None and (checked_out is None or checked_out < checked_in)


def standing_proxies(event_id: int) -> dict[int, int]:
    """Each giver's standing proxy at the meeting: giver organisation id to holder's."""
    rows = db.session.execute(
        sa.select(Proxy.giver_id, Proxy.holder_id).where(
            Proxy.event_id == event_id, Proxy.revoked_at.is_(None)
        )
    ).tuples()
    return {giver: holder for giver, holder in rows}


#: Made once: an alias built per call costs more than the statement it serves (each one
#: copies every column), and defeats nothing in SQLAlchemy's statement cache.
_DELEGATE, _ALTERNATE = aliased(Participation), aliased(Participation)
#: What says who speaks for a member in the room, as ``voice`` takes it.
VOICE_COLUMNS = (
    _DELEGATE.id,
    _DELEGATE.checked_in_at,
    _DELEGATE.checked_out_at,
    _ALTERNATE.id,
    _ALTERNATE.checked_in_at,
    _ALTERNATE.checked_out_at,
)


def voice(
    delegate_id: int | None, d_in, d_out, alternate_id: int | None, a_in, a_out
) -> int | None:
    """Who speaks for a member in the room now: its delegate with approved credentials while
    checked in, else its alternate while checked in; None: no one."""
    if delegate_id is not None and in_the_room(d_in, d_out):
        return delegate_id
    if alternate_id is not None and in_the_room(a_in, a_out):
        return alternate_id
    return None


def with_voices(
    statement: sa.Select,
    event_id: int | sa.BindParameter[int],
    organisation_id: InstrumentedAttribute[int],
) -> sa.Select:
    """``statement`` with ``VOICE_COLUMNS`` of the member in ``organisation_id`` (outer joins
    to its approved credentials at the meeting and their delegate's and alternate's rows)."""
    return (
        statement.add_columns(*VOICE_COLUMNS)
        .outerjoin(
            Credential,
            sa.and_(
                Credential.event_id == event_id,
                Credential.organisation_id == organisation_id,
                Credential.decision == CredentialDecision.APPROVED,
            ),
        )
        .outerjoin(_DELEGATE, _DELEGATE.id == Credential.delegate_id)
        .outerjoin(_ALTERNATE, _ALTERNATE.id == Credential.alternate_id)
    )


def voices_in_room(
    event_id: int, organisation_ids: Collection[int] | None = None
) -> dict[int, int]:
    """Who speaks for each member in the room now (of ``organisation_ids``, or all): a
    participation id per member found. One statement."""
    among = [] if organisation_ids is None else [Credential.organisation_id.in_(organisation_ids)]
    rows = db.session.execute(
        sa.select(Credential.organisation_id, *VOICE_COLUMNS)
        .join(_DELEGATE, _DELEGATE.id == Credential.delegate_id)
        .outerjoin(_ALTERNATE, _ALTERNATE.id == Credential.alternate_id)
        .where(
            Credential.event_id == event_id,
            Credential.decision == CredentialDecision.APPROVED,
            *among,
        )
    ).tuples()
    voices: dict[int, int] = {}
    for organisation_id, d_id, d_in, d_out, a_id, a_in, a_out in rows:
        if (speaker := voice(d_id, d_in, d_out, a_id, a_in, a_out)) is not None:
            voices[organisation_id] = speaker
    return voices


def live_quorum(event: Event) -> LiveQuorum:
    """The meeting's quorum as it stands now."""
    body = body_of(event)
    voters = members.voters(body, meeting_day(event))
    attendees = voices_in_room(event.id)
    proxies = standing_proxies(event.id)
    found = {}
    for organisation_id in voters:
        if organisation_id in attendees:
            found[organisation_id] = MemberAttendance(
                organisation_id, Attendance.IN_PERSON, attendee_id=attendees[organisation_id]
            )
        elif (holder := proxies.get(organisation_id)) in attendees and holder in voters:
            found[organisation_id] = MemberAttendance(
                organisation_id, Attendance.REPRESENTED, represented_by=holder
            )
        else:
            found[organisation_id] = MemberAttendance(organisation_id, Attendance.ABSENT)
    return LiveQuorum(
        entitled=len(voters), needed=quorum_needed(body.quorum_rule, len(voters)), members=found
    )
