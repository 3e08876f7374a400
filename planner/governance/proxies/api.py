"""/api/v1 endpoints of proxies."""

from __future__ import annotations

from flask_babel import gettext as _

from planner.api import Blueprint, acting_user_id, carries_secrets
from planner.api.fields import PageArgs, paginate
from planner.db import get_or_404
from planner.errors import NotFound
from planner.events.models import Event
from planner.extensions import db
from planner.governance.proxies import service
from planner.governance.proxies.schemas import (
    MandateLetterSchema,
    ProxyPage,
    ProxyRequestSchema,
    ProxySchema,
)
from planner.uploads.service import LETTERS
from planner.uploads.views import takes_upload, upload_response

blp = Blueprint("proxies", __name__, description="Proxies between voting members")


@blp.get("/events/<int:event_id>/proxies")
@blp.arguments(PageArgs, location="query")
@blp.response(200, ProxyPage)
def list_proxies(args, event_id: int):
    """The meeting's proxies, standing ones first."""
    event = get_or_404(Event, event_id, "event")
    return paginate(service.proxies_in_order(event), args["page"], args["per_page"])


@blp.post("/events/<int:event_id>/proxies")
@blp.arguments(ProxyRequestSchema)
@blp.response(201, ProxySchema)
@blp.alt_response(409, description="the giver's proxy stands already, or the roll is frozen")
def give_proxy(data, event_id: int):
    """A voting member mandates another voting member of the body to vote for it. Refused
    (422, naming the field): a member without a vote, itself, a chain (a holder that gave its
    own proxy, a giver that holds others'), a holder at the body's cap."""
    event = get_or_404(Event, event_id, "event")
    proxy = service.give(event, data["giver_id"], data["holder_id"])
    db.session.commit()
    return proxy


@blp.get("/events/<int:event_id>/proxies/<int:proxy_id>")
@blp.response(200, ProxySchema)
def get_proxy(event_id: int, proxy_id: int):
    return service.proxy_of(get_or_404(Event, event_id, "event"), proxy_id)


@blp.post("/events/<int:event_id>/proxies/<int:proxy_id>/revoke")
@blp.response(200, ProxySchema)
@blp.alt_response(409, description="revoked already, or the roll is frozen")
def revoke_proxy(event_id: int, proxy_id: int):
    """Withdraw a proxy; possible until the meeting's roll is frozen."""
    event = get_or_404(Event, event_id, "event")
    proxy = service.revoke(event, service.proxy_of(event, proxy_id))
    db.session.commit()
    return proxy


@blp.post("/events/<int:event_id>/proxies/<int:proxy_id>/letter")
@takes_upload
@blp.arguments(MandateLetterSchema, location="files")
@blp.response(200, ProxySchema)
@blp.alt_response(409, description="the proxy was revoked")
@blp.alt_response(413, description="the file (or the whole body) is larger than allowed")
def upload_mandate_letter(files, event_id: int, proxy_id: int):
    """Upload the giver's mandate letter: a PDF, JPEG or PNG (checked by its content, not its
    name), within the size limit; a new one replaces the last."""
    proxy = service.proxy_of(get_or_404(Event, event_id, "event"), proxy_id)
    letter = files["letter"]
    service.attach_letter(proxy, letter.read(), letter.filename, acting_user_id())
    db.session.commit()
    return proxy


@blp.get("/events/<int:event_id>/proxies/<int:proxy_id>/letter")
@carries_secrets
@blp.doc(
    responses={
        "200": {
            "description": "the mandate letter as uploaded, as a download (organisers only)",
            "content": {
                kind.content_type: {"schema": {"type": "string", "format": "binary"}}
                for kind in LETTERS
            },
        }
    }
)
def mandate_letter(event_id: int, proxy_id: int):
    """The mandate letter: organisers only, always as an attachment, never cached."""
    proxy = service.proxy_of(get_or_404(Event, event_id, "event"), proxy_id)
    if proxy.letter is None:
        raise NotFound(_("no letter has been uploaded for this proxy"))
    return upload_response(proxy.letter)
