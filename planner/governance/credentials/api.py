"""/api/v1 endpoints of credentials: every voting member of a meeting with its designated
delegate and alternate, the Delegation of Authority letter (uploaded as multipart/form-data,
handed back to organisers only, as a download) and the credentials committee's decision."""

from __future__ import annotations

from flask import g
from flask_babel import gettext as _

from planner.api import Blueprint, carries_secrets
from planner.api.fields import PageArgs
from planner.db import get_or_404
from planner.errors import NotFound
from planner.events.models import Event
from planner.extensions import db
from planner.governance.credentials import queries, service
from planner.governance.credentials.schemas import (
    CredentialSchema,
    DecisionSchema,
    LetterSchema,
    MemberCredentialsPage,
)
from planner.governance.models import Credential
from planner.uploads.service import LETTERS
from planner.uploads.views import takes_upload, upload_response

blp = Blueprint("credentials", __name__, description="Credentials of a meeting's voting members")

_ONE = "/events/<int:event_id>/credentials/<int:credential_id>"


def _credential(event_id: int, credential_id: int) -> Credential:
    get_or_404(Event, event_id, "event")
    credential = queries.credential_of(event_id, credential_id)
    if credential is None:
        raise NotFound(
            _(
                "credentials %(id)s of event %(event)s do not exist",
                id=credential_id,
                event=event_id,
            )
        )
    return credential


def _organiser_id() -> int | None:
    principal = g.get("api_user")
    return principal.user_id if principal is not None else None


@blp.get("/events/<int:event_id>/credentials")
@blp.arguments(PageArgs, location="query")
@blp.response(200, MemberCredentialsPage)
def list_credentials(args, event_id: int):
    """Every member with a vote at the meeting, by name, with its credentials (null until it
    designates a delegate) and their state. Whether a letter is in, never the letter."""
    entries = queries.entries(get_or_404(Event, event_id, "event"))
    start = (args["page"] - 1) * args["per_page"]
    return {"items": entries[start : start + args["per_page"]], "total": len(entries)}


@blp.post("/events/<int:event_id>/credentials")
@blp.arguments(CredentialSchema)
@blp.response(201, CredentialSchema)
def designate(data, event_id: int):
    """Designate a voting member's delegate (and alternate): their roles become voting
    delegate and alternate. A member has one set of credentials per meeting (409)."""
    event = get_or_404(Event, event_id, "event")
    credential = service.designate(
        event, data["organisation_id"], data["delegate_id"], data.get("alternate_id")
    )
    db.session.commit()
    return credential


@blp.patch(_ONE)
@blp.arguments(CredentialSchema(partial=True, exclude=("organisation_id",)))
@blp.response(200, CredentialSchema)
def change(changes, event_id: int, credential_id: int):
    """Another delegate or alternate (``"alternate_id": null`` for none). A new delegate
    starts over: no letter, no decision."""
    credential = service.change(_credential(event_id, credential_id), changes)
    db.session.commit()
    return credential


@blp.post(f"{_ONE}/letter")
@takes_upload
@blp.arguments(LetterSchema, location="files")
@blp.response(200, CredentialSchema)
@blp.alt_response(413, description="the file (or the whole body) is larger than allowed")
def upload_letter(files, event_id: int, credential_id: int):
    """Upload the Delegation of Authority letter: a PDF, JPEG or PNG (checked by its
    content, not its name), within the size limit. Rejected credentials go back to the
    committee."""
    credential = _credential(event_id, credential_id)
    letter = files["letter"]
    service.upload_letter(credential, letter.read(), letter.filename, _organiser_id())
    db.session.commit()
    return credential


@blp.get(f"{_ONE}/letter")
@carries_secrets
@blp.doc(
    responses={
        "200": {
            "description": "the letter as uploaded, as a download (organisers only)",
            "content": {
                kind.content_type: {"schema": {"type": "string", "format": "binary"}}
                for kind in LETTERS
            },
        }
    }
)
def letter(event_id: int, credential_id: int):
    """The Delegation of Authority letter, for the credentials committee: organisers only,
    always as an attachment, never cached."""
    credential = _credential(event_id, credential_id)
    if credential.letter is None:
        raise NotFound(_("no letter has been uploaded for these credentials"))
    return upload_response(credential.letter)


@blp.post(f"{_ONE}/decision")
@blp.arguments(DecisionSchema)
@blp.response(200, CredentialSchema)
def decide(data, event_id: int, credential_id: int):
    """Approve (the letter is in, or none is needed), or reject with a reason, which the
    delegate receives by e-mail in their language."""
    credential = service.decide(
        _credential(event_id, credential_id), data["decision"], data.get("reason"), _organiser_id()
    )
    db.session.commit()
    return credential
