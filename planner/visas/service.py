"""The rules of visa invitation letters: what a delegate must give, the organisers' decision,
numbering without gaps, revoking, and erasing passport data after the meeting.

Passport data never leaves this package except to organisers and into the letter itself:
the e-mails say what happened and link to the delegate's page, and the log names letters by
id and number only.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from planner.db import insert_new, utcnow
from planner.errors import Conflict, Invalid
from planner.events.models import Event, ParticipantStatus, Participation
from planner.extensions import db
from planner.notifications.models import MessageKind
from planner.notifications.service import queue_many
from planner.validation import check, country_codes
from planner.visas.models import (
    PASSPORT_FIELDS,
    VisaLetter,
    VisaLetterCounter,
    VisaLetterState,
)

log = logging.getLogger(__name__)

#: What a delegate gives on their page (and an organiser never changes).
APPLICATION_FIELDS = (*PASSPORT_FIELDS, "consulate", "in_korean")
_PASSPORT_NUMBER = re.compile(r"[A-Z0-9]{5,20}")
_NOT_COMING = (ParticipantStatus.DECLINED, ParticipantStatus.CANCELLED)


def latest_of(participation_id: int) -> VisaLetter | None:
    """The participant's current application (the newest; older ones were revoked)."""
    return db.session.scalar(
        sa.select(VisaLetter)
        .where(VisaLetter.participation_id == participation_id)
        .order_by(VisaLetter.id.desc())
        .limit(1)
    )


def meeting_end_day(event: Event) -> date:
    """The meeting's last day where it is held: a passport must be valid until then."""
    return event.ends_at.astimezone(event.zone).date()


def submit(participation: Participation, data: dict[str, Any]) -> VisaLetter:
    """The delegate's passport data and consulate: a new application, or the one waiting for
    a decision or a correction, changed. An issued letter is never changed: once revoked, the
    next application is a new letter that replaces it."""
    delegate = participation.delegate
    if not delegate.needs_visa_letter:
        raise Conflict(
            _("you did not ask for a visa invitation letter"),
            {"needs_visa_letter": [_("tick it on your invitation page first")]},
        )
    if participation.status in _NOT_COMING:
        raise Conflict(_("a visa invitation letter is only for participants who are coming"))
    values = _application(participation.event, data)
    letter = latest_of(participation.id)
    if letter is not None and letter.state is VisaLetterState.APPROVED:
        raise Conflict(
            _("your letter is issued already: ask the secretariat to revoke it to change it")
        )
    if letter is None or letter.state is VisaLetterState.REVOKED:
        letter = VisaLetter(participation=participation, replaces=letter)
        db.session.add(letter)
    for name, value in values.items():
        setattr(letter, name, value)
    letter.state = VisaLetterState.SUBMITTED
    db.session.flush()
    return letter


def _application(event: Event, data: dict[str, Any]) -> dict[str, Any]:
    """The application's values, cleaned, or Invalid naming every field at fault."""
    values = {name: data.get(name) for name in APPLICATION_FIELDS}
    for name in ("passport_name", "consulate"):
        values[name] = (values[name] or "").strip() or None
    values["nationality"] = (values["nationality"] or "").strip().upper() or None
    number = re.sub(r"[\s-]", "", values["passport_number"] or "").upper()
    values["passport_number"] = number or None
    values["in_korean"] = bool(values["in_korean"])
    problems: dict[str, list[str]] = {}
    for name in ("passport_name", "nationality", "passport_number", "passport_expires_on",
                 "born_on", "consulate"):  # fmt: skip
        if values[name] is None:
            problems[name] = [_("required")]
    if values["nationality"] and values["nationality"] not in country_codes():
        problems["nationality"] = [_("not a known country code (ISO 3166-1 alpha-2, e.g. KR)")]
    if number and not _PASSPORT_NUMBER.fullmatch(number):
        problems["passport_number"] = [_("5 to 20 letters and digits, as in the passport")]
    expires, born = values["passport_expires_on"], values["born_on"]
    if expires is not None and expires < meeting_end_day(event):
        problems["passport_expires_on"] = [
            _("the passport expires before the meeting ends (%(day)s)",
              day=meeting_end_day(event).isoformat())
        ]  # fmt: skip
    if born is not None and born > utcnow().date():
        problems["born_on"] = [_("a date of birth cannot be in the future")]
    if problems:
        raise Invalid(_("invalid input: %(fields)s", fields=", ".join(sorted(problems))), problems)
    check(VisaLetter, values)
    return values


def _locked(letter: VisaLetter) -> VisaLetter:
    """The letter re-read under a row lock: two organisers deciding at once take turns, and
    the second sees what the first decided (SQLite serialises writers anyway)."""
    db.session.execute(sa.select(VisaLetter.id).where(VisaLetter.id == letter.id).with_for_update())
    db.session.refresh(letter)
    return letter


def request_correction(letter: VisaLetter, message: str | None, by_id: int | None) -> VisaLetter:
    """Send the application back to the delegate with a message they receive by e-mail."""
    letter = _locked(letter)
    message = (message or "").strip()
    if not message:
        raise Invalid.field("message", _("say what the delegate should correct"))
    if letter.state is not VisaLetterState.SUBMITTED:
        raise Conflict(_("only an application awaiting a decision can go back for a correction"))
    check(VisaLetter, {"correction_message": message})
    letter.state, letter.correction_message = VisaLetterState.CORRECTION, message
    db.session.flush()
    key = f"visa-change:{letter.id}:{utcnow().isoformat()}"
    queue_many(MessageKind.VISA_CORRECTION, [(letter.participation, key)], detail=message)
    log.info("visa letter %s: correction requested by user %s", letter.id, by_id)
    return letter


def approve(letter: VisaLetter, by_id: int | None) -> VisaLetter:
    """Issue the letter: the next number of the year, in this transaction (a failure rolls it
    back, so numbers have no gaps); the delegate is told by e-mail that it is ready."""
    letter = _locked(letter)
    if letter.state is not VisaLetterState.SUBMITTED:
        raise Conflict(_("only an application awaiting a decision can be approved"))
    if letter.participation.status in _NOT_COMING:
        raise Conflict(_("this participant is not coming to the meeting any more"))
    now = utcnow()
    event = letter.participation.event
    letter.year = now.astimezone(event.zone).year
    letter.sequence = next_number(letter.year)
    letter.state = VisaLetterState.APPROVED
    letter.issued_at, letter.issued_by_id = now, by_id
    db.session.flush()
    key = f"visa-issued:{letter.id}"
    queue_many(MessageKind.VISA_ISSUED, [(letter.participation, key)], detail=letter.number)
    log.info("visa letter %s issued as %s by user %s", letter.id, letter.number, by_id)
    return letter


def next_number(year: int) -> int:
    """The next letter number of ``year``: the counter row, created if need be, raised by one.
    The UPDATE locks the row until the transaction ends, so a concurrent approval waits and
    then takes the number after it."""
    db.session.execute(insert_new(VisaLetterCounter, "year").values(year=year, last=0))
    return db.session.execute(
        sa.update(VisaLetterCounter)
        .where(VisaLetterCounter.year == year)
        .values(last=VisaLetterCounter.last + 1)
        .returning(VisaLetterCounter.last)
        .execution_options(synchronize_session=False)
    ).scalar_one()


def revoke(letter: VisaLetter, reason: str | None, by_id: int | None) -> VisaLetter:
    """Withdraw an issued letter: its verification page says so from now on, and the
    delegate is told by e-mail (the number and the reason, nothing else)."""
    letter = _locked(letter)
    if letter.state is not VisaLetterState.APPROVED:
        raise Conflict(_("only an issued letter can be revoked"))
    reason = (reason or "").strip() or None
    check(VisaLetter, {"revocation_reason": reason})
    letter.state = VisaLetterState.REVOKED
    letter.revoked_at, letter.revoked_by_id, letter.revocation_reason = utcnow(), by_id, reason
    db.session.flush()
    detail = f"{letter.number}\n{reason or ''}".strip()
    key = f"visa-revoked:{letter.id}"
    queue_many(MessageKind.VISA_REVOKED, [(letter.participation, key)], detail=detail)
    log.info("visa letter %s (%s) revoked by user %s", letter.id, letter.number, by_id)
    return letter


def erase_passport_data(now: datetime, after_days: int) -> int:
    """Erase the passport data of every letter whose meeting ended more than ``after_days``
    days before ``now``; how many letters were erased. Their numbers, states and dates stay,
    so the register of letters keeps no gaps."""
    ended = (
        sa.select(Participation.id)
        .join(Event, Event.id == Participation.event_id)
        .where(Event.ends_at < now - timedelta(days=after_days))
    )
    erased = db.session.execute(
        sa.update(VisaLetter)
        .where(VisaLetter.erased_at.is_(None), VisaLetter.participation_id.in_(ended))
        .values({**dict.fromkeys(PASSPORT_FIELDS), "erased_at": now})
        .execution_options(synchronize_session=False)
    )
    count = erased.rowcount or 0  # type: ignore[attr-defined]
    log.info("passport data of %s visa letters erased", count)
    return count
