"""Check-in at the door.

Check-in: the QR code on a badge carries ``<meeting id>.<participation id>.<signature>``, the
signature (itsdangerous, with the application's secret key) covering both ids and the
participation's random nonce. So a code opens one participation at one meeting only, cannot be
made from ids alone (they are guessable), and stops working when the nonce is renewed (a new
RSVP link, a delegate added again); it also cannot survive a deleted row, as ids are never
reused. The code stays short (a coarse QR code scans from a phone at arm's length) and names no
person, so a photo of a badge tells nothing beyond what the badge itself prints.
"""

from __future__ import annotations

import re

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import Signer

from planner.db import utcnow
from planner.errors import Conflict, Invalid
from planner.events.models import ParticipantStatus, Participation
from planner.extensions import db

_SALT = "planner.check-in"
#: A check-in code as check_in_token writes it: ids in ASCII digits (within a database
#: integer), then the URL-safe base64 signature.
_CODE = re.compile(
    r"(?P<event>[0-9]{1,18})\.(?P<participation>[0-9]{1,18})\.(?P<signature>[\w-]+)", re.A
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
        participation = db.session.get(Participation, int(code["participation"]))
        if participation is not None and _signer().verify_signature(
            _signed(event_id, participation.id, participation.secret_nonce),
            code["signature"].encode(),
        ):
            return participation
    raise Invalid(
        _("not a current check-in code of this meeting"),
        {"token": [_("unknown, altered, replaced or of another meeting")]},
    )


def check_in(event_id: int, token: str) -> tuple[Participation, bool]:
    """Record the arrival of the badge's holder at this meeting; a second scan changes nothing
    and says so.

    Returns the participation and whether this scan was the first.
    """
    participation = participation_for_token(event_id, token)
    if participation.status in (ParticipantStatus.CANCELLED, ParticipantStatus.DECLINED):
        raise Conflict(
            _(
                "%(name)s is not expected at this meeting (%(status)s)",
                name=participation.delegate.full_name,
                status=participation.status.value,
            )
        )
    first = participation.checked_in_at is None
    if first:
        participation.checked_in_at = utcnow()
        db.session.flush()
    return participation, first
