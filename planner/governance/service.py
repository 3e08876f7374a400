"""Check-in at the door: the QR code on a badge carries a signed token naming the participation.

The token is short (so the QR code stays coarse and scans from a phone at arm's length) and
cannot be forged or altered without the application's secret key. It names no person, so a
photo of a badge tells nothing beyond what the badge itself prints.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, Signer

from planner.db import utcnow
from planner.errors import Conflict, Invalid, NotFound
from planner.events.models import ParticipantStatus, Participation
from planner.extensions import db

_SALT = "planner.check-in"


def _signer() -> Signer:
    return Signer(current_app.config["SECRET_KEY"], salt=_SALT)


def check_in_token(participation_id: int) -> str:
    """``<participation id>.<signature>``: what the badge's QR code holds."""
    return _signer().sign(str(participation_id)).decode()


def participation_for_token(token: str) -> Participation:
    try:
        participation_id = int(_signer().unsign(token.strip()).decode())
    except (BadSignature, ValueError, UnicodeDecodeError):
        raise Invalid(
            "not a check-in code of this network", {"token": ["unknown or altered"]}
        ) from None
    participation = db.session.get(Participation, participation_id)
    if participation is None:
        raise NotFound("this participant no longer exists")
    return participation


def check_in(token: str) -> tuple[Participation, bool]:
    """Record the arrival of the badge's holder; a second scan changes nothing and says so.

    Returns the participation and whether this scan was the first.
    """
    participation = participation_for_token(token)
    if participation.status in (ParticipantStatus.CANCELLED, ParticipantStatus.DECLINED):
        raise Conflict(
            f"{participation.delegate.full_name} is not expected at this meeting "
            f"({participation.status.value})"
        )
    first = participation.checked_in_at is None
    if first:
        participation.checked_in_at = utcnow()
        db.session.flush()
    return participation, first
