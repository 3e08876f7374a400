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
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple, Self

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import Signer
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

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
from planner.members.models import Delegate

_SALT = "planner.check-in"
#: Where ``_participation`` leaves the credentials it loaded, for ``_credential_state``.
_LOADED_CREDENTIALS = "planner.door.credentials"
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
    def of(cls, participation: Participation, credential: CredentialState | None) -> Self:
        delegate, organisation = participation.delegate, participation.delegate.organisation
        return cls(
            participant_id=participation.id,
            event_id=participation.event_id,
            full_name=delegate.full_name,
            native_name=delegate.native_name,
            organisation=OrganisationAtDoor(
                organisation.id, organisation.name, organisation.native_name
            ),
            role=participation.role,
            status=participation.status,
            checked_in_at=participation.checked_in_at,
            checked_out_at=participation.checked_out_at,
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


def _signed(event_id: int, participation_id: int, nonce: str) -> bytes:
    return f"{event_id}.{participation_id}.{nonce}".encode()


def check_in_token(participation: Participation) -> str:
    """What the badge's QR code holds: the one place a check-in code is made."""
    ids = f"{participation.event_id}.{participation.id}"
    signed = _signed(participation.event_id, participation.id, participation.secret_nonce)
    return f"{ids}.{_signer().get_signature(signed).decode()}"


def participation_for_token(event_id: int, token: str) -> Participation:
    """The participation a code names, if it is a current code of this meeting."""
    code = _CODE.fullmatch(token.strip())
    if code and code["event"] == str(event_id):
        participation = _participation(int(code["participation"]))
        # Compared as written, not decoded: base64 decoding would also take a signature
        # whose last character differs in bits that carry nothing.
        if participation is not None and hmac.compare_digest(
            code["signature"], check_in_token(participation).rpartition(".")[2]
        ):
            return participation
    raise Invalid(
        _("not a current check-in code of this meeting"),
        {"token": [_("unknown, altered, replaced or of another meeting")]},
    )


def participation_at(event_id: int, participation_id: int) -> Participation:
    """A participant of this meeting, found by name at the desk rather than by badge."""
    participation = _participation(participation_id)
    if participation is None or participation.event_id != event_id:
        raise Invalid.field("participant_id", _("not a participant of this meeting"))
    return participation


def _participation(participation_id: int) -> Participation | None:
    """The participation with what the desk shows of it (delegate, organisation) and the
    credentials it speaks under (with what says whether they need a letter), in one
    statement; ``_credential_state`` takes those."""
    row = db.session.execute(
        sa.select(Participation, Credential)
        .outerjoin(
            Credential,
            sa.or_(
                Credential.delegate_id == Participation.id,
                Credential.alternate_id == Participation.id,
            ),
        )
        .where(Participation.id == participation_id)
        .options(
            joinedload(Participation.delegate).joinedload(Delegate.organisation),
            # Whether a letter is needed: the credential's designated delegate, who may be
            # another participant than the one scanned (an alternate's scan).
            joinedload(Credential.delegate).joinedload(Participation.delegate),
        )
    ).first()
    if row is None:
        return None
    participation, credential = row
    db.session.info.setdefault(_LOADED_CREDENTIALS, {})[participation.id] = credential
    return participation


def check_in(
    event_id: int, token: str, scan_id: str | None = None, scanned_at: datetime | None = None
) -> DoorAnswer:
    """Record the arrival of the badge's holder (a second scan changes nothing and says so)."""
    return scan(participation_for_token(event_id, token), Direction.IN, scan_id, scanned_at)


def check_out(
    event_id: int, token: str, scan_id: str | None = None, scanned_at: datetime | None = None
) -> DoorAnswer:
    """Record the departure of the badge's holder (present no more, until checked in again)."""
    return scan(participation_for_token(event_id, token), Direction.OUT, scan_id, scanned_at)


def scan(
    participation: Participation,
    direction: Direction,
    scan_id: str | None = None,
    scanned_at: datetime | None = None,
) -> DoorAnswer:
    """Move a participant in or out through the door, once per ``scan_id``: a scan sent
    again answers what it answered the first time. A scan is a transaction of its own: the
    caller commits it, and a replay found here rolls it back."""
    if scanned_at is not None and scanned_at > utcnow() + CLOCK_SKEW:
        raise Invalid.field("scanned_at", _("must not be in the future"))
    credential = _credential_state(participation)
    if participation.status not in EXPECTED_STATUSES:
        stored = _stored_scan(participation, scan_id) if scan_id else None
        return stored or _answer(participation, credential, Outcome.NOT_EXPECTED, scan_id)
    try:
        outcome = _move(participation, direction, credential)
        if outcome is Outcome.ADMITTED and credential is CredentialState.APPROVED:
            # The member is here in person: the proxy it gave stops.
            proxies.cancel_given_by(participation.event_id, participation.delegate.organisation_id)
        db.session.execute(
            sa.insert(DoorScan).values(
                event_id=participation.event_id,
                participation_id=participation.id,
                scan_id=scan_id or uuid.uuid4().hex,
                direction=direction,
                outcome=outcome.value,
                scanned_at=scanned_at,
                recorded_at=utcnow(),
            )
        )
    except IntegrityError:
        # A scan sent again (a desk's replay, or its retry racing its first try) finds its
        # scan_id taken: the whole scan, move included, is undone (a scan is its own
        # transaction; no savepoint needed), and it answers what was stored.
        db.session.rollback()
        stored = _stored_scan(participation, scan_id) if scan_id else None
        if stored is None:
            raise
        return stored
    return _answer(participation, credential, outcome, scan_id)


def _move(
    participation: Participation, direction: Direction, credential: CredentialState | None
) -> Outcome:
    """The conditional UPDATE: it changes the row only if the participant is on the other
    side of the door, and only while they are expected; its row count says who won. The
    participation then holds the row as it stands."""
    now = utcnow()
    row = sa.update(Participation).where(
        Participation.id == participation.id,
        Participation.status.in_(EXPECTED_STATUSES),
    )
    moves: dict[str, datetime | None] = (
        {"checked_in_at": now, "checked_out_at": None}
        if direction is Direction.IN
        else {"checked_out_at": now}
    )
    if direction is Direction.IN:
        row = row.where(
            sa.or_(Participation.checked_in_at.is_(None), Participation.checked_out_at.isnot(None))
        )
    else:
        row = row.where(
            Participation.checked_in_at.isnot(None), Participation.checked_out_at.is_(None)
        )
    # On the session's connection, not through the ORM, which would count any UPDATE as a
    # change: only a move renews the data version (and with it every cached answer).
    moved = db.session.connection().execute(row.values(moves)).rowcount == 1
    if moved:
        note_change(db.session())
        for name, value in moves.items():
            set_committed_value(participation, name, value)
    else:
        _read_again(participation)
        if participation.status not in EXPECTED_STATUSES:
            return Outcome.NOT_EXPECTED  # removed meanwhile, by another organiser
    if direction is Direction.OUT:
        return Outcome.CHECKED_OUT if moved else Outcome.ALREADY_OUT
    if not moved:
        return Outcome.ALREADY_IN
    if credential is not None and credential is not CredentialState.APPROVED:
        return Outcome.CREDENTIALS_PENDING
    return Outcome.ADMITTED


def _read_again(participation: Participation) -> None:
    """Where the participant stands now: another desk may have moved them since they were
    loaded."""
    now = db.session.execute(
        sa.select(
            Participation.status, Participation.checked_in_at, Participation.checked_out_at
        ).where(Participation.id == participation.id)
    ).one()
    for name, value in now._mapping.items():
        set_committed_value(participation, name, value)


def _stored_scan(participation: Participation, scan_id: str) -> DoorAnswer | None:
    """The answer to a scan already recorded under ``scan_id``, given again."""
    stored = db.session.execute(
        sa.select(DoorScan.participation_id, DoorScan.outcome).where(
            DoorScan.event_id == participation.event_id, DoorScan.scan_id == scan_id
        )
    ).one_or_none()
    if stored is None:
        return None
    if stored.participation_id != participation.id:
        raise Conflict(
            _("this scan id was already used for another participant"),
            {"scan_id": [_("already used for another participant")]},
        )
    _read_again(participation)
    credential = _credential_state(participation)
    return _answer(participation, credential, Outcome(stored.outcome), scan_id, replayed=True)


def _answer(
    participation: Participation,
    credential: CredentialState | None,
    outcome: Outcome,
    scan_id: str | None,
    replayed: bool = False,
) -> DoorAnswer:
    person = AtTheDoor.of(participation, credential)
    return DoorAnswer(**vars(person), outcome=outcome, scan_id=scan_id, replayed=replayed)


def _credential_state(participation: Participation) -> CredentialState | None:
    """Where the credentials stand that this participant speaks under, if they are a
    member's designated delegate or alternate (as loaded with the participation, if it was)."""
    loaded = db.session.info.get(_LOADED_CREDENTIALS, {})
    if participation.id in loaded:
        credential = loaded.pop(participation.id)
    else:
        credential = db.session.scalar(
            sa.select(Credential).where(
                Credential.event_id == participation.event_id,
                sa.or_(
                    Credential.delegate_id == participation.id,
                    Credential.alternate_id == participation.id,
                ),
            )
        )
    return credentials.state(credential) if credential is not None else None
