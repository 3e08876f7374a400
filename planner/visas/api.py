"""/api/v1 endpoints of visa letters, for organisers: the meeting's applications and letters,
approving, asking for a correction, revoking, and the letter as PDF. Viewers read the list
without passport data and cannot download a letter (it holds it)."""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import gettext as _

from planner.api import Blueprint, acting_user_id, carries_secrets, dumped, shows_secrets
from planner.api.fields import paginate
from planner.db import get_or_404
from planner.errors import Gone, NotFound
from planner.events.models import Event
from planner.extensions import db
from planner.responses import pdf_response
from planner.visas import queries, service
from planner.visas.letter import letter_filename, letter_pdf
from planner.visas.models import VisaLetter, VisaLetterState
from planner.visas.schemas import (
    CorrectionSchema,
    RevocationSchema,
    VisaLetterForViewers,
    VisaLetterPage,
    VisaLetterPageForViewers,
    VisaLetterQuery,
    VisaLetterSchema,
)

blp = Blueprint("visa_letters", __name__, description="Visa invitation letters of a meeting")

_ONE = "/events/<int:event_id>/visa-letters/<int:letter_id>"


def _letter(event_id: int, letter_id: int) -> VisaLetter:
    get_or_404(Event, event_id, "event")
    letter = queries.letter_of(event_id, letter_id)
    if letter is None:
        raise NotFound(
            _("visa letter %(id)s of event %(event)s does not exist", id=letter_id, event=event_id)
        )
    return letter


def verify_url(letter: VisaLetter) -> str:
    """The public verification page of an issued letter, as its QR code holds it."""
    base = current_app.config["PLANNER_BASE_URL"]
    return base + url_for("visas_pages.verify", reference=letter.check_token)


def issued_pdf(letter: VisaLetter):
    """The letter's PDF, while its passport data is kept."""
    if not letter.issued:
        raise NotFound(_("this application has no letter yet"))
    if letter.erased_at is not None:
        raise Gone(_("the passport data of this letter has been erased"))
    return pdf_response(letter_pdf(letter, verify_url(letter)), letter_filename(letter))


@blp.get("/events/<int:event_id>/visa-letters")
@blp.arguments(VisaLetterQuery, location="query")
@blp.response(200, VisaLetterPage)
def list_letters(args, event_id: int):
    """Every application and letter of the meeting: awaiting a decision first, then those
    sent back for a correction, then issued letters by number. Viewers get no passport data."""
    get_or_404(Event, event_id, "event")
    state = VisaLetterState(args["state"]) if args.get("state") else None
    page = paginate(queries.letters_of(event_id, state), args["page"], args["per_page"])
    return page if shows_secrets() else dumped(page, VisaLetterPageForViewers)


@blp.get(_ONE)
@blp.response(200, VisaLetterSchema)
def get_letter(event_id: int, letter_id: int):
    letter = _letter(event_id, letter_id)
    return letter if shows_secrets() else dumped(letter, VisaLetterForViewers)


@blp.post(f"{_ONE}/approve")
@blp.response(200, VisaLetterSchema)
def approve(event_id: int, letter_id: int):
    """Issue the letter: it takes the next number of the year (``VL-2027-0042``), with no
    gaps; the delegate is told by e-mail and downloads it from their page."""
    letter = service.approve(_letter(event_id, letter_id), acting_user_id())
    db.session.commit()
    return letter


@blp.post(f"{_ONE}/correction")
@blp.arguments(CorrectionSchema)
@blp.response(200, VisaLetterSchema)
def request_correction(data, event_id: int, letter_id: int):
    """Send the application back to the delegate, with a message they receive by e-mail."""
    letter = service.request_correction(
        _letter(event_id, letter_id), data["message"], acting_user_id()
    )
    db.session.commit()
    return letter


@blp.post(f"{_ONE}/revoke")
@blp.arguments(RevocationSchema)
@blp.response(200, VisaLetterSchema)
def revoke(data, event_id: int, letter_id: int):
    """Withdraw an issued letter: its verification page says it is revoked."""
    letter = service.revoke(_letter(event_id, letter_id), data.get("reason"), acting_user_id())
    db.session.commit()
    return letter


@blp.get(f"{_ONE}/letter.pdf")
@carries_secrets
@blp.doc(
    responses={
        "200": {
            "description": "the issued letter (organisers only: it holds passport data)",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
)
@blp.alt_response(410, description="the letter's passport data has been erased")
def download(event_id: int, letter_id: int):
    return issued_pdf(_letter(event_id, letter_id))
