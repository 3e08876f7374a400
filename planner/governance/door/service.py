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
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import Signer
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from planner.db import utcnow
from planner.errors import Conflict, Invalid
from planner.events.models import EXPECTED_STATUSES, Participation
from planner.extensions import db
from planner.governance.credentials import service as credentials
from planner.governance.models import (
    Credential,
    CredentialState,
    Direction,
    DoorScan,
)
from planner.members.models import Delegate

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


@dataclass(frozen=True)
class DoorAnswer:
    """A scan's outcome and the participant as the server now has them (its answer wins
    over whatever the desk guessed)."""

    participation: Participation
    outcome: Outcome
    credential: CredentialState | None
    scan_id: str | None = None
    replayed: bool = False

    @property
    def present(self) -> bool:
        return is_present(self.participation)

    @property
    def first_scan(self) -> bool:
        """This scan let the participant in."""
        return self.outcome in (Outcome.ADMITTED, Outcome.CREDENTIALS_PENDING)


def not_expected(answer: DoorAnswer) -> Conflict:
    """The refusal of a participant who is not expected (removed, or declined)."""
    participation = answer.participation
    return Conflict(
        _(
            "%(name)s is not expected at this meeting (%(status)s)",
            name=participation.delegate.full_name,
            status=participation.status.value,
        ),
        {"token": [_("the badge's holder is not expected at this meeting")]},
    )


def is_present(participation: Participation) -> bool:
    """In the room: checked in, and not checked out since."""
    return participation.checked_in_at is not None and participation.checked_out_at is None


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
        if participation is not None and _signer().verify_signature(
            _signed(event_id, participation.id, participation.secret_nonce),
            code["signature"].encode(),
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
    """The participation with what the desk shows of it (delegate, organisation) in one
    statement."""
    return db.session.get(
        Participation,
        participation_id,
        options=[joinedload(Participation.delegate).joinedload(Delegate.organisation)],
    )


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
    again answers what it answered the first time. The caller commits."""
    if scanned_at is not None and scanned_at > utcnow() + CLOCK_SKEW:
        raise Invalid.field("scanned_at", _("must not be in the future"))
    if scan_id is not None:
        stored = _stored_scan(participation, scan_id)
        if stored is not None:
            return stored
    if participation.status not in EXPECTED_STATUSES:
        return _answer(participation, Outcome.NOT_EXPECTED, scan_id)
    try:
        # One savepoint for the move and its record: a concurrent scan of the same scan_id
        # (a desk's retry racing its first try) undoes both, then reads the winner's.
        with db.session.begin_nested():
            outcome = _move(participation, direction)
            db.session.add(
                DoorScan(
                    event_id=participation.event_id,
                    participation_id=participation.id,
                    scan_id=scan_id or uuid.uuid4().hex,
                    direction=direction,
                    outcome=outcome.value,
                    scanned_at=scanned_at,
                )
            )
    except IntegrityError:
        stored = _stored_scan(participation, scan_id) if scan_id else None
        if stored is None:
            raise
        return stored
    db.session.refresh(participation)
    return _answer(participation, outcome, scan_id)


def _move(participation: Participation, direction: Direction) -> Outcome:
    """The conditional UPDATE: it changes the row only if the participant is on the other
    side of the door, and only while they are expected; its row count says who won."""
    now = utcnow()
    row = sa.update(Participation).where(
        Participation.id == participation.id,
        Participation.status.in_(EXPECTED_STATUSES),
    )
    if direction is Direction.IN:
        row = row.where(
            sa.or_(Participation.checked_in_at.is_(None), Participation.checked_out_at.isnot(None))
        ).values(checked_in_at=now, checked_out_at=None)
    else:
        row = row.where(
            Participation.checked_in_at.isnot(None), Participation.checked_out_at.is_(None)
        ).values(checked_out_at=now)
    result = db.session.execute(row.execution_options(synchronize_session=False))
    moved = cast(sa.CursorResult[Any], result).rowcount == 1
    if direction is Direction.OUT:
        return Outcome.CHECKED_OUT if moved else Outcome.ALREADY_OUT
    if not moved:
        return Outcome.ALREADY_IN
    state = _credential_state(participation)
    if state is not None and state is not CredentialState.APPROVED:
        return Outcome.CREDENTIALS_PENDING
    return Outcome.ADMITTED


def _stored_scan(participation: Participation, scan_id: str) -> DoorAnswer | None:
    """The answer to a scan already recorded under ``scan_id``, given again."""
    stored = db.session.scalar(
        sa.select(DoorScan).where(
            DoorScan.event_id == participation.event_id, DoorScan.scan_id == scan_id
        )
    )
    if stored is None:
        return None
    if stored.participation_id != participation.id:
        raise Conflict(
            _("this scan id was already used for another participant"),
            {"scan_id": [_("already used for another participant")]},
        )
    db.session.refresh(participation)
    return _answer(participation, Outcome(stored.outcome), scan_id, replayed=True)


def _answer(
    participation: Participation, outcome: Outcome, scan_id: str | None, replayed: bool = False
) -> DoorAnswer:
    return DoorAnswer(participation, outcome, _credential_state(participation), scan_id, replayed)


def _credential_state(participation: Participation) -> CredentialState | None:
    """Where the credentials stand that this participant speaks under, if they are a
    member's designated delegate or alternate."""
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
