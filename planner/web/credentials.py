"""The credentials committee's queue of a meeting, for organisers: every voting member's
credentials, missing, pending or decided; designating delegates, the letters, approving and
rejecting. Viewers see the states, never a letter. The letter itself is served by the API's
``credentials.letter`` (organisers only), which these pages link to.

The routes that take a file are exempt from the application-wide CSRF check: it would read
the body under the application's small size limit before the route could raise it. Their
FlaskForm checks the same token itself, once ``takes_upload`` has allowed the larger body.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from planner.db import get_or_404
from planner.errors import NotFound
from planner.events.models import Event
from planner.extensions import csrf
from planner.governance.credentials import queries
from planner.governance.credentials import service as credentials
from planner.governance.models import Credential, CredentialState
from planner.uploads.views import takes_upload
from planner.web.access import organisers_only
from planner.web.credential_forms import DecisionForm, DesignateForm, LetterForm
from planner.web.refusals import pages_blueprint, received_upload, saving

bp = pages_blueprint("credentials_queue", __name__)

_QUEUE = "/meetings/<int:event_id>/credentials"
_ONE = f"{_QUEUE}/<int:credential_id>"
#: The queue's sections, and the states each holds (None: no delegate designated yet).
SECTIONS = {
    "missing": (None, CredentialState.MISSING),
    "pending": (CredentialState.PENDING,),
    "decided": (CredentialState.APPROVED, CredentialState.REJECTED),
}


@bp.get(_QUEUE)
@login_required
def queue(event_id: int):
    return _queue_page(get_or_404(Event, event_id, "event"))


def _queue_page(event: Event, failed: tuple[str, FlaskForm] | None = None, status: int = 200):
    """The queue; ``failed``: the form just refused (its row's key, the form), shown again
    with its messages beside it."""
    entries = queries.entries(event)
    sections = {
        name: [entry for entry in entries if entry.state in states]
        for name, states in SECTIONS.items()
    }
    return render_template(
        "web/credentials/queue.html",
        event=event,
        sections=sections,
        total=len(entries),
        letters_missing=sum(entry.state is CredentialState.MISSING for entry in entries),
        candidates=queries.candidates(event.id) if event.body else {},
        letter_needed=credentials.letter_needed,
        failed=failed,
        max_bytes=current_app.config["UPLOAD_MAX_BYTES"],
    ), status


def _credential(event_id: int, credential_id: int) -> tuple[Event, Credential]:
    event = get_or_404(Event, event_id, "event")
    credential = queries.credential_of(event_id, credential_id)
    if credential is None:
        raise NotFound(_("no such credentials at this meeting"))
    return event, credential


def _back(event: Event, organisation_id: int) -> Response:
    return redirect(
        url_for(".queue", event_id=event.id, _anchor=f"member-{organisation_id}"), code=303
    )


@bp.post(_QUEUE)
@organisers_only
def designate(event_id: int):
    event = get_or_404(Event, event_id, "event")
    form = DesignateForm()
    if form.validate_on_submit():
        with saving(form) as save:
            credential = credentials.designate(
                event, form.organisation_id.data, form.delegate_id.data, form.alternate_id.data
            )
        if save.saved:
            flash(_("Delegate of %(name)s designated.", name=credential.organisation.name))
            return _back(event, credential.organisation_id)
    return _queue_page(event, (f"designate-{form.organisation_id.data}", form), 422)


@bp.post(f"{_ONE}/decision")
@organisers_only
def decide(event_id: int, credential_id: int):
    event, credential = _credential(event_id, credential_id)
    form = DecisionForm()
    if form.validate_on_submit():
        with saving(form) as save:
            credentials.decide(credential, form.decision.data, form.reason.data, current_user.id)
        if save.saved:
            name = credential.organisation.name
            if credential.decision.value == "approved":
                flash(_("Credentials of %(name)s approved.", name=name))
            else:
                flash(_("Credentials of %(name)s rejected; the delegate is told why by e-mail.",
                        name=name))  # fmt: skip
            return _back(event, credential.organisation_id)
    return _queue_page(event, (f"decision-{credential.id}", form), 422)


@bp.post(f"{_ONE}/letter")
@csrf.exempt
@organisers_only
@takes_upload
def upload_letter(event_id: int, credential_id: int):
    event, credential = _credential(event_id, credential_id)
    form, status = received_upload(LetterForm)
    if status is None:
        with saving(form) as save:
            credentials.upload_letter(
                credential, form.letter.data.read(), form.letter.data.filename, current_user.id
            )
        if save.saved:
            flash(_("Letter of %(name)s received.", name=credential.organisation.name))
            return _back(event, credential.organisation_id)
        status = save.refusal.status if save.refusal else 422
    return _queue_page(event, (f"letter-{credential.id}", form), status)
