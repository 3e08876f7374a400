"""Visa invitation letters for the coming General Assembly, in every state: applications
awaiting a decision, one sent back for a correction, letters issued (some with a Korean
page) and one revoked and applied for again. Passport data is made up here, deterministically.

Applications go through the visas service (the rules typed data meets); the decisions are
set as the demo's past, numbered by the same counter, without writing e-mails."""

from __future__ import annotations

import random
import unicodedata
from datetime import date, timedelta

from babel import Locale

from planner.db import utcnow
from planner.events.models import Event, EventKind, EventStatus, ParticipantStatus
from planner.visas import service
from planner.visas.models import VisaLetter, VisaLetterState

#: What the secretariat asked a few delegates to correct.
CORRECTIONS = (
    "The passport number does not match the scan you sent us: please check it.",
    "Please give your name exactly as in the passport, with all given names.",
)


def add_visa_letters(meetings: list[Event]) -> None:
    assembly = next(
        (
            event
            for event in meetings
            if event.kind is EventKind.GENERAL_ASSEMBLY and event.status is EventStatus.SCHEDULED
        ),
        None,
    )
    if assembly is None:
        return
    rng = random.Random(15)
    applicants = sorted(
        (
            p
            for p in assembly.participations
            if p.delegate.needs_visa_letter
            and p.status not in (ParticipantStatus.DECLINED, ParticipantStatus.CANCELLED)
        ),
        key=lambda p: (p.delegate.organisation.slug, p.delegate.full_name),
    )
    countries = Locale("en").territories
    last_day = service.meeting_end_day(assembly)
    now = utcnow()
    for turn, participation in enumerate(applicants):
        person = participation.delegate
        country = person.organisation.country
        letter = service.submit(participation, {
            "passport_name": _latin(person.full_name).upper(),
            "nationality": country,
            "passport_number": f"{country}{rng.randrange(10**6, 10**7)}",
            "passport_expires_on": last_day + timedelta(days=rng.randrange(200, 3000)),
            "born_on": date(rng.randrange(1958, 1995), rng.randrange(1, 13), rng.randrange(1, 29)),
            "consulate": f"Embassy of the Republic of Korea in {countries.get(country, country)}",
            "in_korean": turn % 3 == 1,
        })  # fmt: skip
        state = turn % 6  # 0, 1: awaiting; 2: correction; 3, 4: issued; 5: revoked, again
        if state == 2:
            letter.state = VisaLetterState.CORRECTION
            letter.correction_message = CORRECTIONS[turn % len(CORRECTIONS)]
        elif state >= 3:
            _issue(letter, now - timedelta(days=10 - turn % 10))
        if state == 5:
            letter.state = VisaLetterState.REVOKED
            letter.revoked_at = now - timedelta(days=2)
            letter.revocation_reason = "Issued with the wrong consulate."
            again = {name: getattr(letter, name) for name in service.APPLICATION_FIELDS}
            again["consulate"] = (
                f"Consulate General of the Republic of Korea in {person.organisation.city}"
            )
            service.submit(participation, again)


def _issue(letter: VisaLetter, when) -> None:
    letter.year = when.astimezone(letter.participation.event.zone).year
    letter.sequence = service.next_number(letter.year)
    letter.state, letter.issued_at = VisaLetterState.APPROVED, when


def _latin(name: str) -> str:
    """A passport's machine-readable name: the Latin letters without their accents."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if c.isascii())
