"""Quorum forecasts, and check-in at the door.

Check-in: the QR code on a badge carries ``<meeting id>.<participation id>.<signature>``, the
signature (itsdangerous, with the application's secret key) covering both ids and the
participation's random nonce. So a code opens one participation at one meeting only, cannot be
made from ids alone (they are guessable), and stops working when the nonce is renewed (a new
RSVP link, a delegate added again); it also cannot survive a deleted row, as ids are never
reused. The code stays short (a coarse QR code scans from a phone at arm's length) and names no
person, so a photo of a badge tells nothing beyond what the badge itself prints.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import Signer

from planner.db import utcnow
from planner.errors import Conflict, Invalid
from planner.events.models import Event, ParticipantRole, ParticipantStatus, Participation
from planner.events.service import meeting_day
from planner.extensions import db
from planner.members import service as members
from planner.members.models import (
    Delegate,
    QuorumRule,
)

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


# Quorum --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuorumForecast:
    """Will the meeting be quorate? Voting seats of its body against the voting delegates who
    said they are coming (``expected``) or might (``possible``)."""

    voting_seats: int
    needed: int
    expected: int
    possible: int

    @property
    def reached(self) -> bool:
        return self.expected >= self.needed


def quorum_needed(rule: QuorumRule, voting_seats: int) -> int:
    if rule is QuorumRule.MAJORITY:
        return voting_seats // 2 + 1
    share = Fraction(2, 3) if rule is QuorumRule.TWO_THIRDS else Fraction(1, 3)
    return math.ceil(share * voting_seats)


def quorum_forecasts(events: Sequence[Event]) -> dict[int, QuorumForecast]:
    """The forecast of each meeting that has a body, in three queries for all of them.

    The voters are those ``members.service.voters_at`` names for the meeting's body on its
    first (local) day (the body's voting rule: good standing, or current voting seats); an
    organisation counts once, however many delegates come.
    """
    with_body = [(event, event.body) for event in events if event.body is not None]
    if not with_body:
        return {}
    ids = [event.id for event, _body in with_body]
    days = {event.id: meeting_day(event) for event, _body in with_body}
    voting = members.voters_at((body, days[event.id]) for event, body in with_body)
    # Who said they come, by organisation: a voting delegate of an organisation that has no
    # vote at the meeting (in arrears, its seat ended) counts for nothing.
    coming: dict[tuple[int, ParticipantStatus], set[int]] = defaultdict(set)
    for event_id, status, organisation_id in db.session.execute(
        sa.select(Participation.event_id, Participation.status, Delegate.organisation_id)
        .distinct()
        .join(Delegate, Delegate.id == Participation.delegate_id)
        .where(
            Participation.event_id.in_(ids),
            Participation.role == ParticipantRole.VOTING_DELEGATE,
            Participation.status.in_((ParticipantStatus.ACCEPTED, ParticipantStatus.TENTATIVE)),
        )
    ):
        coming[event_id, status].add(organisation_id)
    forecasts = {}
    for event, body in with_body:
        voters = voting[body.id, days[event.id]]
        seats = len(voters)
        expected = len(coming[event.id, ParticipantStatus.ACCEPTED] & voters)
        forecasts[event.id] = QuorumForecast(
            voting_seats=seats,
            needed=quorum_needed(body.quorum_rule, seats),
            expected=expected,
            possible=expected + len(coming[event.id, ParticipantStatus.TENTATIVE] & voters),
        )
    return forecasts
