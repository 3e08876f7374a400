"""The check-in desk: a phone-sized page for registration staff (organisers), and the two
endpoints its script posts scans to.

The API's writes take bearer tokens only, so the page posts to these instead, with the
session cookie and the page's CSRF token; they answer as the API does (the same service,
schema and error shape), except that someone not expected is an answer (shown with their
name), not a 409.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

import marshmallow as ma
from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from planner.api import error_response
from planner.db import get_or_404
from planner.errors import DomainError
from planner.events.labels import role_label
from planner.events.models import Event, ParticipantRole
from planner.governance.door import api
from planner.governance.door.schemas import DoorAnswerSchema, ScanSchema
from planner.governance.door.service import Outcome
from planner.governance.models import CredentialState, Direction
from planner.web.access import can_change, organisers_only
from planner.web.refusals import pages_blueprint

bp = pages_blueprint("desk", __name__)

#: What the desk's result panel says for each outcome, and for its own states.
OUTCOME_TEXTS = {
    Outcome.ADMITTED.value: _l("Admitted"),
    Outcome.ALREADY_IN.value: _l("Already in"),
    Outcome.CHECKED_OUT.value: _l("Checked out"),
    Outcome.ALREADY_OUT.value: _l("Already out"),
    Outcome.NOT_EXPECTED.value: _l("Not expected"),
    Outcome.CREDENTIALS_PENDING.value: _l("Admitted: credentials pending"),
    "refused": _l("Refused"),
    "queued": _l("Saved: will be sent when the network returns"),
    "sending": _l("Sending…"),
    "signed-out": _l("Not sent: sign in again, and the waiting scans will follow"),
}
CREDENTIAL_TEXTS = {
    CredentialState.MISSING.value: _l("Credentials: letter missing"),
    CredentialState.PENDING.value: _l("Credentials: awaiting the committee"),
    CredentialState.APPROVED.value: _l("Credentials: approved"),
    CredentialState.REJECTED.value: _l("Credentials: rejected"),
}


def _json_only(view: Callable) -> Callable:
    """The desk's endpoints answer JSON whatever happens, as the API would: a script reads
    them, and a login page in answer to a scan would read as success."""

    @wraps(view)
    def guarded(*args, **kwargs):
        if not current_user.is_authenticated:
            return error_response(401, _("Please sign in to see this page."))
        if not can_change():
            return error_response(403, _("this account may read but not change anything"))
        try:
            return view(*args, **kwargs)
        except ma.ValidationError as error:
            messages = error.normalized_messages()
            return error_response(422, _("the scan is not valid"), messages)
        except DomainError as error:
            return error_response(error.status, error.message, error.fields, error.code)

    return guarded


@bp.errorhandler(CSRFError)
def _expired(_error: CSRFError):
    return error_response(400, _("The form expired; please send it again."), code="csrf")


@bp.get("/meetings/<int:event_id>/desk")
@organisers_only
def desk(event_id: int):
    event = get_or_404(Event, event_id, "event")
    return render_template(
        "web/door/desk.html",
        event=event,
        urls={
            "in": url_for("desk.scan_in", event_id=event.id),
            "out": url_for("desk.scan_out", event_id=event.id),
            "search": url_for("door.search", event_id=event.id),
        },
        texts={
            "outcomes": {key: str(text) for key, text in OUTCOME_TEXTS.items()},
            "credentials": {key: str(text) for key, text in CREDENTIAL_TEXTS.items()},
            "roles": {role.value: role_label(role) for role in ParticipantRole},
            "waiting": _("Scans waiting to be sent: {count}"),
            "check_in": _("Check in"),
            "present": _("in the room"),
            "check_out": _("Check out"),
            "no_match": _("Nobody of this meeting has that name."),
            "more": _("{total} found: type more of the name."),
            "search_failed": _("The search needs the network: scan the badge instead."),
            "camera_off": _("The camera cannot be used here: type the code or search by name."),
        },
    )


def _scan(event_id: int, direction: Direction):
    data = ScanSchema().load(request.get_json(silent=True) or {})
    # Not expected is an answer here, not an error: the desk shows who it was.
    return DoorAnswerSchema().dump(api.committed_scan(event_id, data, direction))


@bp.post("/meetings/<int:event_id>/desk/check-in")
@_json_only
def scan_in(event_id: int):
    return _scan(event_id, Direction.IN)


@bp.post("/meetings/<int:event_id>/desk/check-out")
@_json_only
def scan_out(event_id: int):
    return _scan(event_id, Direction.OUT)
