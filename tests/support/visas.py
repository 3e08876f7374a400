"""Visa letter helpers: the passport data a delegate types, sent from their page, and a
letter issued in one go (for tests about what comes after)."""

from __future__ import annotations

from datetime import date

from planner.events.models import Participation
from planner.extensions import db
from planner.members.models import Delegate
from planner.visas import service
from planner.visas.models import VisaLetter

#: What the Hanoi delegate types on her page.
PASSPORT = {
    "passport_name": "NGUYEN THI MINH KHAI",
    "nationality": "VN",
    "passport_number": "C1234567",
    "passport_expires_on": "2031-08-30",
    "born_on": "1984-02-17",
    "consulate": "Embassy of the Republic of Korea in Hanoi",
}


def rsvp_token(participant: dict) -> str:
    return db.session.get(Participation, participant["id"]).rsvp_token


def apply(client, participant: dict, **changes):
    """The delegate's form sent from their page (CSRF is off in tests); a change of None
    leaves that field out."""
    data = {name: value for name, value in {**PASSPORT, **changes}.items() if value is not None}
    return client.post(f"/rsvp/{rsvp_token(participant)}/visa", data=data)


def issued_letter(participant: dict, in_korean: bool = False) -> VisaLetter:
    """A letter applied for and approved through the service, committed."""
    participation = db.session.get(Participation, participant["id"])
    participation.delegate.needs_visa_letter = True
    data = {**PASSPORT, "in_korean": in_korean}
    for name in ("passport_expires_on", "born_on"):
        data[name] = date.fromisoformat(data[name])
    letter = service.approve(service.submit(participation, data), None)
    db.session.commit()
    return letter


def wants_letters(delegates: list[dict]) -> None:
    for delegate in delegates:
        db.session.get(Delegate, delegate["id"]).needs_visa_letter = True
    db.session.commit()
