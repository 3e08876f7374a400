"""/api/v1 endpoints of proxies."""

from __future__ import annotations

from planner.api import Blueprint
from planner.api.fields import PageArgs, paginate
from planner.db import get_or_404
from planner.events.models import Event
from planner.extensions import db
from planner.governance.proxies import service
from planner.governance.proxies.schemas import ProxyPage, ProxyRequestSchema, ProxySchema

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
