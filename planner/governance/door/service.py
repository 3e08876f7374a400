"""Check-in at the door.

Check-in: the QR code on a badge carries ``<meeting id>.<participation id>.<signature>``, the
signature (itsdangerous, with the application's secret key) covering both ids and the
participation's random nonce. So a code opens one participation at one meeting only, cannot be
made from ids alone (they are guessable), and stops working when the nonce is renewed (a new
RSVP link, a delegate added again); it also cannot survive a deleted row, as ids are never
reused. The code stays short (a coarse QR code scans from a phone at arm's length) and names no
person, so a photo of a badge tells nothing beyond what the badge itself prints.

Arrivals and departures: several desks scan at once, and a desk that lost the network sends
its queued scans later, perhaps twice. Each move is one conditional UPDATE whose row count
says whether this scan made it (so of four desks scanning one badge at the same moment exactly
one admits), and each scan is stored under the desk's own ``scan_id``, so a replay gets the
stored outcome back and changes nothing.
"""

from __future__ import annotations

import enum
import hmac
import re
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import NamedTuple, Self

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import Signer
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from planner.caching import note_change
from planner.db import utcnow
from planner.errors import Conflict, Invalid
from planner.events.models import (
    EXPECTED_STATUSES,
    ParticipantRole,
    ParticipantStatus,
    Participation,
)
from planner.extensions import db
from planner.governance.credentials import service as credentials
from planner.governance.models import (
    Credential,
    CredentialState,
    Direction,
    DoorScan,
)
from planner.governance.proxies import service as proxies
from planner.members.models import Delegate, Organisation

_SALT = "planner.check-in"
#: A check-in code as check_in_token writes it: ids in ASCII digits (within a database
#: integer), then the URL-safe base64 signature.
_CODE = re.compile(
    r"(?P<event>[0-9]{1,18})\.(?P<participation>[0-9]{1,18})\.(?P<signature>[\w-]+)", re.A
)
#: How far ahead of the server a desk's clock may run before its scan time is refused.
CLOCK_SKEW = timedelta(minutes=5)


class Outcome(enum.StrEnum):
    """What the desk shows after a scan."""

    ADMITTED = "admitted"
    ALREADY_IN = "already-in"
    CHECKED_OUT = "checked-out"
    ALREADY_OUT = "already-out"
    NOT_EXPECTED = "not-expected"  # cancelled or declined: refused, nothing written
    #: Admitted to the room, but a designated delegate or alternate whose credentials are not
    #: approved (yet): the desk sends them to the credentials committee.
    CREDENTIALS_PENDING = "credentials-pending"


class OrganisationAtDoor(NamedTuple):
    id: int
    name: str
    native_name: str | None


@dataclass(frozen=True)
class AtTheDoor:
    """A participant as the desk sees them: who, for whom, and whether in the room. Values
    read inside the transaction, so that the answer needs nothing more of the database."""

    participant_id: int
    event_id: int
    full_name: str
    native_name: str | None
    organisation: OrganisationAtDoor
    role: ParticipantRole
    status: ParticipantStatus
    checked_in_at: datetime | None
    checked_out_at: datetime | None
    #: Of a member's designated delegate or alternate; None for everyone else.
    credential: CredentialState | None

    @property
    def present(self) -> bool:
        return self.checked_in_at is not None and self.checked_out_at is None

    @classmethod
    def of(cls, row: sa.Row) -> Self:
        """From a row of ``at_door_query``."""
        credential = (
            credentials.state_of(row.decision, row.letter_id, lambda: not row.heads_authority)
            if row.decision is not None
            else None
        )
        return cls(
            participant_id=row.participant_id,
            event_id=row.event_id,
            full_name=row.full_name,
            native_name=row.native_name,
            organisation=OrganisationAtDoor(
                row.organisation_id, row.organisation_name, row.organisation_native_name
            ),
            role=row.role,
            status=row.status,
            checked_in_at=row.checked_in_at,
            checked_out_at=row.checked_out_at,
            credential=credential,
        )


@dataclass(frozen=True, kw_only=True)
class DoorAnswer(AtTheDoor):
    """A scan's outcome and the participant as the server now has them (its answer wins
    over whatever the desk guessed)."""

    outcome: Outcome
    scan_id: str | None = None
    replayed: bool = False

    @property
    def first_scan(self) -> bool:
        """This scan let the participant in."""
        return self.outcome in (Outcome.ADMITTED, Outcome.CREDENTIALS_PENDING)


def not_expected(answer: DoorAnswer) -> Conflict:
    """The refusal of a participant who is not expected (removed, or declined)."""
    return Conflict(
        _(
            "%(name)s is not expected at this meeting (%(status)s)",
            name=answer.full_name,
            status=answer.status.value,
        ),
        {"token": [_("the badge's holder is not expected at this meeting")]},
    )


def _signer() -> Signer:
    return Signer(current_app.config["SECRET_KEY"], salt=_SALT)


def _signature(event_id: int, participation_id: int, nonce: str) -> str:
    return _signer().get_signature(f"{event_id}.{participation_id}.{nonce}".encode()).decode()


def check_in_token(participation: Participation) -> str:
    """What the badge's QR code holds: the one place a check-in code is made."""
    event_id, participation_id = participation.event_id, participation.id
    signature = _signature(event_id, participation_id, participation.secret_nonce)
    return f"{event_id}.{participation_id}.{signature}"


def badge_holder(event_id: int, token: str) -> AtTheDoor:
    """The participant a code names, if it is a current code of this meeting."""
    code = _CODE.fullmatch(token.strip())
    if code and code["event"] == str(event_id):
        found = _at_door(int(code["participation"]))
        if found is not None:
            person, nonce = found
            signature = _signature(person.event_id, person.participant_id, nonce)
            # Compared as written, not decoded: base64 decoding would also take a signature
            # whose last character differs in bits that carry nothing.
            if hmac.compare_digest(code["signature"], signature):
                return person
    raise Invalid(
        _("not a current check-in code of this meeting"),
        {"token": [_("unknown, altered, replaced or of another meeting")]},
    )


def participant_at(event_id: int, participation_id: int) -> AtTheDoor:
    """A participant of this meeting, found by name at the desk rather than by badge."""
    found = _at_door(participation_id)
    if found is None or found[0].event_id != event_id:
        raise Invalid.field("participant_id", _("not a participant of this meeting"))
    return found[0]


def at_door_query() -> sa.Select:
    """Participants as the desk shows them (``AtTheDoor.of`` each row), the credentials they
    speak under (with whether the credential's designated delegate heads the authority, which
    says whether a letter is needed: for an alternate that is another person) and the badge's
    nonce. Columns rather than entities: a desk scans hundreds of badges a minute, and this is
    most of what a scan reads."""
    designated = aliased(Participation)
    designated_person = aliased(Delegate)
    return (
        sa.select(
            Participation.id.label("participant_id"),
            Participation.event_id,
            Delegate.full_name,
            Delegate.native_name,
            Organisation.id.label("organisation_id"),
            Organisation.name.label("organisation_name"),
            Organisation.native_name.label("organisation_native_name"),
            Participation.role,
            Participation.status,
            Participation.checked_in_at,
            Participation.checked_out_at,
            Credential.decision,
            Credential.letter_id,
            designated_person.heads_authority,
            Participation.secret_nonce,
        )
        .join(Delegate, Delegate.id == Participation.delegate_id)
        .join(Organisation, Organisation.id == Delegate.organisation_id)
        .outerjoin(
            Credential,
            sa.or_(
                Credential.delegate_id == Participation.id,
                Credential.alternate_id == Participation.id,
            ),
        )
        .outerjoin(designated, designated.id == Credential.delegate_id)
        .outerjoin(designated_person, designated_person.id == designated.delegate_id)
    )


# Statements built once: building them anew was a good part of a scan's time.
_AT_DOOR = at_door_query().where(Participation.id == sa.bindparam("participation_id"))
_NOW_AT_DOOR = sa.select(
    Participation.status, Participation.checked_in_at, Participation.checked_out_at
).where(Participation.id == sa.bindparam("participation_id"))
_RECORD_SCAN = sa.insert(DoorScan)


def _at_door(participation_id: int) -> tuple[AtTheDoor, str] | None:
    """The participant as the desk shows them, and their badge's nonce, in one statement."""
    db.session.flush()  # read on the connection: what the caller has pending, too
    row = db.session.connection().execute(_AT_DOOR, {"participation_id": participation_id}).first()
    if row is None:
        return None
    person = AtTheDoor.of(row)
    return person, row.secret_nonce


def check_in(
    event_id: int, token: str, scan_id: str | None = None, scanned_at: datetime | None = None
) -> DoorAnswer:
    """Record the arrival of the badge's holder (a second scan changes nothing and says so)."""
    return scan(badge_holder(event_id, token), Direction.IN, scan_id, scanned_at)


def check_out(
    event_id: int, token: str, scan_id: str | None = None, scanned_at: datetime | None = None
) -> DoorAnswer:
    """Record the departure of the badge's holder (present no more, until checked in again)."""
    return scan(badge_holder(event_id, token), Direction.OUT, scan_id, scanned_at)


def scan(
    person: AtTheDoor,
    direction: Direction,
    scan_id: str | None = None,
    scanned_at: datetime | None = None,
) -> DoorAnswer:
    """Move a participant (as the desk read them) in or out through the door, once per
    ``scan_id``: a scan sent again answers what it answered the first time. A scan is a
    transaction of its own: the caller commits it, and a replay found here rolls it back."""
    if scanned_at is not None and scanned_at > utcnow() + CLOCK_SKEW:
        raise Invalid.field("scanned_at", _("must not be in the future"))
    if person.status not in EXPECTED_STATUSES:
        stored = _stored_scan(person, scan_id) if scan_id else None
        return stored or _answer(person, Outcome.NOT_EXPECTED, scan_id)
    try:
        person, outcome = _move(person, direction)
        if outcome is Outcome.ADMITTED and person.credential is CredentialState.APPROVED:
            # The member is here in person: the proxy it gave stops.
            proxies.cancel_given_by(person.event_id, person.organisation.id)
        db.session.connection().execute(
            _RECORD_SCAN,
            {
                "event_id": person.event_id,
                "participation_id": person.participant_id,
                "scan_id": scan_id or uuid.uuid4().hex,
                "direction": direction,
                "outcome": outcome.value,
                "scanned_at": scanned_at,
                "recorded_at": utcnow(),
            },
        )
    except IntegrityError:
        # A scan sent again (a desk's replay, or its retry racing its first try) finds its
        # scan_id taken: the whole scan, move included, is undone (a scan is its own
        # transaction; no savepoint needed), and it answers what was stored.
        db.session.rollback()
        stored = _stored_scan(person, scan_id) if scan_id else None
        if stored is None:
            raise
        return stored
    return _answer(person, outcome, scan_id)


def _moving(direction: Direction) -> sa.Update:
    """The conditional UPDATE of a move: it changes the row only if the participant is on the
    other side of the door, and only while they are expected."""
    row = sa.update(Participation).where(
        Participation.id == sa.bindparam("participation_id"),
        Participation.status.in_(EXPECTED_STATUSES),
    )
    if direction is Direction.IN:
        return row.where(
            sa.or_(Participation.checked_in_at.is_(None), Participation.checked_out_at.isnot(None))
        ).values(checked_in_at=sa.bindparam("moved_at"), checked_out_at=None)
    return row.where(
        Participation.checked_in_at.isnot(None), Participation.checked_out_at.is_(None)
    ).values(checked_out_at=sa.bindparam("moved_at"))


_MOVES = {direction: _moving(direction) for direction in Direction}


def _move(person: AtTheDoor, direction: Direction) -> tuple[AtTheDoor, Outcome]:
    """The move, whose row count says who won when desks scan at once; and the participant
    as they now stand. A participant read (a moment ago, in this transaction) on the side of
    the door the scan would take them to is not moved: the scan answers as of that read, as
    if it had come a moment earlier, and writes nothing that desks could race on."""
    if person.present == (direction is Direction.IN):
        return person, Outcome.ALREADY_IN if person.present else Outcome.ALREADY_OUT
    now = utcnow()
    # On the session's connection, not through the ORM, which would count any UPDATE as a
    # change: only a move renews the data version (and with it every cached answer).
    moved = (
        db.session.connection()
        .execute(_MOVES[direction], {"participation_id": person.participant_id, "moved_at": now})
        .rowcount
        == 1
    )
    if moved:
        note_change(db.session())
        if direction is Direction.IN:
            person = replace(person, checked_in_at=now, checked_out_at=None)
        else:
            person = replace(person, checked_out_at=now)
    else:
        person = _read_again(person)
        if person.status not in EXPECTED_STATUSES:
            return person, Outcome.NOT_EXPECTED  # removed meanwhile, by another organiser
    if direction is Direction.OUT:
        return person, Outcome.CHECKED_OUT if moved else Outcome.ALREADY_OUT
    if not moved:
        return person, Outcome.ALREADY_IN
    if person.credential is not None and person.credential is not CredentialState.APPROVED:
        return person, Outcome.CREDENTIALS_PENDING
    return person, Outcome.ADMITTED


def _read_again(person: AtTheDoor) -> AtTheDoor:
    """Where the participant stands now: another desk may have moved them since they were
    read."""
    now = (
        db.session.connection()
        .execute(_NOW_AT_DOOR, {"participation_id": person.participant_id})
        .one()
    )
    return replace(person, **now._asdict())


def _stored_scan(person: AtTheDoor, scan_id: str) -> DoorAnswer | None:
    """The answer to a scan already recorded under ``scan_id``, given again."""
    stored = db.session.execute(
        sa.select(DoorScan.participation_id, DoorScan.outcome).where(
            DoorScan.event_id == person.event_id, DoorScan.scan_id == scan_id
        )
    ).one_or_none()
    if stored is None:
        return None
    if stored.participation_id != person.participant_id:
        raise Conflict(
            _("this scan id was already used for another participant"),
            {"scan_id": [_("already used for another participant")]},
        )
    return _answer(_read_again(person), Outcome(stored.outcome), scan_id, replayed=True)


def _answer(
    person: AtTheDoor, outcome: Outcome, scan_id: str | None, replayed: bool = False
) -> DoorAnswer:
    return DoorAnswer(**vars(person), outcome=outcome, scan_id=scan_id, replayed=replayed)
