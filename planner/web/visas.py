"""Pages of visa invitation letters: the delegate's application (behind their invitation's
secret link), the organisers' queue of a meeting (viewers see it without passport data),
and the public page that a letter's QR code leads to.

Passport data is shown to organisers only: the delegate's own page never shows it back
(whoever holds the link would read it), so a correction means typing it again.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from planner.db import get_or_404
from planner.errors import NotFound
from planner.events import queries as events
from planner.events.models import Event, Participation
from planner.extensions import db
from planner.visas import queries
from planner.visas import service as visas
from planner.visas.api import issued_pdf
from planner.visas.models import VisaLetter, VisaLetterState
from planner.web.access import can_change, organisers_only
from planner.web.labels import day_label
from planner.web.refusals import pages_blueprint, saving
from planner.web.visa_forms import CorrectionForm, RevocationForm, VisaApplicationForm

bp = pages_blueprint("visas_pages", __name__)

_QUEUE = "/meetings/<int:event_id>/visa-letters"
_ONE = f"{_QUEUE}/<int:letter_id>"


def _participation(token: str) -> Participation | None:
    try:
        return events.participation_for_rsvp(token)
    except NotFound:
        return None


@bp.route("/rsvp/<token>/visa", methods=["GET", "POST"])
def apply(token: str):
    """The delegate's passport data for their visa invitation letter, and the letter once
    issued."""
    participation = _participation(token)
    if participation is None:
        return render_template("web/rsvp_gone.html"), 404
    letter = visas.latest_of(participation.id)
    form = VisaApplicationForm(data={"consulate": letter.consulate, "in_korean": letter.in_korean}
                               if letter else None)  # fmt: skip
    if form.validate_on_submit():
        with saving(form) as save:
            visas.submit(
                participation, {name: form[name].data for name in visas.APPLICATION_FIELDS}
            )
        if save.saved:
            flash(
                _("Thank you: your details are received. The secretariat will prepare your letter.")
            )
            return redirect(url_for(".apply", token=token), code=303)
    return render_template(
        "web/visas/apply.html",
        participation=participation,
        event=participation.event,
        delegate=participation.delegate,
        letter=letter,
        form=form,
        can_apply=letter is None or letter.state is not VisaLetterState.APPROVED,
    ), 422 if form.errors else 200


@bp.get("/rsvp/<token>/visa-letter.pdf")
def own_letter(token: str):
    """The delegate's issued letter (a revoked one no longer)."""
    participation = _participation(token)
    if participation is None:
        return render_template("web/rsvp_gone.html"), 404
    letter = visas.latest_of(participation.id)
    if letter is None or letter.state is not VisaLetterState.APPROVED:
        return render_template("web/not_found.html"), 404
    return issued_pdf(letter)


@bp.get("/visa-letters/<reference>")
def verify(reference: str):
    """What a consulate sees when it scans a letter's QR code: its number, the name, the
    dates, and whether it is valid. Nothing else."""
    letter = queries.by_check_token(reference)
    if letter is None:
        return render_template("web/visas/verify.html", letter=None), 404
    event = letter.participation.event
    moments = {"issued": letter.issued_at, "revoked": letter.revoked_at,
               "start": event.starts_at, "end": event.ends_at}  # fmt: skip
    days = {
        name: day_label(moment.astimezone(event.zone).date())
        for name, moment in moments.items()
        if moment is not None
    }
    return render_template("web/visas/verify.html", letter=letter, days=days)


@bp.get(_QUEUE)
@login_required
def queue(event_id: int):
    return _queue_page(get_or_404(Event, event_id, "event"))


def _queue_page(event: Event, failed: tuple[int, object] | None = None, status: int = 200):
    """The queue; ``failed``: the letter whose form was just refused, and that form."""
    letters = list(db.session.scalars(queries.letters_of(event.id)))
    return render_template(
        "web/visas/queue.html",
        event=event,
        letters=letters,
        waiting=sum(letter.state is VisaLetterState.SUBMITTED for letter in letters),
        shows_passports=can_change(),
        failed=failed,
        State=VisaLetterState,
    ), status


def _letter(event_id: int, letter_id: int) -> tuple[Event, VisaLetter]:
    event = get_or_404(Event, event_id, "event")
    letter = queries.letter_of(event_id, letter_id)
    if letter is None:
        raise NotFound(_("no such visa letter at this meeting"))
    return event, letter


def _back(event: Event, letter: VisaLetter) -> Response:
    return redirect(url_for(".queue", event_id=event.id, _anchor=f"letter-{letter.id}"), code=303)


@bp.post(f"{_ONE}/approve")
@organisers_only
def approve(event_id: int, letter_id: int):
    event, letter = _letter(event_id, letter_id)
    visas.approve(letter, current_user.id)  # a refusal: the blueprint's refusal page
    db.session.commit()
    flash(_("Letter %(number)s issued; the delegate is told by e-mail.", number=letter.number))
    return _back(event, letter)


@bp.post(f"{_ONE}/correction")
@organisers_only
def request_correction(event_id: int, letter_id: int):
    event, letter = _letter(event_id, letter_id)
    form = CorrectionForm()
    if form.validate_on_submit():
        with saving(form) as save:
            visas.request_correction(letter, form.message.data, current_user.id)
        if save.saved:
            flash(_("The application went back to the delegate, with your message."))
            return _back(event, letter)
    return _queue_page(event, (letter.id, form), 422)


@bp.post(f"{_ONE}/revoke")
@organisers_only
def revoke(event_id: int, letter_id: int):
    event, letter = _letter(event_id, letter_id)
    form = RevocationForm()
    if form.validate_on_submit():
        with saving(form) as save:
            visas.revoke(letter, form.reason.data, current_user.id)
        if save.saved:
            flash(_("Letter %(number)s revoked; its verification page says so.",
                    number=letter.number))  # fmt: skip
            return _back(event, letter)
    return _queue_page(event, (letter.id, form), 422)
