"""The reports' rows as plain data, read once: the documents only lay them out.

Credentials report: every voting member of the meeting (the body's voting rule on the meeting's
day), who speaks for it and where its credentials stand; a member with no credential at all has
no delegate designated (``state`` None). Attendance list: everyone still expected at the meeting
(not declined, not removed), by organisation, with what the door saw, and the live quorum.
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from planner.db import utcnow
from planner.events.models import Event, ParticipantRole, ParticipantStatus, Participation
from planner.events.service import meeting_day
from planner.extensions import db
from planner.governance.credentials.service import credentials_of, letter_needed, state
from planner.governance.models import CredentialState
from planner.governance.quorum.live import in_the_room, live_quorum
from planner.governance.quorum.service import body_of
from planner.members import service as members
from planner.members.models import Delegate, Organisation


@dataclass(frozen=True)
class Name:
    """A name as written in Latin script and, where it differs, in the owner's own script;
    ``language`` tells a Han name's Korean, Japanese or Chinese reading apart."""

    latin: str
    native: str | None = None
    language: str | None = None

    @classmethod
    def of_organisation(cls, organisation: Organisation) -> Name:
        return cls.of(organisation.name, organisation.native_name, organisation.language)

    @classmethod
    def of_delegate(cls, delegate: Delegate) -> Name:
        return cls.of(delegate.full_name, delegate.native_name, delegate.language)

    @classmethod
    def of(cls, latin: str, native: str | None, language: str | None) -> Name:
        return cls(latin, native if native and native != latin else None, language)


@dataclass(frozen=True)
class Meeting:
    """The meeting a report is of, and the moment (``as_of``) its rows were read."""

    network: str
    title: str
    timezone: str
    as_of: datetime


@dataclass(frozen=True)
class CredentialRow:
    member: Name
    delegate: Name | None = None
    alternate: Name | None = None
    letter_needed: bool = False
    letter_in: bool = False
    #: None: the member has designated no delegate.
    state: CredentialState | None = None
    reason: str | None = None
    decided_at: datetime | None = None


@dataclass(frozen=True)
class CredentialsReport:
    meeting: Meeting
    rows: list[CredentialRow]

    @property
    def totals(self) -> list[tuple[CredentialState | None, int]]:
        """How many members in each state, every state named (none designated last)."""
        counts = Counter(row.state for row in self.rows)
        return [(key, counts[key]) for key in (*CredentialState, None)]


class Presence(enum.StrEnum):
    """What the door saw of a participant."""

    PRESENT = "present"  # checked in, not checked out since
    LEFT = "left"  # checked in, then out
    NOT_ARRIVED = "not-arrived"


@dataclass(frozen=True)
class AttendanceRow:
    organisation: Name
    person: Name
    title: str | None
    position: str | None
    role: ParticipantRole
    presence: Presence
    checked_in_at: datetime | None
    checked_out_at: datetime | None


@dataclass(frozen=True)
class AttendanceList:
    meeting: Meeting
    rows: list[AttendanceRow]
    entitled: int
    present: int
    represented: int
    needed: int


EXPECTED = (ParticipantStatus.INVITED, ParticipantStatus.ACCEPTED, ParticipantStatus.TENTATIVE)


def _meeting(event: Event) -> Meeting:
    network = current_app.config["PLANNER_NETWORK_NAME"]
    return Meeting(network, event.title, event.timezone, utcnow())


def member_order(name: Name) -> tuple[str, str]:
    return name.latin.casefold(), name.latin


def credentials_report(event: Event) -> CredentialsReport:
    """Every voting member of the meeting in name order and where its credentials stand.
    A meeting of no body has no voting members: Invalid."""
    voters = members.voters(body_of(event), meeting_day(event))
    credentials = {c.organisation_id: c for c in credentials_of(event.id)}
    organisations = db.session.scalars(sa.select(Organisation).where(Organisation.id.in_(voters)))
    rows = []
    for organisation in organisations:
        member = Name.of_organisation(organisation)
        credential = credentials.get(organisation.id)
        if credential is None:
            rows.append(CredentialRow(member))
            continue
        alternate = credential.alternate
        rows.append(
            CredentialRow(
                member,
                delegate=Name.of_delegate(credential.delegate.delegate),
                alternate=Name.of_delegate(alternate.delegate) if alternate else None,
                letter_needed=letter_needed(credential),
                letter_in=credential.letter_id is not None,
                state=state(credential),
                reason=credential.reason,
                decided_at=credential.decided_at,
            )
        )
    rows.sort(key=lambda row: member_order(row.member))
    return CredentialsReport(_meeting(event), rows)


def attendance_list(event: Event) -> AttendanceList:
    """Everyone expected at the meeting, by organisation in name order, then by role and name;
    with the quorum as the door counts it now. A meeting of no body has no quorum: Invalid."""
    quorum = live_quorum(event)
    participations = db.session.scalars(
        sa.select(Participation)
        .where(Participation.event_id == event.id, Participation.status.in_(EXPECTED))
        .options(selectinload(Participation.delegate).selectinload(Delegate.organisation))
    )
    roles = list(ParticipantRole)
    rows = [_attendance_row(participation) for participation in participations]
    rows.sort(
        key=lambda row: (
            *member_order(row.organisation),
            roles.index(row.role),
            row.person.latin.casefold(),
        )
    )
    return AttendanceList(
        _meeting(event),
        rows,
        entitled=quorum.entitled,
        present=quorum.present,
        represented=quorum.represented,
        needed=quorum.needed,
    )


def _attendance_row(participation: Participation) -> AttendanceRow:
    """The participant as the door saw them. A check-out before the latest check-in is over
    (they came back): only the check-out of someone who left is shown."""
    checked_in, checked_out = participation.checked_in_at, participation.checked_out_at
    if in_the_room(checked_in, checked_out):
        presence, checked_out = Presence.PRESENT, None
    elif checked_in is not None:
        presence = Presence.LEFT
    else:
        presence, checked_out = Presence.NOT_ARRIVED, None
    delegate = participation.delegate
    return AttendanceRow(
        organisation=Name.of_organisation(delegate.organisation),
        person=Name.of_delegate(delegate),
        title=delegate.title,
        position=delegate.position,
        role=participation.role,
        presence=presence,
        checked_in_at=checked_in,
        checked_out_at=checked_out,
    )
